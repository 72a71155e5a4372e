"""Who is calling: an API token, the browser's session, or nobody.

A token is sent as ``Authorization: Bearer pd_…``. A token that is sent but
unknown, expired or revoked is refused (401) even where anonymous calls are
allowed: an app must learn its token stopped working, not silently act as
nobody. A read-only token is refused (403) on anything that changes data.
The session works for pages on the same site; its writes need the CSRF
token.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from api import tokens
from api.errors import ApiError

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    openapi_description = "An API token made on the account page: Bearer pd_…"

    def authenticate(self, request, key):
        token = tokens.find(key)
        if token is None:
            raise AuthenticationError()
        if request.method not in SAFE_METHODS and not token.may_write:
            raise ApiError(
                403,
                "read_only_token",
                _("This token may only read. Make a token that may change things."),
            )
        request.user = token.user
        request.api_token = token
        return token


class SessionAuth(APIKeyCookie):
    """The browser's signed-in session. Ninja's own SessionAuth checks CSRF
    before knowing whether anyone is signed in, which would refuse every
    anonymous write; here only a signed-in session's writes need the CSRF
    token (an anonymous caller's basket is named by its token, which another
    site cannot send)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        super().__init__(csrf=False)

    def authenticate(self, request, key):
        if not request.user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request):
            raise HttpError(403, "CSRF check failed")
        return request.user


class Anonymous:
    """The caller of an endpoint that anyone may use, signed in or not
    (truthy, as Ninja needs of a successful authentication)."""

    def __str__(self):
        return "anonymous"


def anonymous(request):
    return Anonymous()


token_auth = TokenAuth()
session_auth = SessionAuth()

#: Endpoints for signed-in users (producers, facilitators, shoppers' own data).
SIGNED_IN = [token_auth, session_auth]
#: Endpoints anyone may call, recognising a signed-in caller when there is one.
ANYONE = [token_auth, session_auth, anonymous]
