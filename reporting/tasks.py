"""Thin Celery tasks: ids in, a service call, no swallowed errors."""

import datetime as dt

from celery import shared_task
from django.db import OperationalError

from pmo.periods import period_start

from . import services


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),  # a dropped database connection is transient
    retry_backoff=True,
    max_retries=3,
)
def build_snapshot(self, *, portfolio_id: int, period: str) -> dict:
    snapshot = services.snapshot_build(
        portfolio_id=portfolio_id, period=dt.date.fromisoformat(period)
    )
    return {
        "snapshot_id": snapshot.pk,
        "status": snapshot.status,
        "project_count": snapshot.project_count,
    }


@shared_task
def build_current_snapshots() -> list[int]:
    """Beat entry point: request this period's snapshot of every portfolio."""
    from django.utils import timezone

    from portfolio.projects.models import Portfolio

    period = period_start(timezone.localdate())
    return [
        services.snapshot_request(portfolio_id=pk, period=period).pk
        for pk in Portfolio.objects.values_list("pk", flat=True)
    ]
