"""What API tests share: a JSON client on Ibun Store and tokens."""

import pytest

from api import tokens
from api.models import ApiToken


@pytest.fixture
def bearer():
    """bearer(user, scope="write") -> headers that authenticate as ``user``."""

    def make(user, scope=ApiToken.WRITE, days=30):
        _token, secret = tokens.issue(user, name="test", scope=scope, days=days)
        return {"Authorization": f"Bearer {secret}"}

    return make


@pytest.fixture
def api_client(ibun_client):
    """Django's test client on ibun.localhost; send JSON with
    ``content_type="application/json"`` and auth with ``headers=bearer(user)``."""
    return ibun_client
