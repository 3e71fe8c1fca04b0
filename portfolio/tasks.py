"""Thin Celery tasks of the portfolio app."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from .reminders import remind_overdue


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def remind_overdue_reports() -> int:
    return len(remind_overdue(today=timezone.localdate(), base_url=settings.PMO_BASE_URL))
