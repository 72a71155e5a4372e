"""The production stack on loopback: PostgreSQL, Redis, an S3-compatible
server (moto) and N gunicorn app servers sharing them.

Used by the two-server test (tests/production) and by `make prod-local`
(`python -m tests.production.stack`). Every server gets a temporary
directory and a free port on 127.0.0.1, and is stopped when the `with`
block ends, even if it raised. No Docker: Debian's postgresql and
redis-server packages (`make system-test-deps`) and Python packages only.
"""

import json
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from tests.production.client import raw_get
from tests.servers import HOST, _tail, free_port, postgresql_server

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BUCKET = "pasardesa-media"
PRIVATE_BUCKET = "pasardesa-private"
S3_KEY, S3_SECRET = "pasardesa-test", "pasardesa-test-secret"


def _wait(check, what, process, log, timeout):
    deadline = time.monotonic() + timeout
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{_tail(log())}")
        if check():
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer within {timeout} s:\n{_tail(log())}")
        time.sleep(0.1)


def _stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def redis_server(timeout=15):
    """redis-server on a free loopback port, data in a temporary directory,
    nothing saved to disk."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed (`make system-test-deps` installs it)")
    root = Path(tempfile.mkdtemp(prefix="pasardesa-redis-"))
    port = free_port()
    log_path = root / "server.log"
    args = [binary, "--bind", HOST, "--port", str(port), "--dir", str(root)]
    args += ["--save", "", "--appendonly", "no", "--protected-mode", "yes"]
    try:
        with open(log_path, "w") as log:
            process = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
            )

        def answers():
            try:
                with socket.create_connection((HOST, port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    return sock.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        try:
            _wait(answers, "redis-server", process, lambda: log_path.read_text(), timeout)
            yield f"redis://{HOST}:{port}/0"
        finally:
            _stop(process)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def s3_server():
    """moto's S3 in a thread of this process, with the media bucket and the
    private receipts bucket."""
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address=HOST, port=free_port(), verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        url = f"http://{host}:{port}"
        client = boto3.client(
            "s3",
            endpoint_url=url,
            aws_access_key_id=S3_KEY,
            aws_secret_access_key=S3_SECRET,
            region_name="us-east-1",
        )
        for bucket in (BUCKET, PRIVATE_BUCKET):
            client.create_bucket(Bucket=bucket)
        yield url
    finally:
        server.stop()


@dataclass
class Stack:
    root: Path
    env: dict
    s3_url: str
    app_urls: list = field(default_factory=list)

    def manage(self, *args, timeout=600, check=True):
        """`manage.py <args>` with the production environment."""
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{_tail(done.stderr, 60)}")
        return done

    def shell(self, code):
        """Run `code` in `manage.py shell`; its last printed line, parsed as JSON."""
        done = self.manage("shell", "-c", code)
        return json.loads(done.stdout.strip().splitlines()[-1])

    def emails(self):
        """What the file email backend wrote so far (one file per connection)."""
        folder = Path(self.env["EMAIL_FILE_PATH"])
        return [path.read_text(errors="replace") for path in sorted(folder.glob("*.log"))]


def production_env(
    root, *, database_url, redis_url, s3_url, https=True, settings_module="storefront.settings"
):
    """The environment of an app server: every production setting on, each
    pointing at this stack's servers. `https`: the app sits behind a TLS
    proxy (the test sends X-Forwarded-Proto as nginx would)."""
    hosts = "localhost,.localhost,127.0.0.1"
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "AWS_", "PG", "REDIS_", "SQLITE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=hosts,
        DJANGO_CSRF_TRUSTED_ORIGINS="https://*.localhost,https://localhost,http://*.localhost,"
        "http://localhost",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        REDIS_KEY_PREFIX=f"pasardesa-{root.name}",
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_PRIVATE_STORAGE_BUCKET_NAME=PRIVATE_BUCKET,
        AWS_S3_ENDPOINT_URL=s3_url,
        AWS_ACCESS_KEY_ID=S3_KEY,
        AWS_SECRET_ACCESS_KEY=S3_SECRET,
        AWS_S3_REGION_NAME="us-east-1",
        # moto, like a bucket with ACLs enabled: photos readable by anyone.
        AWS_DEFAULT_ACL="public-read",
        STATIC_ROOT=str(root / "static"),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(root / "mail"),
        PYTHONUNBUFFERED="1",
    )
    if https:
        env["DJANGO_HTTPS"] = "true"
    return env


@contextmanager
def gunicorn_server(env, log_path, workers=1, timeout=60):
    """One app server: gunicorn with gunicorn.conf.py on a free port."""
    port = free_port()
    server_env = {**env, "GUNICORN_BIND": f"{HOST}:{port}", "WEB_CONCURRENCY": str(workers)}
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=server_env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://{HOST}:{port}"

    def answers():
        try:
            # /robots.txt: cheap, and any answer at all (even the redirect to
            # https) shows a worker is serving.
            raw_get(f"{url}/robots.txt", timeout=2)
            return True
        except OSError:
            return False

    try:
        _wait(answers, f"gunicorn on {url}", process, lambda: log_path.read_text(), timeout)
        yield url
    finally:
        _stop(process)


def _create_database(server, name):
    with psycopg.connect(server.url("postgres"), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')


@contextmanager
def production_stack(
    app_servers=2,
    *,
    https=True,
    seed=True,
    workers=1,
    settings_module="storefront.settings",
    more_data=(),
):
    """The whole stack, migrated and seeded with the demo, `app_servers`
    gunicorns serving it. `more_data`: further `manage.py` commands (each a
    tuple of arguments) run before the servers start (bench/load.py)."""
    with ExitStack() as stack:
        root = Path(tempfile.mkdtemp(prefix="pasardesa-production-"))
        stack.callback(shutil.rmtree, root, ignore_errors=True)
        (root / "mail").mkdir()
        postgres = stack.enter_context(postgresql_server())
        _create_database(postgres, "pasardesa")
        redis_url = stack.enter_context(redis_server())
        s3_url = stack.enter_context(s3_server())
        env = production_env(
            root,
            database_url=postgres.url("pasardesa"),
            redis_url=redis_url,
            s3_url=s3_url,
            https=https,
            settings_module=settings_module,
        )
        result = Stack(root=root, env=env, s3_url=s3_url)
        result.manage("migrate", "--noinput", "-v0")
        if seed:
            result.manage("seed_demo")
        for command in more_data:
            result.manage(*command, timeout=1800)
        result.manage("collectstatic", "--noinput", "-v0")
        for number in range(app_servers):
            url = stack.enter_context(
                gunicorn_server(env, root / f"gunicorn-{number}.log", workers=workers)
            )
            result.app_urls.append(url)
        yield result


def main():
    """`make prod-local`: the stack with two app servers until Ctrl-C.

    Plain http on loopback with no TLS proxy in front, so DJANGO_HTTPS is
    off here (secure-only cookies would never come back over http);
    everything else is as in production.
    """
    # A terminal closed or a `kill`: stop the servers as Ctrl-C does
    # (SystemExit unwinds the `with` blocks; the default would not).
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, lambda *args: sys.exit(0))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started in background
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto logs every request
    started = time.monotonic()
    print("Starting PostgreSQL, Redis, S3 (moto) and two gunicorn servers...", flush=True)
    with production_stack(2, https=False, workers=2) as stack:
        worker_log = open(stack.root / "rqworker.log", "w")
        worker = subprocess.Popen(
            [PYTHON, "manage.py", "rqworker", "default", "--with-scheduler"],
            cwd=ROOT,
            env=stack.env,
            stdin=subprocess.DEVNULL,
            stdout=worker_log,
            stderr=subprocess.STDOUT,
        )
        try:
            print(f"\nReady in {time.monotonic() - started:.0f} s.")
            print(f"  DATABASE_URL={stack.env['DATABASE_URL']}")
            print(f"  REDIS_URL={stack.env['REDIS_URL']}")
            print(f"  S3 (moto):   {stack.s3_url}/{BUCKET}/")
            for number, url in enumerate(stack.app_urls, 1):
                port = url.rsplit(":", 1)[1]
                print(
                    f"  App server {number}: http://ibun.localhost:{port}/  "
                    f"(portal: http://ibun.localhost:{port}/jual/, "
                    f"CMS: http://localhost:{port}/cms/)"
                )
            print("  Logins as in `make run` (produsen / pasardesa-produsen, ...).")
            print(f"  RQ worker running; logs in {stack.root}")
            print("Press Ctrl-C to stop everything.", flush=True)
            while worker.poll() is None:
                time.sleep(1)
            print("The RQ worker stopped: see rqworker.log. Stopping everything.")
        except KeyboardInterrupt:
            print("\nStopping...")
        finally:
            _stop(worker)
            worker_log.close()
    print("Stopped; temporary files removed.")


if __name__ == "__main__":
    main()
