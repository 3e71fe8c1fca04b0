"""Escalation one level up and back, shared by the registers (risks and issues): where an
item goes from its level, and the versioned, audited move itself. The registers add what
the move means for them (an item reaching the portfolio goes before the board)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from pmo.access import is_editable
from pmo.actors import Actor
from pmo.audit import audit_record
from pmo.models import AuditEntry
from pmo.versioning import bump, lock

from ..models import Level
from ..models.registers import Scoped

ABOVE = {Level.PROJECT: Level.PROGRAMME, Level.PROGRAMME: Level.PORTFOLIO}


def level_above(item: Scoped) -> str | None:
    """One level up: a project's item goes to its programme, or to the portfolio when the
    project is in none; the portfolio is the top."""
    if item.level == Level.PROJECT and item.programme_id is None:
        return Level.PORTFOLIO
    return ABOVE.get(item.level)


def escalate(
    *, actor: Actor, queryset: models.QuerySet, item: Scoped, expected_version: int, reason: str
) -> Scoped:
    """Move `item` one level up with its reason; the caller holds the transaction."""
    current = lock(queryset, pk=item.pk, expected_version=expected_version)
    if not is_editable(current, actor.user):
        raise PermissionDenied
    above = level_above(current)
    errors = {}
    if above is None:
        errors["level"] = [_("Het portfolio is het hoogste niveau.")]
    if not reason.strip():
        errors["escalation_reason"] = [_("Geef de reden van de escalatie.")]
    if errors:
        raise ValidationError(errors)
    before = current.get_level_display()
    bump(current, expected_version=expected_version, level=above, escalation_reason=reason.strip())
    current.refresh_from_db()
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.UPDATE,
        changes={
            _("niveau"): [before, current.get_level_display()],
            _("reden van escalatie"): ["", reason.strip()],
        },
    )
    return current


def deescalate(
    *,
    actor: Actor,
    queryset: models.QuerySet,
    item: Scoped,
    expected_version: int,
    not_escalated: str,
) -> Scoped:
    """Back to where it was raised; `not_escalated` is the refusal when it is there."""
    current = lock(queryset, pk=item.pk, expected_version=expected_version)
    if not is_editable(current, actor.user):
        raise PermissionDenied
    if not current.is_escalated:
        raise ValidationError({"level": [not_escalated]})
    before = current.get_level_display()
    bump(current, expected_version=expected_version, level=current.home_level, escalation_reason="")
    current.refresh_from_db()
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.UPDATE,
        changes={_("niveau"): [before, current.get_level_display()]},
    )
    return current
