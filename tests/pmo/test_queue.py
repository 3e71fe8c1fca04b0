"""Sending jobs and recovering the stuck ones (pmo/queue.py)."""

import datetime as dt

import pytest
from django.utils import timezone

from pmo.queue import STUCK_AFTER, recover, stuck
from portfolio.scenarios.models import Scenario
from reporting.models import Snapshot
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


def test_a_snapshot_left_running_by_a_dead_worker_is_built_again():
    portfolio = PortfolioFactory()
    ProjectFactory.create_batch(2, portfolio=portfolio)
    long_ago = timezone.now() - STUCK_AFTER - dt.timedelta(minutes=1)
    snapshot = Snapshot.objects.create(
        portfolio=portfolio,
        period=dt.date(2026, 12, 1),
        status=Snapshot.Status.RUNNING,
        job_requested_at=long_ago,
    )
    assert recover() == {"reporting.Snapshot": 1}  # tasks run in-process in tests
    snapshot.refresh_from_db()
    assert (snapshot.status, snapshot.project_count) == (Snapshot.Status.DONE, 2)
    assert snapshot.job_requested_at > long_ago  # the clock restarted
    assert recover() == {}  # done: nothing left to send
