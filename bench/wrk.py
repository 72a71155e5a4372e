"""wrk, the load generator of bench/load.py, and what it measured.

Each run gets a small Lua script: the request (method, headers, body) and
a `done` hook that prints the figures as one line of JSON, so nothing is
parsed out of wrk's human-readable report.
"""

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SCRIPT = """
wrk.method = {method}
wrk.body = {body}
wrk.headers["Host"] = {host}
{headers}
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{{"requests": %d, "seconds": %.3f, "socket_errors": %d, "bad_status": %d, '
    .. '"p50": %.2f, "p95": %.2f, "p99": %.2f, "max": %.2f, "bytes": %d}}\\n',
    summary.requests, summary.duration / 1e6,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.bytes))
end
"""


@dataclass
class Result:
    requests: int
    seconds: float
    socket_errors: int
    bad_status: int
    p50: float  # milliseconds
    p95: float
    p99: float
    max: float
    bytes: int

    @property
    def rate(self):
        return self.requests / self.seconds

    @property
    def errors(self):
        return self.socket_errors + self.bad_status


def lua_string(text):
    return json.dumps(text)  # a JSON string is a valid Lua string literal here


def run(url, host, *, connections, seconds, method="GET", headers=None, body=None, threads=2):
    """Load `url` for `seconds` from `connections` connections."""
    binary = shutil.which("wrk")
    if binary is None:
        raise SystemExit("wrk is not installed (`make bench` installs it)")
    lines = "\n".join(
        f"wrk.headers[{lua_string(name)}] = {lua_string(value)}"
        for name, value in (headers or {}).items()
    )
    script = SCRIPT.format(
        method=lua_string(method),
        body=lua_string(body) if body else "nil",
        host=lua_string(host),
        headers=lines,
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    try:
        done = subprocess.run(
            [binary, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
            + ["-s", file.name, url],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        )
    finally:
        Path(file.name).unlink()
    if done.returncode:
        raise RuntimeError(f"wrk failed on {url}:\n{done.stderr}")
    return Result(**json.loads(done.stdout.strip().splitlines()[-1]))
