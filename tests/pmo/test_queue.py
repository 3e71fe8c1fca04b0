"""Sending jobs and recovering the stuck ones (pmo/queue.py)."""

import datetime as dt

import pytest
from django.utils import timezone

from pmo.queue import STUCK_AFTER, recover, stuck
from portfolio.scenarios.models import Scenario
from reporting.models import Scope, SnapshotBuild
from tests.support.factories import PortfolioFactory, ProjectFactory, ScenarioFactory

pytestmark = pytest.mark.django_db


def test_only_waiting_jobs_never_sent_or_older_than_the_time_limit_are_stuck():
    now = timezone.now()
    fresh, old, unsent, done, failed = (
        ScenarioFactory(state=state, job_requested_at=at, job_sent=sent)
        for state, at, sent in [
            (Scenario.State.QUEUED, now - dt.timedelta(seconds=5), True),  # still on its way
            (Scenario.State.QUEUED, now - STUCK_AFTER - dt.timedelta(seconds=1), True),
            (Scenario.State.QUEUED, now, False),
            (Scenario.State.DONE, now - STUCK_AFTER * 2, True),
            (Scenario.State.FAILED, now, False),
        ]
    )
    assert set(stuck(Scenario, now=now)) == {old, unsent}


def test_a_snapshot_build_left_running_by_a_dead_worker_is_built_again():
    portfolio = PortfolioFactory()
    ProjectFactory.create_batch(2, portfolio=portfolio, planned_start=dt.date(2026, 1, 1))
    scope = Scope.objects.create(kind=Scope.Kind.PORTFOLIO, portfolio=portfolio, name="P")
    long_ago = timezone.now() - STUCK_AFTER - dt.timedelta(minutes=1)
    build = SnapshotBuild.objects.create(
        scope=scope,
        period=dt.date(2026, 12, 1),
        status=SnapshotBuild.Status.RUNNING,
        job_requested_at=long_ago,
    )
    assert recover() == {"reporting.SnapshotBuild": 1}  # tasks run in-process in tests
    build.refresh_from_db()
    assert (build.status, build.snapshot.project_count) == (SnapshotBuild.Status.DONE, 2)
    assert build.job_requested_at > long_ago  # the clock restarted
    assert recover() == {}  # done: nothing left to send
