"""Login lock-outs (django-axes): an audit line when one begins, and the unlock."""

from axes.helpers import get_cool_off, get_failure_limit
from axes.signals import user_locked_out
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext as _

from .actors import Actor
from .audit import audit_record
from .models import AuditEntry, LoginLockout

REACHED = {"username": "gebruikersnaam", "ip_address": "adres"}


def failures(*, username: str | None = None, ip_address: str | None = None) -> int:
    rows = LoginLockout.objects.all()
    if username is not None:
        rows = rows.filter(username=username)
    if ip_address is not None:
        rows = rows.filter(ip_address=ip_address)
    return rows.aggregate(n=Sum("failures_since_start"))["n"] or 0


def audit_lockout(sender, request, username, ip_address, **kwargs) -> None:
    """One audit line per lock-out, when a counter reaches the limit. axes signals again for
    every refused attempt during the lock; those set no failure count and are skipped."""
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    limit = get_failure_limit(request, getattr(request, "axes_credentials", None))
    reached = []
    if username and failures(username=username) == limit:
        reached.append("username")
    if ip_address and failures(ip_address=ip_address) == limit:
        reached.append("ip_address")
    if not reached:
        return
    attempt = (
        LoginLockout.objects.filter(username=username, ip_address=ip_address)
        .order_by("-attempt_time")
        .first()
    )
    if attempt is None:
        return
    channel = Actor.admin if request.path.startswith("/admin/") else Actor.screen
    audit_record(
        actor=channel(None),
        instance=attempt,
        action=AuditEntry.Action.LOCKOUT,
        changes={
            _("gebruikersnaam"): ["", username or "–"],
            _("adres"): ["", ip_address or "–"],
            _("geblokkeerd op"): ["", ", ".join(_(REACHED[key]) for key in reached)],
            _("mislukte pogingen"): ["", str(limit)],
        },
    )


def unlock(lockouts, *, actor: Actor) -> int:
    """Remove the counted failures of these rows and of their user names and addresses,
    so neither the name nor the address stays locked through another row."""
    count = 0
    for lockout in list(lockouts):
        audit_record(
            actor=actor,
            instance=lockout,
            action=AuditEntry.Action.UNLOCK,
            changes={
                _("gebruikersnaam"): [lockout.username or "–", ""],
                _("adres"): [lockout.ip_address or "–", ""],
            },
        )
        related = LoginLockout.objects.filter(pk=lockout.pk)
        if lockout.username:
            related |= LoginLockout.objects.filter(username=lockout.username)
        if lockout.ip_address:
            related |= LoginLockout.objects.filter(ip_address=lockout.ip_address)
        deleted, _rows = related.delete()
        count += deleted
    return count


def connect() -> None:
    user_locked_out.connect(audit_lockout, dispatch_uid="pmo.audit_lockout")


def lockout_response(request, original_response=None, credentials=None):
    """The page for a refused login: the same for a known and an unknown user name."""
    cool_off = get_cool_off(request)
    return render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": get_failure_limit(request, credentials),
            "minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
        },
        status=429,
    )
