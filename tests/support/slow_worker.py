"""A real `celery -A pmo worker` (prefork, one child) whose snapshot builds take long
enough to kill it mid-task. Run as a script by tests/reporting/test_worker_killed.py;
it reads the broker and database from the environment like the real worker does."""

import os
import pathlib
import time

import django

django.setup()

from pmo.celery import app  # noqa: E402
from reporting.services import builds  # noqa: E402

compute = builds.compute
started = pathlib.Path(os.environ["SLOW_WORKER_STARTED"])
seconds = float(os.environ["SLOW_WORKER_SECONDS"])


def slow_compute(ctx, progress):
    started.write_text(str(os.getpid()))
    time.sleep(seconds)
    return compute(ctx, progress=progress)


# Patched before the pool forks, so the child that runs the task has it too.
builds.compute = slow_compute
app.worker_main(
    [
        "worker",
        "--pool=prefork",
        "--concurrency=1",
        "--loglevel=WARNING",
        "--without-mingle",
        "--without-gossip",
        "--without-heartbeat",
    ]
)
