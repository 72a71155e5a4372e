"""The project on PostgreSQL: its migrations ran there, models work, and
concurrent connections see each other's committed rows."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections


@pytest.mark.django_db
def test_the_database_is_postgresql():
    assert connection.vendor == "postgresql"
    assert connection.settings_dict["ENGINE"] == "django.db.backends.postgresql"
    assert connection.settings_dict["HOST"] == "127.0.0.1"
    tables = connection.introspection.table_names()
    assert {"auth_user", "wagtailcore_page", "order_order"} <= set(tables)


@pytest.mark.django_db
def test_a_user_round_trips():
    User = get_user_model()
    User.objects.create_user(username="siti", email="siti@example.com", password="rahasia")

    siti = User.objects.get(username="siti")

    assert siti.email == "siti@example.com"
    assert siti.check_password("rahasia")


@pytest.mark.django_db(transaction=True)
def test_concurrent_connections_see_each_others_committed_rows():
    User = get_user_model()
    both_created = threading.Barrier(2, timeout=30)
    seen = {}
    backends = {}
    errors = []

    def shopper(username):
        try:
            User.objects.create_user(username=username)  # autocommit: committed
            backends[username] = connection.cursor().connection.info.backend_pid
            both_created.wait()
            seen[username] = set(User.objects.values_list("username", flat=True))
        except Exception as error:  # reported by the test below
            errors.append(error)
            both_created.abort()
        finally:
            # A thread's connection is its own; left open, it would keep
            # the test database from being dropped.
            connections.close_all()

    threads = [threading.Thread(target=shopper, args=(name,)) for name in ("ani", "budi")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert backends["ani"] != backends["budi"], "each thread has a connection of its own"
    assert seen == {"ani": {"ani", "budi"}, "budi": {"ani", "budi"}}
