"""Personal API tokens: made, shown once, stored as a digest, revoked.

A token is `pmo_` + 8 characters of prefix + `_` + 40 random characters. The prefix finds
the row; the SHA-256 digest of the whole token is compared in constant time. A token of
32 random bytes needs no slow hash: nobody guesses it, and the digest cannot be reversed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.actors import Actor
from pmo.audit import audit_record
from pmo.models import AuditEntry

from .models import ApiToken

PREFIX = "pmo_"
# Only now and then, not on every request: it is a write per call otherwise.
LAST_USED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class MadeToken:
    token: ApiToken
    secret: str  # shown once; never stored


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, actor: Actor, name: str, scope: str, expires_at: datetime | None = None
) -> MadeToken:
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": [_("Kies een vervaldatum in de toekomst.")]})
    prefix = secrets.token_hex(4)
    secret = f"{PREFIX}{prefix}_{secrets.token_urlsafe(30)}"
    token = ApiToken.objects.create(
        user=actor.user,
        name=name.strip(),
        scope=ApiToken.Scope(scope),
        prefix=prefix,
        digest=digest(secret),
        expires_at=expires_at,
    )
    audit_record(
        actor=actor,
        instance=token,
        action=AuditEntry.Action.CREATE,
        changes={"scope": ["", token.get_scope_display()]},
    )
    return MadeToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            instance=token,
            action=AuditEntry.Action.UPDATE,
            changes={"revoked_at": ["", f"{token.revoked_at:%Y-%m-%d %H:%M}"]},
        )
    return token


def token_for(secret: str) -> ApiToken | None:
    """The usable token `secret` is, or None: unknown, revoked, expired or of a
    deactivated user all answer None alike."""
    if not secret.startswith(PREFIX):
        return None
    prefix = secret[len(PREFIX) :].partition("_")[0]
    token = ApiToken.objects.usable().select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, digest(secret)):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
