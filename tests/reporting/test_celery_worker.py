"""A real round trip: enqueue after commit → Redis → a Celery worker → the database."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import after_task_publish, task_postrun
from django.utils import timezone

from pmo.celery import app
from pmo.periods import period_start
from reporting import services
from reporting.models import Snapshot
from tests.support.factories import ProjectFactory

BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get(
    "TEST_REDIS_URL", "redis://127.0.0.1:6379/15"
)


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def celery_on_redis():
    if not redis_reachable(BROKER_URL):
        if os.environ.get("CI"):
            pytest.fail(f"CI must reach Redis at {BROKER_URL}")
        pytest.skip(f"no Redis at {BROKER_URL}")
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    _forget_connections()
    app.conf.update(broker_url=BROKER_URL, result_backend=BROKER_URL, task_always_eager=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.update(saved)
        _forget_connections()


def _forget_connections():
    """Drop the app's cached broker connections and producers. An earlier task call in
    this process (eager, but it still builds them) bound them to the default broker;
    without this the test would publish there and the Redis worker would never see it."""
    # Only dropped, not closed: a producer elsewhere may still hold the old pool.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_snapshot_is_built_by_a_real_worker(celery_on_redis):
    published, ran = [], []

    # Sent only when a message really goes to the broker (never for eager calls).
    def on_publish(sender=None, headers=None, **kwargs):
        published.append(headers["id"])

    def on_postrun(task_id=None, **kwargs):
        ran.append(task_id)

    after_task_publish.connect(on_publish, weak=False)
    task_postrun.connect(on_postrun, weak=False)
    ProjectFactory.create_batch(3)
    period = period_start(timezone.localdate())
    snapshot = services.snapshot_request(
        portfolio_id=ProjectFactory._meta.model.objects.first().portfolio_id, period=period
    )
    assert snapshot.status == Snapshot.Status.PENDING

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        snapshot.refresh_from_db()
        if snapshot.status in (Snapshot.Status.DONE, Snapshot.Status.FAILED):
            break
        time.sleep(0.1)
    assert snapshot.status == Snapshot.Status.DONE, snapshot.error
    assert snapshot.project_count == 3
    assert snapshot.built_at is not None
    assert len(published) == 1
    assert ran == published
    after_task_publish.disconnect(on_publish)
    task_postrun.disconnect(on_postrun)
