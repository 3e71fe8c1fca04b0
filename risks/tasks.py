"""Thin Celery tasks: ids in, a service call, no swallowed errors."""

from celery import shared_task
from django.db import OperationalError

from .services import resistance


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),  # a dropped database connection is transient
    retry_backoff=True,
    max_retries=3,
)
def run_simulation(self, *, simulation_id: int) -> dict:
    run = resistance.simulation_run(simulation_id=simulation_id)
    return {"simulation_id": run.pk, "state": run.state, "rating": run.rating}
