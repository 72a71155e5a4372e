"""Throwaway servers that tests start themselves: PostgreSQL and localstripe.

Nothing is expected to be running or configured on the machine beforehand:
each server gets a fresh temporary directory and a free port on 127.0.0.1
(never all interfaces), and is stopped, its directory removed, when the
`with` block ends, even if the block raised.
"""

import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"

# Plain urllib, but never through a proxy from the environment
# (http_proxy, ...): the servers are on this machine's loopback.
_http = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now.

    The kernel picks it; it is released again at once for the server to
    take, so another process could in theory grab it in between.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _tail(text, lines=30):
    return "\n".join(text.splitlines()[-lines:])


# PostgreSQL ------------------------------------------------------------------


@dataclass(frozen=True)
class PostgreSQLServer:
    host: str
    port: int
    user: str

    def url(self, dbname="postgres"):
        """A postgres:// URL for dj_database_url or psycopg (trust auth: no
        password)."""
        return f"postgres://{self.user}@{self.host}:{self.port}/{dbname}"


def postgresql_bindir():
    """The directory holding initdb and pg_ctl.

    PATH first; Debian's postgresql package does not put them there but in
    /usr/lib/postgresql/<major>/bin/, so else the newest of those.
    """
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl and shutil.which("initdb"):
        # pg_ctl finds the `postgres` binary next to its real self.
        return Path(os.path.realpath(pg_ctl)).parent
    majors = [
        path.parent
        for path in Path("/usr/lib/postgresql").glob("*/bin/initdb")
        if re.fullmatch(r"\d+(\.\d+)?", path.parent.parent.name)
    ]
    if not majors:
        raise RuntimeError(
            "PostgreSQL is not installed: no initdb on PATH nor in "
            "/usr/lib/postgresql/*/bin/ (`make system-test-deps` installs it)"
        )
    return max(majors, key=lambda bindir: float(bindir.parent.name))


def _postgres_account():
    """Keyword arguments for subprocess to run PostgreSQL's programs as.

    initdb, pg_ctl and postgres refuse to run as root (CI runs as root), so
    then they run as the `postgres` system user that Debian's postgresql
    package creates. Otherwise they run as the current user.
    """
    if os.geteuid() != 0:
        return {}
    try:
        account = pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError(
            "Running as root, but PostgreSQL refuses to run as root and there "
            "is no `postgres` system user to run it as. Install Debian's "
            "postgresql package (`make system-test-deps`), which creates it, "
            "or run the tests as an ordinary user."
        ) from None
    # extra_groups=[]: drop root's supplementary groups too.
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


@contextmanager
def postgresql_server():
    """A PostgreSQL server of its own, for the `with` block.

    A fresh cluster (initdb) in a temporary directory, listening on
    127.0.0.1 at a free port and on a unix socket inside that directory
    only. Tuned for throwaway speed: no fsync, no durability. Superuser
    `postgres`, trust authentication.
    """
    bindir = postgresql_bindir()
    account = _postgres_account()
    root = Path(tempfile.mkdtemp(prefix="pasardesa-postgresql-"))
    data = root / "data"
    log = root / "server.log"
    port = free_port()
    # The programs' own locale comes from the environment; a LANG naming
    # a locale that isn't installed only makes noise.
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    for name in list(env):
        if name.startswith("PG"):  # PGDATA, PGPORT, ... of the caller
            del env[name]

    def run(*args):
        return subprocess.run(
            [str(bindir / args[0]), *args[1:]],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            **account,
        )

    started = False
    try:
        if account:
            os.chown(root, account["user"], account["group"])
        done = run(
            "initdb",
            f"--pgdata={data}",
            "--username=postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        )
        if done.returncode:
            raise RuntimeError(f"initdb failed:\n{_tail(done.stdout + done.stderr)}")
        with open(data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\n# Throwaway server for tests ({__name__}).\n"
                f"listen_addresses = '{HOST}'\n"
                f"port = {port}\n"
                f"unix_socket_directories = '{root}'\n"
                "max_connections = 200\n"
                "fsync = off\n"
                "synchronous_commit = off\n"
                "full_page_writes = off\n"
            )
        done = run("pg_ctl", "start", "--wait", "--timeout=60", f"--pgdata={data}", f"--log={log}")
        started = done.returncode == 0
        if not started:
            server_log = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(
                f"PostgreSQL did not start on {HOST}:{port}:\n"
                f"{_tail(done.stdout + done.stderr)}\n--- server log ---\n{_tail(server_log)}"
            )
        yield PostgreSQLServer(host=HOST, port=port, user="postgres")
    finally:
        if started or (data / "postmaster.pid").exists():
            run("pg_ctl", "stop", "--wait", "--mode=immediate", f"--pgdata={data}")
        shutil.rmtree(root, ignore_errors=True)


# localstripe -----------------------------------------------------------------

LOCALSTRIPE_RUNNER = Path(__file__).with_name("localstripe_server.py")


@dataclass(frozen=True)
class LocalstripeServer:
    url: str
    log_path: Path
    # localstripe accepts any secret key starting with sk_ and longer than
    # 5 characters, and publishable keys starting with pk_.
    secret_key: str = "sk_test_pasardesa_localstripe"
    publishable_key: str = "pk_test_pasardesa_localstripe"

    @property
    def js_url(self):
        """localstripe's fake Stripe.js, to load instead of js.stripe.com."""
        return f"{self.url}/js.stripe.com/v3/"

    def register_webhook(self, url, secret, events=None, *, webhook_id="pasardesa"):
        """Have localstripe POST its events to `url`, signed with `secret`.

        `events`: the event types to send (e.g. ["payment_intent.succeeded"]),
        None for all, [] for none. Registering again under the same
        `webhook_id` replaces that webhook; flush() does not remove it.
        localstripe sends each event about a second after it happens.
        """
        body = {"url": url, "secret": secret, "events": events}
        self._request("POST", f"/_config/webhooks/{webhook_id}", body)

    def flush(self):
        """Forget every Stripe object (customers, payment intents, ...)."""
        self._request("DELETE", "/_config/data")

    def log(self):
        """What the server printed so far, e.g. its webhook deliveries."""
        return self.log_path.read_text(errors="replace")

    def _request(self, method, path, body=None):
        request = urllib.request.Request(f"{self.url}{path}", method=method)
        if body is not None:
            request.data = json.dumps(body).encode()
            request.add_header("Content-Type", "application/json")
        with _http.open(request, timeout=10) as response:
            return response.read()


@contextmanager
def localstripe_server(timeout=15):
    """localstripe, a fake stateful Stripe API, for the `with` block.

    Run through tests/localstripe_server.py rather than localstripe's own
    command, which listens on all interfaces and pickles its objects to
    /tmp/localstripe.pickle (shared by every run on the machine).
    """
    root = Path(tempfile.mkdtemp(prefix="pasardesa-localstripe-"))
    port = free_port()
    server = LocalstripeServer(url=f"http://{HOST}:{port}", log_path=root / "server.log")
    try:
        with open(server.log_path, "w") as log:
            process = subprocess.Popen(
                [sys.executable, str(LOCALSTRIPE_RUNNER), "--port", str(port)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            _wait_until_answering(process, server, timeout)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _wait_until_answering(process, server, timeout):
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"localstripe exited with status {process.returncode}:\n{_tail(server.log())}"
            )
        try:
            with _http.open(server.js_url, timeout=1):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"localstripe did not answer at {server.url} within {timeout} s:\n"
                f"{_tail(server.log())}"
            )
        time.sleep(0.05)
