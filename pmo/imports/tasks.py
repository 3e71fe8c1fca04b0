"""The import's one task: check or commit the job as it was at `version`."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    name="pmo.tasks.run_import",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def run_import(*, job_id: int, state: str, version: int) -> str | None:
    """Run the step the job waits for; the runner keeps its states, and an unexpected
    error leaves it failed with that error before the task reports it."""
    from .models import ImportJob
    from .runner import fail_job, import_check, import_commit

    step = import_check if state == ImportJob.State.CHECKING else import_commit
    try:
        job = step(job_id=job_id, version=version)
    except OperationalError:
        raise  # transient: retried, the state stays where it was
    except Exception as error:
        fail_job(job_id=job_id, version=version, error=f"{type(error).__name__}: {error}")
        raise
    return job.state if job else None
