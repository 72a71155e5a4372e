"""The production stack for this session: `pytest tests/production`.

One PostgreSQL, one Redis, one S3-compatible server (moto) and two gunicorn
app servers with the production settings (tests/production/stack.py),
started once for the session and stopped after it, pass or fail. These
tests speak HTTP to the app servers and run manage.py in subprocesses; they
use no test database of pytest-django's.
"""

import logging
import time

import pytest

from tests.production.stack import production_stack


@pytest.fixture(scope="session")
def stack():
    # moto's server logs every request it answers.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    started = time.monotonic()
    with production_stack(app_servers=2) as running:
        running.started_in = time.monotonic() - started
        yield running
