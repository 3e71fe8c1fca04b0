"""One delivery attempt: sign, POST, log; back off on failure, pause a subscriber that
has failed for a day.

The signature (header `X-PMO-Signature: t=<unix time>,v1=<hex>`) is HMAC-SHA256 with the
subscription's secret over `<t>.<body>`; a receiver recomputes it and refuses a time far
from its own clock, so a captured request cannot be replayed later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import mail_admins
from django.db import transaction
from django.utils import timezone

from .models import WebhookDelivery, WebhookSubscription

log = logging.getLogger(__name__)
# Attempts before a delivery is given up: 30 s, 1, 2, 4 … minutes apart, about 4 hours.
MAX_ATTEMPTS = 10
FIRST_WAIT = dt.timedelta(seconds=30)
LONGEST_WAIT = dt.timedelta(hours=1)
# A subscriber that fails this long, with nothing delivered since, is paused.
PAUSE_AFTER = dt.timedelta(days=1)
TIMEOUT_SECONDS = 10


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def backoff(attempts: int) -> dt.timedelta:
    return min(FIRST_WAIT * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def _post(subscription: WebhookSubscription, delivery: WebhookDelivery) -> int:
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "PMO-Portfolio-Webhooks/1",
        "X-PMO-Event": delivery.event,
        "X-PMO-Delivery": str(delivery.delivery_id),
        "X-PMO-Signature": signature(subscription.secret, int(time.time()), body),
    }
    request = urllib.request.Request(subscription.url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def delivery_attempt(*, delivery_id: int) -> WebhookDelivery | None:
    """Try one due delivery; idempotent (a delivered or not yet due one is left alone)."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("subscription")
            .filter(pk=delivery_id, state=WebhookDelivery.State.PENDING)
            .first()
        )
        if delivery is None or delivery.next_attempt_at > timezone.now():
            return delivery
        subscription = delivery.subscription
        # Claim the attempt before the slow POST, so a parallel worker skips it.
        delivery.attempts += 1
        delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    try:
        code, error = _post(subscription, delivery), ""
    except (urllib.error.URLError, OSError, ValueError) as failure:
        code, error = None, str(getattr(failure, "reason", failure))[:500]
    now = timezone.now()
    delivery.response_code = code
    if code is not None and 200 <= code < 300:
        delivery.state, delivery.delivered_at, delivery.last_error = (
            WebhookDelivery.State.DELIVERED,
            now,
            "",
        )
        WebhookSubscription.objects.filter(pk=subscription.pk).update(failing_since=None)
    else:
        delivery.last_error = error or f"HTTP {code}"
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.state = WebhookDelivery.State.FAILED
        _failed(subscription, now)
    delivery.save(update_fields=["state", "response_code", "last_error", "delivered_at"])
    return delivery


def _failed(subscription: WebhookSubscription, now) -> None:
    since = subscription.failing_since or now
    if subscription.failing_since is None:
        WebhookSubscription.objects.filter(pk=subscription.pk).update(failing_since=now)
    if now - since >= PAUSE_AFTER and subscription.active:
        WebhookSubscription.objects.filter(pk=subscription.pk).update(active=False, paused_at=now)
        log.warning("webhook %s paused after failing since %s", subscription.pk, since)
        mail_admins(
            f"Webhook {subscription.name} gepauzeerd",
            f"{subscription.url} faalt sinds {since:%Y-%m-%d %H:%M}; de webhook is gepauzeerd. "
            f"Zet hem in het beheer weer aan als de ontvanger hersteld is: "
            f"{settings.PMO_BASE_URL}/admin/pmo/webhooksubscription/{subscription.pk}/change/",
            fail_silently=True,
        )


def redeliver(*, deliveries) -> int:
    """The beheerder sends deliveries again (after fixing the receiver), as new attempts."""
    ids = list(deliveries.values_list("pk", flat=True))
    WebhookDelivery.objects.filter(pk__in=ids).update(
        state=WebhookDelivery.State.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    from .tasks import deliver_webhook

    transaction.on_commit(lambda: [deliver_webhook.delay(delivery_id=pk) for pk in ids])
    return len(ids)


def due_ids(now=None) -> list[int]:
    now = now or timezone.now()
    pending = WebhookDelivery.objects.filter(
        state=WebhookDelivery.State.PENDING,
        next_attempt_at__lte=now,
        subscription__active=True,
    )
    return list(pending.values_list("pk", flat=True)[:500])
