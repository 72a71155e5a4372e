"""Portal views: profile."""

urlpatterns = []
