"""Portal views: account."""

urlpatterns = []
