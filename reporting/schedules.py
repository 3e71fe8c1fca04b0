"""The default periodic schedule, created once; a beheerder may change it in the admin."""

import json

DEFAULT_SCHEDULES = [
    {
        "name": "Dashboards bouwen (maandelijks)",
        "task": "reporting.tasks.build_current_snapshots",
        # 06:00 on the first day of each period, before the board's working day.
        "crontab": {"minute": "0", "hour": "6", "day_of_month": "1"},
    },
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

    for spec in DEFAULT_SCHEDULES:
        if PeriodicTask.objects.filter(name=spec["name"]).exists():
            continue  # never overwrite what a beheerder changed
        crontab, _created = CrontabSchedule.objects.get_or_create(
            timezone="Europe/Amsterdam", **spec["crontab"]
        )
        PeriodicTask.objects.create(
            name=spec["name"], task=spec["task"], crontab=crontab, kwargs=json.dumps({})
        )
