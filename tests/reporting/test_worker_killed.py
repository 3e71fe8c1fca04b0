"""A worker killed whole (main process and child, SIGKILL) in the middle of a rebuild:
the board keeps reading the last figures, and the recovery job has the snapshot built
by the next worker (issue 10, item 8). A real worker on Redis, in its own processes."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.utils import timezone

from pmo.actors import Actor
from pmo.queue import STUCK_AFTER, recover
from reporting.models import Scope, Snapshot, SnapshotBuild
from reporting.services import builds
from tests.support.broker import REDIS_URL, broker, require_redis
from tests.support.factories import PortfolioFactory, ProjectFactory

PERIOD = dt.date(2026, 12, 1)
ROOT = Path(__file__).resolve().parents[2]


def database_env() -> dict[str, str]:
    """The worker's settings for the test database this process uses."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return {"DATABASE_URL": "", "SQLITE_PATH": db["NAME"]}
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return {"DATABASE_URL": f"postgres://{db['USER']}@{host}/{db['NAME']}"}


def start_worker(tmp_path: Path, seconds: float) -> tuple[subprocess.Popen, Path]:
    started = tmp_path / f"started-{time.monotonic_ns()}"
    env = {
        **os.environ,
        **database_env(),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "SLOW_WORKER_STARTED": str(started),
        "SLOW_WORKER_SECONDS": str(seconds),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "pmo.settings",
    }
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "tests/support/slow_worker.py")],
        env=env,
        cwd=ROOT,
        start_new_session=True,  # its own process group: one kill takes main and child
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "worker.log", "ab"),  # noqa: SIM115
    )
    return worker, started


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds} s for {what}")


def kill_whole(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)


def status() -> str:
    return SnapshotBuild.objects.values_list("status", flat=True).latest("requested_at")


def current_count() -> int:
    return Snapshot.objects.values_list("project_count", flat=True).get(is_current=True)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_rebuild_killed_with_its_worker_is_recovered(tmp_path):
    require_redis()
    queue = redis.Redis.from_url(REDIS_URL)
    queue.flushdb()
    scope, _ = Scope.objects.get_or_create(
        kind=Scope.Kind.ORGANISATION, defaults={"name": "Organisatie"}
    )
    portfolio = PortfolioFactory()
    ProjectFactory.create_batch(3, portfolio=portfolio, planned_start=dt.date(2026, 1, 1))
    first = builds.build_request(scope=scope, period=PERIOD, actor=Actor.task())
    builds.snapshot_build(build_id=first.pk)
    ProjectFactory(portfolio=portfolio, planned_start=dt.date(2026, 1, 1))
    workers = []
    try:
        with broker(REDIS_URL):
            worker, started = start_worker(tmp_path, seconds=60)
            workers.append(worker)
            builds.build_request(scope=scope, period=PERIOD, actor=Actor.task())
            wait_for(started.exists, 30, "the worker to start the build")
            assert status() == SnapshotBuild.Status.RUNNING
            kill_whole(worker)

            # The message stays unacknowledged in Redis and the build says "running";
            # no half snapshot: the board still reads the last complete version.
            assert queue.hlen("unacked") == 1
            assert status() == SnapshotBuild.Status.RUNNING
            assert current_count() == 3
            assert Snapshot.objects.count() == 1

            # Nothing is sent while the job may still be running; past the time limit
            # the recovery job sends it again and the next worker builds it.
            assert recover() == {}
            later = timezone.now() + STUCK_AFTER + dt.timedelta(seconds=1)
            assert recover(now=later) == {"reporting.SnapshotBuild": 1}
            worker, started = start_worker(tmp_path, seconds=0)
            workers.append(worker)
            wait_for(lambda: status() == SnapshotBuild.Status.DONE, 60, "the rebuild")
    finally:
        for each in workers:
            kill_whole(each)
        queue.flushdb()
    snapshot = Snapshot.objects.get(is_current=True)
    assert (snapshot.project_count, snapshot.version) == (4, 2)
