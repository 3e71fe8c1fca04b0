"""Thin tasks: one attempt per delivery; a sweep every minute sends what is due again
(retries after their back-off, deliveries whose message was lost with the broker)."""

from celery import shared_task

from .delivery import delivery_attempt, due_ids


@shared_task(name="pmo.webhooks.deliver")
def deliver_webhook(*, delivery_id: int) -> None:
    delivery_attempt(delivery_id=delivery_id)


@shared_task(name="pmo.webhooks.deliver_due")
def deliver_due() -> int:
    ids = due_ids()
    for pk in ids:
        deliver_webhook.delay(delivery_id=pk)
    return len(ids)
