import pytest
from django_celery_beat.models import PeriodicTask

from pmo.celery import app
from reporting.schedules import DEFAULT_SCHEDULES, ensure_schedules

pytestmark = pytest.mark.django_db


def test_migrate_installs_the_monthly_dashboard_build():
    task = PeriodicTask.objects.get(name=DEFAULT_SCHEDULES[0]["name"])
    assert task.enabled
    app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    assert task.task in app.tasks  # the name points at a task the worker knows
    assert (task.crontab.hour, task.crontab.day_of_month) == ("6", "1")


def test_a_changed_schedule_is_left_alone():
    task = PeriodicTask.objects.get(name=DEFAULT_SCHEDULES[0]["name"])
    task.enabled = False
    task.save()
    ensure_schedules()
    task.refresh_from_db()
    assert not task.enabled
    assert PeriodicTask.objects.filter(name=task.name).count() == 1
