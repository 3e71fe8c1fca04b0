"""Thin Celery tasks of the scenarios: ids in, one service call."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="portfolio.tasks.solve_scenario",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def solve_scenario(*, scenario_id: int, version: int) -> bool:
    """Solve one scenario as it was at `version` (the service keeps its states)."""
    from .services import scenario_solve

    return scenario_solve(scenario_id=scenario_id, version=version) is not None
