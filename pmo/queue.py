"""Handing background jobs to the broker, and getting them back when a broker or worker fails.

A job's state lives in its database row (a scenario's `state`, a snapshot's `status`),
never only in the broker. A request marks the row and sends the message after commit.
When the broker is unreachable, the write still stands. The row then records that
nothing was sent (`job_sent=False`), and its page says the job waits for the queue.

`recover` runs every minute (Celery beat). It sends again what was never sent, and any
job that has been waiting or running longer than the task time limit: a worker killed
whole leaves its message unacknowledged and its row waiting. The tasks are idempotent,
so a job sent twice costs time but never gives a wrong result.
"""

import datetime as dt
import logging

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

# Longer than any task may run (the hard time limit) plus a margin for the queue itself.
STUCK_AFTER = dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)


class QueuedJob(models.Model):
    """A row whose work is done by a Celery task; subclasses name the task and its input."""

    job_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    job_sent = models.BooleanField(default=True, editable=False)

    class Meta:
        abstract = True

    @classmethod
    def job_waiting(cls) -> Q:
        """Rows whose job has been asked for and has not finished."""
        raise NotImplementedError

    def job_task(self):
        """The Celery task that does this row's job."""
        raise NotImplementedError

    def job_kwargs(self) -> dict:
        """The task's keyword arguments for this row."""
        raise NotImplementedError

    @property
    def job_waits_for_queue(self) -> bool:
        """True while the job could not be handed to the broker: only a request sets it
        back to sent, and an unsent job has not run."""
        return not self.job_sent


def requested() -> dict:
    """The fields a request sets on its row, together with its waiting state."""
    return {"job_requested_at": timezone.now(), "job_sent": True}


def send_on_commit(row: QueuedJob) -> None:
    """Send the row's job once the transaction that asked for it has committed."""
    model, pk, task, kwargs = type(row), row.pk, row.job_task(), row.job_kwargs()
    transaction.on_commit(lambda: _send(model, pk, task, kwargs))


def _send(model, pk: int, task, kwargs: dict) -> bool:
    try:
        task.apply_async(kwargs=kwargs)
    except (BrokerError, OSError) as error:
        if task.app.conf.task_always_eager:
            raise  # in-process, this came from the job itself, not from a broker
        logger.warning("%s for %s %s not sent: %s", task.name, model._meta.label, pk, error)
        model.objects.filter(pk=pk).update(job_sent=False)
        return False
    return True


def queued_job_models() -> list[type[QueuedJob]]:
    return [model for model in apps.get_models() if issubclass(model, QueuedJob)]


def stuck(model: type[QueuedJob], *, now: dt.datetime) -> models.QuerySet:
    """Waiting rows never sent, or asked for longer ago than a job may take."""
    return model.objects.filter(model.job_waiting()).filter(
        Q(job_sent=False)
        | Q(job_requested_at__isnull=True)
        | Q(job_requested_at__lt=now - STUCK_AFTER)
    )


def recover(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Send every stuck job again; how many per model were sent."""
    now = now or timezone.now()
    sent: dict[str, int] = {}
    for model in queued_job_models():
        rows = list(stuck(model, now=now))
        if not rows:
            continue
        # Restart the clock first, so the next run waits a full time limit again.
        model.objects.filter(pk__in=[row.pk for row in rows]).update(
            job_requested_at=timezone.now(), job_sent=True
        )
        sent[model._meta.label] = sum(
            _send(model, row.pk, row.job_task(), row.job_kwargs()) for row in rows
        )
    return sent
