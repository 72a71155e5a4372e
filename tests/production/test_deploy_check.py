"""`manage.py check --deploy` has nothing to say about the production
settings, and the embedded defaults stay as they were."""

import os
import subprocess
import sys
from pathlib import Path

from tests.production.stack import ROOT, production_env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def embedded_env():
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "AWS_", "REDIS_", "DATABASE_URL"))
    }


def test_check_deploy_prints_no_warnings_with_production_settings(tmp_path):
    # Nothing needs to run for the check: the URLs only have to be there.
    env = production_env(
        Path(tmp_path),
        database_url="postgres://pasardesa@127.0.0.1:1/pasardesa",
        redis_url="redis://127.0.0.1:1/0",
        s3_url="http://127.0.0.1:1",
    )
    done = manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout
    assert "WARNINGS" not in done.stdout + done.stderr


def test_the_embedded_defaults_are_not_production_ready():
    """Without the variables, check --deploy still names what is missing:
    the defaults are for a laptop, not the internet."""
    done = manage(embedded_env(), "check", "--deploy")

    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stdout + done.stderr


def test_https_without_a_secret_key_refuses_to_start():
    env = {**embedded_env(), "DJANGO_HTTPS": "true"}
    done = manage(env, "check")

    assert done.returncode != 0
    assert "set DJANGO_SECRET_KEY" in done.stderr
