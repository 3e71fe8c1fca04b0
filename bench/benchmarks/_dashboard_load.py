"""gunicorn on 127.0.0.1 and the load on it, for the `dashboard` benchmark.

No Django here: this runs in the parent process, a second process beside the server.
The server time of each request is gunicorn's own `%(D)s` (microseconds from the parsed
request to the written response, in the worker), read from its access log, matched to
the case by a request header (`X-Bench-Case`) that the log format prints; the clients'
round trip (connect, queueing in the listen backlog, transfer) is kept as well.
"""

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from ._common import REPO_ROOT

CASE_HEADER = "X-Bench-Case"
# method, path+query, status, microseconds, bytes, case
LOG_FORMAT = '%(m)s %(U)s?%(q)s %(s)s %(D)s %(B)s "%({x-bench-case}i)s"'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`gunicorn pmo.wsgi` with `workers` sync workers, the database of `env`, DEBUG off."""

    def __init__(self, env: dict, workers: int, log_dir: Path):
        self.port = free_port()
        self.access_log = log_dir / f"dashboard-access-{self.port}.log"
        self.error_log = log_dir / f"dashboard-error-{self.port}.log"
        self.access_log.unlink(missing_ok=True)
        self.env = {**env, "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "pmo.settings"}
        self.command = [
            sys.executable,
            "-m",
            "gunicorn",
            "pmo.wsgi:application",
            *("-w", str(workers), "-b", f"127.0.0.1:{self.port}"),
            *("--access-logfile", str(self.access_log), "--access-logformat", LOG_FORMAT),
            *("--error-logfile", str(self.error_log), "--timeout", "120"),
            *("--backlog", "2048"),
        ]
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen(self.command, env=self.env, cwd=REPO_ROOT)
        return self

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # the arbiter stops its workers gracefully
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def wait_ready(self, path: str, headers: dict, timeout: float = 90) -> int:
        """Poll until `path` answers (any status); return that status."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise SystemExit(
                    f"gunicorn exited with {self.process.returncode}; see {self.error_log}"
                )
            with contextlib.suppress(OSError, http.client.HTTPException):
                status, _body, _ms = get(self.port, path, headers, "ready")
                return status
            time.sleep(0.5)
        raise SystemExit(f"gunicorn did not answer on port {self.port} within {timeout:.0f} s")

    def server_times(self) -> dict[str, list[tuple[int, float]]]:
        """case → [(status, server ms)] from the access log, in order."""
        found: dict[str, list[tuple[int, float]]] = {}
        for line in self.access_log.read_text().splitlines():
            parts = line.rsplit(" ", 4)
            if len(parts) != 5:
                continue
            _request, status, micros, _bytes, case = parts
            found.setdefault(case.strip('"'), []).append((int(status), int(micros) / 1000))
        return found


def get(port: int, path: str, headers: dict, case: str) -> tuple[int, bytes, float]:
    """One GET on a new connection (gunicorn's sync workers close each one)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={**headers, CASE_HEADER: case})
        response = connection.getresponse()
        body = response.read()
        return response.status, body, (time.perf_counter() - started) * 1000
    finally:
        connection.close()


def load(
    port: int,
    targets: list[tuple[str, str, dict]],
    *,
    clients: int,
    seconds: float,
    max_requests: int,
) -> dict:
    """`clients` threads, each sending the targets (case, path, headers) in turn, each
    starting at its own offset, until `seconds` have passed or `max_requests` are sent.
    Returns per case the clients' samples [(status, round-trip ms)] and the errors."""
    lock = threading.Lock()
    sent = [0]
    samples: dict[str, list[tuple[int, float]]] = {case: [] for case, _p, _h in targets}
    errors: list[str] = []
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        turn = offset
        while time.monotonic() < deadline:
            with lock:
                if sent[0] >= max_requests:
                    return
                sent[0] += 1
            case, path, headers = targets[turn % len(targets)]
            turn += 1
            try:
                status, _body, ms = get(port, path, headers, case)
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    errors.append(f"{case}: {type(error).__name__}: {error}")
                continue
            with lock:
                samples[case].append((status, ms))
                if status != 200:
                    errors.append(f"{case}: HTTP {status}")

    started, cpu = time.perf_counter(), time.process_time()
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    return {
        "wall_s": round(time.perf_counter() - started, 2),
        # The load process's own CPU: what it takes from the two cores the server has.
        "client_cpu_s": round(time.process_time() - cpu, 2),
        "sent": sent[0],
        "samples": samples,
        "errors": errors,
    }


def load_1m() -> float:
    return round(os.getloadavg()[0], 2)
