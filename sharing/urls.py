"""Public sharing URLs, mounted at the root of every shop host. Every one
is listed in tests/test_sharing_access.py."""

from django.urls import re_path

from sharing import views

app_name = "sharing"

# Codes are base 62 (sharing.codes); a trailing slash someone added when
# copying a short link by hand still works.
CODE = r"(?P<code>[0-9A-Za-z]{1,64})"

urlpatterns = [
    re_path(rf"^s/{CODE}/?$", views.follow, name="link"),
    re_path(rf"^bagikan/{CODE}/$", views.share, name="share"),
    re_path(rf"^bagikan/{CODE}/salin/$", views.copy, name="copy"),
]
