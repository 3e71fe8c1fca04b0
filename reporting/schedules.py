"""The periodic schedule made on install; a beheerder may change it in the admin.

Dashboards have one beat entry each, kept by reporting/services/scopes.py; install only
makes sure the organisation's dashboard exists and that every dashboard has its entry.
The other entries are created once and never overwritten.
"""

import json

# The single monthly entry that built every dashboard at once, before each scope had its
# own: removed on install, as its task no longer exists.
RETIRED = ["Dashboards bouwen (maandelijks)"]

DEFAULT_SCHEDULES = [
    {
        "name": "Vastgelopen taken opnieuw versturen (elke minuut)",
        "task": "pmo.tasks.recover_jobs",
        # Cheap when nothing is stuck: one query per kind of job.
        "crontab": {"minute": "*", "hour": "*", "day_of_month": "*"},
    },
    {
        "name": "Webhooks afleveren die aan de beurt zijn (elke minuut)",
        "task": "pmo.webhooks.deliver_due",
        # Retries after their back-off, and deliveries whose message the broker lost.
        "crontab": {"minute": "*", "hour": "*", "day_of_month": "*"},
    },
    {
        "name": "Achterstallige rapportages herinneren (dagelijks)",
        "task": "portfolio.tasks.remind_overdue_reports",
        "crontab": {"minute": "30", "hour": "7", "day_of_month": "*"},
    },
    {
        "name": "Evaluaties na afronding plannen en herinneren (dagelijks)",
        "task": "benefits.tasks.remind_due_reviews",
        "crontab": {"minute": "45", "hour": "7", "day_of_month": "*"},
    },
]


def ensure_schedules(**kwargs) -> None:
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    PeriodicTask.objects.filter(name__in=RETIRED).delete()
    for spec in DEFAULT_SCHEDULES:
        if PeriodicTask.objects.filter(name=spec["name"]).exists():
            continue  # never overwrite what a beheerder changed
        crontab, _created = CrontabSchedule.objects.get_or_create(
            timezone="Europe/Amsterdam", **spec["crontab"]
        )
        PeriodicTask.objects.create(
            name=spec["name"], task=spec["task"], crontab=crontab, kwargs=json.dumps({})
        )
    ensure_dashboards()


def ensure_dashboards() -> None:
    """The organisation's dashboard, and a beat entry for every dashboard without one
    (one made in the admin or a data load). To pause a dashboard, disable its entry."""
    from django.db import connection, transaction

    from .models import Scope
    from .services.scopes import ensure_organisation_scope, sync_task

    if Scope._meta.db_table not in connection.introspection.table_names():
        return  # migrated back to before dashboards had scopes
    with transaction.atomic():
        ensure_organisation_scope()
        for scope in Scope.objects.filter(periodic_task__isnull=True):
            sync_task(scope)
