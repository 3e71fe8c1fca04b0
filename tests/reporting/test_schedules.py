"""What install schedules: the organisation's dashboard with its own beat entry, the
other periodic jobs once, and no longer the single entry that built every dashboard;
the entry of a dashboard requests this period's snapshot of its scope."""

import datetime as dt
import json

import pytest
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from pmo.celery import app
from reporting.models import Scope, SnapshotBuild
from reporting.schedules import DEFAULT_SCHEDULES, RETIRED, ensure_schedules
from reporting.tasks import build_scheduled_snapshot
from tests.support.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def organisation() -> Scope:
    return Scope.objects.select_related("periodic_task__crontab").get(kind=Scope.Kind.ORGANISATION)


def test_migrate_installs_the_organisation_dashboard_with_its_monthly_entry():
    task = organisation().periodic_task
    assert task.enabled and task.name == "Dashboard bouwen: Hele organisatie"
    app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    assert task.task in app.tasks  # the name points at a task the worker knows
    assert json.loads(task.kwargs) == {"scope_id": organisation().pk}
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_month) == ("0", "6", "6")


def test_migrate_installs_the_other_jobs_and_every_one_names_a_known_task():
    app.loader.import_default_modules()
    for spec in DEFAULT_SCHEDULES:
        task = PeriodicTask.objects.get(name=spec["name"])
        assert task.task == spec["task"] and task.task in app.tasks


def test_the_single_entry_for_every_dashboard_is_gone_and_removed_where_it_was_left():
    assert not any(spec["name"] in RETIRED for spec in DEFAULT_SCHEDULES)
    crontab = CrontabSchedule.objects.create(minute="0", hour="6", day_of_month="1")
    PeriodicTask.objects.create(
        name=RETIRED[0], task="reporting.tasks.build_current_snapshots", crontab=crontab
    )
    ensure_schedules()
    assert not PeriodicTask.objects.filter(name__in=RETIRED).exists()


def test_a_changed_schedule_is_left_alone_and_nothing_is_doubled():
    job = PeriodicTask.objects.get(name=DEFAULT_SCHEDULES[0]["name"])
    job.enabled = False
    job.save()
    dashboard = organisation().periodic_task
    dashboard.enabled = False
    dashboard.save()
    before = PeriodicTask.objects.count()
    ensure_schedules()
    job.refresh_from_db()
    dashboard.refresh_from_db()
    assert not job.enabled and not dashboard.enabled
    assert PeriodicTask.objects.count() == before
    assert Scope.objects.filter(kind=Scope.Kind.ORGANISATION).count() == 1


def test_a_dashboard_without_its_entry_gets_one_on_install(department):
    made_elsewhere = Scope.objects.create(
        kind=Scope.Kind.ORG_UNIT, org_unit=department, name="Wegen", build_day=12
    )
    ensure_schedules()
    made_elsewhere.refresh_from_db()
    task = PeriodicTask.objects.get(pk=made_elsewhere.periodic_task_id)
    assert task.name == "Dashboard bouwen: Wegen" and task.crontab.day_of_month == "12"


def test_the_entry_requests_the_snapshot_of_the_period_just_closed():
    ProjectFactory(planned_start=dt.date(2026, 1, 1))  # a project to build from
    result = build_scheduled_snapshot.delay(scope_id=organisation().pk).get()
    build = SnapshotBuild.objects.get(pk=result["build_id"])
    assert (build.scope_id, build.period) == (organisation().pk, dt.date(2026, 11, 1))
    assert build.requested_by is None and build.is_waiting
    again = build_scheduled_snapshot.delay(scope_id=organisation().pk).get()
    assert again["build_id"] == build.pk  # a second run joins the waiting build


def test_the_entry_of_a_dashboard_with_nothing_to_build_or_removed_builds_nothing():
    result = build_scheduled_snapshot.delay(scope_id=organisation().pk).get()
    assert result["build_id"] is None and result["refused"]
    assert build_scheduled_snapshot.delay(scope_id=10**6).get()["build_id"] is None
    assert not SnapshotBuild.objects.exists()
