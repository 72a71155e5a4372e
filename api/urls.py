from django.urls import path, re_path

from api.errors import not_found_view
from api.main import api

urlpatterns = [
    path("v1/", api.urls),
    # Anything else under /api/ answers in the API's error format, not with
    # the shop's HTML 404 page.
    re_path(r"^(?P<path>.*)$", not_found_view),
]
