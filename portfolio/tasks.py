"""Thin Celery tasks of the portfolio app."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from .reminders import remind_overdue


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def remind_overdue_reports() -> int:
    return len(remind_overdue(today=timezone.localdate(), base_url=settings.PMO_BASE_URL))


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def solve_scenario(scenario_id: int, version: int) -> bool:
    """Solve one scenario as it was at `version`; a failure leaves the state "failed"."""
    from .models import Scenario
    from .services.scenarios import scenario_solve

    try:
        return scenario_solve(scenario_id=scenario_id, version=version) is not None
    except OperationalError:
        raise
    except Exception:
        Scenario.objects.filter(pk=scenario_id, version=version).update(state=Scenario.State.FAILED)
        raise
