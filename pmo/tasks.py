"""Thin Celery tasks of the shared base."""

from celery import shared_task


@shared_task(name="pmo.tasks.recover_jobs")
def recover_jobs() -> dict[str, int]:
    """Beat entry point: send again the jobs a broker outage or a dead worker left behind."""
    from .queue import recover

    return recover()


# The webhook tasks live with their package; the worker finds them through this module.
from .imports.tasks import run_import  # noqa: E402, F401
from .webhooks.tasks import deliver_due, deliver_webhook  # noqa: E402, F401
