"""A real round trip: enqueue after commit → Redis → a Celery worker → the database."""

import datetime as dt
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import after_task_publish, task_postrun
from django.utils import timezone

from pmo.actors import Actor
from pmo.celery import app
from pmo.periods import period_start
from reporting.models import Scope, SnapshotBuild
from reporting.services import builds
from tests.support.broker import REDIS_URL, broker, require_redis
from tests.support.factories import ProjectFactory


@pytest.fixture
def celery_on_redis():
    require_redis()
    with (
        broker(REDIS_URL),
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
    ):
        yield


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
    ProjectFactory.create_batch(3, planned_start=dt.date(2026, 1, 1))
    period = period_start(timezone.localdate())
    scope, _ = Scope.objects.get_or_create(
        kind=Scope.Kind.ORGANISATION, defaults={"name": "Organisatie"}
    )
    build = builds.build_request(scope=scope, period=period, actor=Actor.task())
    assert build.status == SnapshotBuild.Status.PENDING

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        build.refresh_from_db()
        if not build.is_waiting:
            break
        time.sleep(0.1)
    assert build.status == SnapshotBuild.Status.DONE, build.error
    assert build.snapshot.project_count == 3
    assert build.snapshot.is_current and build.progress == 100
    assert len(published) == 1
    assert ran == published
    after_task_publish.disconnect(on_publish)
    task_postrun.disconnect(on_postrun)
