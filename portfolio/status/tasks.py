"""Thin Celery tasks of the status domain."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from .services import remind_overdue


@shared_task(
    name="portfolio.tasks.remind_overdue_reports",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def remind_overdue_reports() -> int:
    return len(remind_overdue(today=timezone.localdate(), base_url=settings.PMO_BASE_URL))
