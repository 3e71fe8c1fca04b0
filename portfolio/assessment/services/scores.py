"""Scores of projects on a framework version's criteria, one cell at a time, and WSJF."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.actors import Actor
from pmo.audit import audit_record, diff, snapshot
from pmo.models import AuditEntry
from pmo.versioning import StaleError, bump

from ...projects.models import Project
from ..models import (
    WSJF_SCALE,
    AssessmentFramework,
    Criterion,
    Score,
    WsjfEstimate,
)


def score_stale_message(score: Score) -> str:
    who = score.updated_by.get_full_name() if score.updated_by else _("iemand anders")
    return _("Intussen door %(who)s op %(value)s gezet; uw invoer is niet bewaard.") % {
        "who": who or score.updated_by.username,
        "value": score.value,
    }


@transaction.atomic
def score_set(
    *,
    actor: Actor,
    criterion: Criterion,
    project: Project,
    value: int | None,
    justification: str = "",
    expected_version: int = 0,
) -> Score | None:
    """Set (or with value None clear) one cell. `expected_version` 0 means "was empty".

    Off-scale values are a field error; a cell changed meanwhile raises StaleError.
    """
    current = (
        # of=self: PostgreSQL cannot lock the nullable side of the updated_by join.
        Score.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(criterion=criterion, project=project)
        .first()
    )
    if (current.version if current else 0) != expected_version:
        if current is None:
            text = _("Deze score is intussen gewist; uw invoer is niet bewaard.")
            raise StaleError(subject=str(criterion), current_version=0, changes=[], text=text)
        raise StaleError(
            subject=str(criterion),
            current_version=current.version,
            changes=[],
            text=score_stale_message(current),
        )
    if value is None:
        if current is not None:
            current.delete()
        return None
    if current is not None and current.value == value and current.justification == justification:
        return current  # nothing changed: no new version, no audit line
    low, high = criterion.scale
    if not low <= value <= high:
        raise ValidationError(
            {"value": _("Een score ligt tussen %(low)s en %(high)s.") % {"low": low, "high": high}}
        )
    if current is None:
        score = Score.objects.create(
            criterion=criterion,
            project=project,
            value=value,
            justification=justification,
            updated_by=actor.saved_user,
        )
    else:
        bump(
            current,
            expected_version=expected_version,
            value=value,
            justification=justification,
            updated_by=actor.saved_user,
            updated_at=timezone.now(),
        )
        score = Score.objects.get(pk=current.pk)
    audit_record(
        actor=actor,
        instance=project,
        action=AuditEntry.Action.UPDATE,
        changes={criterion.name: [str(current.value) if current else "", str(value)]},
    )
    return score


WSJF_FIELDS = ["business_value", "time_criticality", "risk_reduction", "job_size"]


@transaction.atomic
def wsjf_set(
    *,
    actor: Actor,
    framework: AssessmentFramework,
    project: Project,
    expected_version: int,
    business_value: int,
    time_criticality: int,
    risk_reduction: int,
    job_size: int,
) -> WsjfEstimate:
    """Set a project's WSJF estimate. `expected_version` 0 means "there was none"; an
    estimate changed (or made) meanwhile raises StaleError naming who and what."""
    values = {
        "business_value": business_value,
        "time_criticality": time_criticality,
        "risk_reduction": risk_reduction,
        "job_size": job_size,
    }
    errors = {
        name: _("Kies een waarde uit 1, 2, 3, 5, 8, 13, 20.")
        for name, value in values.items()
        if value not in WSJF_SCALE
    }
    if errors:
        raise ValidationError(errors)
    current = (
        WsjfEstimate.objects.select_for_update()
        .filter(framework=framework, project=project)
        .first()
    )
    if current is None:
        if expected_version != 0:
            raise StaleError(
                subject=_("De WSJF-schatting"),
                current_version=0,
                changes=[],
                text=_("Deze WSJF-schatting is intussen gewist; uw invoer is niet bewaard."),
            )
        estimate = WsjfEstimate.objects.create(framework=framework, project=project, **values)
        before = {}
        action = AuditEntry.Action.CREATE
    else:
        before = snapshot(current, WSJF_FIELDS)
        bump(current, expected_version=expected_version, **values)
        estimate = current
        action = AuditEntry.Action.UPDATE
    changes = diff(before, snapshot(estimate, WSJF_FIELDS))
    if changes or action == AuditEntry.Action.CREATE:
        audit_record(actor=actor, instance=estimate, action=action, changes=changes)
    return estimate
