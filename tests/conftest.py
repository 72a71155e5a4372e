import shutil
import tempfile
from pathlib import Path

import pytest
from django.test import override_settings

from tests import factories
from tests import stripe_helpers as sh
from tests.servers import localstripe_server


@pytest.fixture(scope="session", autouse=True)
def isolated_files():
    """Uploads of a test run live in a temporary folder, and passwords are
    hashed quickly."""
    from django.conf import settings

    root = tempfile.mkdtemp(prefix="pasardesa-test-")
    storages = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": f"{root}/private"},
        },
        # No collectstatic before tests: serve static files straight from apps.
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Django's default hasher takes about half a second per password on
    # purpose; tests create and sign in hundreds of users.
    fast_hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(
        MEDIA_ROOT=f"{root}/media", STORAGES=storages, PASSWORD_HASHERS=fast_hashers
    ):
        yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request's language (set
    by ShopLanguageMiddleware) must not leak into the next test."""
    from django.utils import translation

    translation.activate("id")
    yield
    translation.deactivate()


@pytest.fixture
def english():
    """Messages as the code writes them, for tests of a service's wording;
    that every one has its Indonesian is tests/test_translations.py's job."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def portal(db):
    """The regional portal: the default site at localhost."""
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).delete()
    return factories.make_shop("localhost", "Pasar Desa", is_default=True)


@pytest.fixture
def ibun(db, portal):
    """Ibun Store at ibun.localhost."""
    return factories.make_shop(
        "ibun.localhost", "Ibun Store", district=factories.DistrictFactory(name="Ibun")
    )


@pytest.fixture
def other_shop(db, portal):
    return factories.make_shop(
        "pangalengan.localhost",
        "Toko Pangalengan",
        district=factories.DistrictFactory(name="Pangalengan"),
    )


@pytest.fixture
def ibun_client(client, ibun):
    """A test client whose requests go to Ibun Store."""
    client.defaults["HTTP_HOST"] = "ibun.localhost"
    return client


@pytest.fixture(scope="session")
def localstripe():
    """A localstripe server (a fake, stateful Stripe API) for the session;
    see tests/servers.py."""
    with localstripe_server() as server:
        yield server


@pytest.fixture
def stripe_server(localstripe, settings):
    """The shop's Stripe settings pointed at a clean localstripe."""
    localstripe.flush()
    settings.STRIPE_SECRET_KEY = localstripe.secret_key
    settings.STRIPE_PUBLISHABLE_KEY = localstripe.publishable_key
    settings.STRIPE_API_BASE = localstripe.url
    settings.STRIPE_JS_URL = localstripe.js_url
    settings.STRIPE_WEBHOOK_SECRET = sh.WEBHOOK_SECRET
    return localstripe


# Directories that run only in a session of their own: tests/postgres makes
# the whole session's database PostgreSQL; tests/production starts the
# production stack (several servers) once for its session.
OWN_SESSIONS = [Path(__file__).parent / "postgres", Path(__file__).parent / "production"]


def _own_session_of(path):
    path = path.resolve()
    return next((own for own in OWN_SESSIONS if path == own or own in path.parents), None)


def pytest_ignore_collect(collection_path, config):
    """A run that asks for more than one such directory (`pytest`, `pytest
    tests`) leaves it out: `pytest tests/postgres` runs it."""
    if collection_path not in OWN_SESSIONS:
        return None
    asked = (config.invocation_params.dir / arg.split("::")[0] for arg in config.args)
    return None if all(_own_session_of(path) == collection_path for path in asked) else True


def pytest_collection_modifyitems(config, items):
    """Named explicitly next to other tests, such a directory is collected
    all the same: refuse the mixed session."""
    sessions = {_own_session_of(item.path) for item in items}
    if len(sessions) > 1:
        names = " or ".join(f"`pytest tests/{own.name}`" for own in sessions if own)
        raise pytest.UsageError(f"{names} runs in a session of its own")
