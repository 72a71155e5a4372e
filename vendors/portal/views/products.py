"""Portal views: products."""

urlpatterns = []
