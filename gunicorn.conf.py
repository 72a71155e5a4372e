"""gunicorn's settings for Pasar Desa: `gunicorn -c gunicorn.conf.py`.

Each app server is one gunicorn behind the reverse proxy (nginx), which
terminates HTTPS, serves nothing itself and sets X-Forwarded-Proto. State
lives in PostgreSQL, Redis and the bucket, so any number of these may run
side by side. Every value can be changed through the environment.
"""

import multiprocessing
import os

wsgi_app = "storefront.wsgi:application"

# Loopback by default: only the proxy on this machine talks to gunicorn.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Synchronous workers: pages are short database-bound requests; photo
# uploads are the slow ones, which is why the timeout allows a 12 MP photo
# on a slow core. WEB_CONCURRENCY is the usual name platforms set.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5

# The app is loaded once, before the workers fork: a worker starts in
# milliseconds instead of the seconds Django, Wagtail and Oscar take to
# import, and the workers share those pages of memory. Nothing opens a
# connection at import time (database, Redis and S3 connect on first use).
preload_app = True

# A worker that grew while resizing photos is replaced after a while; the
# jitter keeps the workers from restarting all at once. Not too often: a
# cached page takes a couple of milliseconds, so 2,000 requests went by in
# seconds under load (bench/load.py saw the restarts as stalls).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000

# Trust X-Forwarded-* only from the proxy's address.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Heartbeat files in memory, not on a possibly slow disk.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# gunicorn's runtime control socket (gunicornc) sits at one path per user
# by default, which a second gunicorn on the machine would take over: one
# per server when GUNICORN_CONTROL_SOCKET names it, else none.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
