"""This session's database is PostgreSQL, on a server the session starts.

Run as a session of its own: `pytest tests/postgres` (tests/conftest.py
leaves this directory out of any other run). Django's settings say SQLite;
just before pytest-django creates the test database, the default database
is pointed at a throwaway PostgreSQL server (tests/servers.py), so the
migrations run on PostgreSQL too. With pytest-xdist, each worker starts a
server of its own.
"""

import dj_database_url
import pytest

from tests.servers import postgresql_server


def use_databases(databases):
    """Make `databases` Django's DATABASES, for settings and connections.

    Assigning settings.DATABASES alone would leave django.db.connections on
    SQLite: it keeps a connection object per alias and thread, and reads
    settings.DATABASES once, keeping the dict both in its `settings` cached
    property and in `_settings`, which that property is made from (and
    made from again if only the property is cleared). Forget all three.
    """
    from django.conf import settings
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
        del connections[connection.alias]
    settings.DATABASES = databases
    connections._settings = None
    connections.__dict__.pop("settings", None)


@pytest.fixture(scope="session")
def django_db_modify_db_settings():
    """Overrides pytest-django's fixture of that name, which django_db_setup
    uses before it creates the test databases."""
    from django.conf import settings
    from django.db import connections

    sqlite = settings.DATABASES
    with postgresql_server() as server:
        use_databases({"default": dj_database_url.parse(server.url("pasardesa"))})
        yield
        # django_db_setup has dropped the test database by now; connections
        # left open (e.g. another thread's) would hold the server up.
        connections.close_all()
    use_databases(sqlite)
