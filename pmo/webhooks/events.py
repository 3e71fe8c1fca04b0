"""Announcing an event: one delivery row per subscription that wants it, sent after
the transaction commits (an event of a write that is rolled back is never sent)."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from .models import Event, WebhookDelivery, WebhookSubscription


def emit(event: Event, data: dict[str, Any]) -> list[WebhookDelivery]:
    # JSON "contains" is not portable to SQLite; subscriptions are few.
    wanting = [sub for sub in WebhookSubscription.objects.filter(active=True) if sub.wants(event)]
    payload = {"event": str(event), "occurred_at": timezone.now().isoformat(), "data": data}
    deliveries = [
        WebhookDelivery.objects.create(subscription=sub, event=event, payload=payload)
        for sub in wanting
    ]
    if deliveries:
        from .tasks import deliver_webhook

        ids = [delivery.pk for delivery in deliveries]
        transaction.on_commit(lambda: [_send(deliver_webhook, pk) for pk in ids])
    return deliveries


def _send(task, pk: int) -> None:
    # The broker down: the row stays due and the minute's sweep sends it later.
    with suppress(BrokerError, OSError):
        task.delay(delivery_id=pk)
