"""Pointing the test process's Celery app at a real (or an unreachable) broker."""

import contextlib
import os
from urllib.parse import urlsplit, urlunsplit

import pytest

from pmo.celery import app


def _test_database(url: str) -> str:
    """The same Redis as the broker's, database 15: the tests empty it, so it must never
    be a broker's that holds real work."""
    return urlunsplit(urlsplit(url)._replace(path="/15"))


REDIS_URL = os.environ.get("TEST_REDIS_URL") or _test_database(
    os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0"
)
# Nothing listens on port 1: every connection is refused at once.
UNREACHABLE_URL = "redis://127.0.0.1:1/0"


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def require_redis(url: str = REDIS_URL) -> None:
    if not redis_reachable(url):
        if os.environ.get("CI"):
            pytest.fail(f"CI must reach Redis at {url}")
        pytest.skip(f"no Redis at {url}")


def forget_connections():
    """Drop the app's cached broker connections and producers. An earlier task call in
    this process (eager, but it still builds them) bound them to the default broker;
    without this the test would publish there and not to the broker it set."""
    # Only dropped, not closed: a producer elsewhere may still hold the old pool.
    app._pool = None
    app.amqp._producer_pool = None


ENV = ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")


@contextlib.contextmanager
def broker(url: str):
    """Send tasks to `url` for real (not in-process) within the block."""
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    # Celery reads these variables before its own settings (CI sets them).
    saved_env = {key: os.environ.pop(key, None) for key in ENV}
    forget_connections()
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    try:
        yield
    finally:
        app.conf.update(saved)
        os.environ.update({key: value for key, value in saved_env.items() if value is not None})
        forget_connections()
