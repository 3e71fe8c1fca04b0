"""`Idempotency-Key` on every POST: a client that is unsure whether its request arrived
(a timeout, a dropped connection) sends it again with the same key and gets the first
answer, without the work being done twice. The same key with another body is refused
(422); while the first is still being answered, a repeat gets 409. Keys last 24 hours."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.response import Response

from .exceptions import Conflict, Unprocessable
from .models import IdempotentRequest

HEADER = "Idempotency-Key"
WINDOW = dt.timedelta(hours=24)
# A first request that never answered (its process died) stops blocking its key.
ABANDONED = dt.timedelta(minutes=15)
KEPT_HEADERS = ("ETag", "Location")


class _Replay(Exception):
    def __init__(self, record: IdempotentRequest):
        self.record = record


def _digest(request) -> str:
    body = json.dumps(request.data, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(f"{request.path}\n{body}".encode()).hexdigest()


def _claim(request, key: str) -> IdempotentRequest:
    """The row for this key: made now, or the earlier one (then replayed or refused)."""
    now = timezone.now()
    user = request.user
    IdempotentRequest.objects.filter(user=user, created_at__lt=now - WINDOW).delete()
    digest = _digest(request)
    try:
        with transaction.atomic():
            return IdempotentRequest.objects.create(
                user=user, key=key, path=request.path, digest=digest
            )
    except IntegrityError:
        earlier = IdempotentRequest.objects.get(user=user, key=key)
    if earlier.digest != digest:
        raise Unprocessable(_("Deze Idempotency-Key hoort bij een ander verzoek."))
    if earlier.status is None:
        if earlier.created_at > now - ABANDONED:
            raise Conflict(_("Het eerste verzoek met deze Idempotency-Key loopt nog."))
        earlier.created_at = now
        earlier.save(update_fields=["created_at"])
        return earlier
    raise _Replay(earlier)


class IdempotencyKeys:
    """For a view on the API base: replays the first answer to a repeated POST."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._idempotent = None
        key = request.headers.get(HEADER, "").strip()
        if request.method != "POST" or not key:
            return
        if len(key) > 100:
            raise Unprocessable(_("Een Idempotency-Key is hoogstens 100 tekens."))
        self._idempotent = _claim(request, key)

    def handle_exception(self, exc):
        if isinstance(exc, _Replay):
            record = exc.record
            headers = {**record.headers, "Idempotent-Replayed": "true"}
            body = json.loads(record.body) if record.body else None
            response = Response(body, status=record.status, headers=headers)
            if isinstance(body, dict) and body.get("type") == "about:blank":
                response.content_type = "application/problem+json"
            return response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        record = getattr(self, "_idempotent", None)
        if record is not None:
            if response.status_code >= 500:
                record.delete()  # nothing was done: the client may try again
            else:
                record.status = response.status_code
                record.body = json.dumps(getattr(response, "data", None), default=str)
                record.headers = {h: response[h] for h in KEPT_HEADERS if h in response}
                record.save(update_fields=["status", "body", "headers"])
        return response
