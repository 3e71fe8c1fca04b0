"""Thin Celery tasks of the baten."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from .services import remind_due_reviews as remind


@shared_task(
    name="benefits.tasks.remind_due_reviews",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def remind_due_reviews() -> int:
    """Daily: schedule the reviews of closed projects, remind the owners of those due."""
    return len(remind(today=timezone.localdate(), base_url=settings.PMO_BASE_URL))
