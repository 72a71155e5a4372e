"""Portal views: orders."""

urlpatterns = []
