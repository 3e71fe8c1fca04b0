"""Writes to benefit profiles: create, change (versioned), vaststellen after the DOAM test,
the realisation plan and the attribution to projects. Every write keeps the derived
progress on the profile up to date (`progress_refresh`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from pmo.access import edits_everything, is_editable
from pmo.actors import Actor
from pmo.audit import audit_record, diff, snapshot
from pmo.models import AuditEntry
from pmo.versioning import bump, lock
from portfolio.projects.models import Project

from ..models import ACTIVE_STATUSES, Benefit, Contribution, Measurement, PlannedValue
from ..rules import profile as profile_rules
from ..rules import realisation

BENEFIT_FIELDS = [
    "kind", "name", "description", "category", "portfolio", "programme", "owner",
    "measure", "unit", "direction", "data_source", "frequency", "baseline_value",
    "baseline_date", "target_value", "target_date", "status", "esg_theme",
]  # fmt: skip
STAYS_ATTRIBUTED = _lazy("Een vastgestelde baat blijft aan ten minste één project toegerekend.")
ACTIVE = ACTIVE_STATUSES


def profile_facts(benefit: Benefit, *, contributing: int | None = None) -> profile_rules.Profile:
    if contributing is None:
        contributing = benefit.contributions.count() if benefit.pk else 0
    return profile_rules.Profile(
        name=benefit.name,
        description=benefit.description,
        measure=benefit.measure,
        unit=benefit.unit,
        data_source=benefit.data_source,
        direction=benefit.direction,
        baseline_value=benefit.baseline_value,
        baseline_date=benefit.baseline_date,
        target_value=benefit.target_value,
        target_date=benefit.target_date,
        has_owner=benefit.owner_id is not None,
        contributing_projects=contributing,
    )


def doam_errors(benefit: Benefit, *, contributing: int | None = None) -> dict[str, list[str]]:
    """The DOAM test as field errors under `approved`, one line per missing thing;
    `contributing` (the number of contributing projects) when the caller has it."""
    missing = profile_rules.doam(profile_facts(benefit, contributing=contributing))
    if not missing:
        return {}
    lines = [f"{letter}: {text}" for letter, texts in missing.items() for text in texts]
    return {"approved": [_("Nog niet DOAM-compleet, dus niet vast te stellen."), *lines]}


def _validate(benefit: Benefit) -> None:
    errors: dict[str, list[str]] = {}
    try:
        benefit.full_clean(exclude=["objectives"])
    except ValidationError as error:
        errors.update(error.message_dict)
    for name, messages in profile_rules.profile_errors(profile_facts(benefit)).items():
        errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def can_create_benefit(user, project: Project | None) -> bool:
    """The PMO-analist; a projectleider for a project they may change."""
    if edits_everything(user):
        return True
    return project is not None and is_editable(project, user)


@transaction.atomic
def benefit_create(
    *,
    actor: Actor,
    objectives=(),
    project: Project | None = None,
    share: Decimal | None = None,
    **fields: Any,
) -> Benefit:
    """A new profile (a concept, not yet vastgesteld), optionally attributed to `project`
    at once with `share` % (a projectleider always attributes it to their project)."""
    if not can_create_benefit(actor.user, project):
        raise PermissionDenied
    unknown = set(fields) - set(BENEFIT_FIELDS) - {"external_id"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    benefit = Benefit(**fields)
    _validate(benefit)
    benefit.save()
    benefit.objectives.set(objectives)
    if project is not None:
        _share_save(benefit, project, share if share is not None else Decimal(100), [])
    progress_refresh(benefit)
    changes = diff({}, snapshot(benefit, BENEFIT_FIELDS))
    audit_record(actor=actor, instance=benefit, action=AuditEntry.Action.CREATE, changes=changes)
    return benefit


@transaction.atomic
def benefit_update(
    *,
    actor: Actor,
    benefit: Benefit,
    expected_version: int,
    objectives=None,
    approved: bool | None = None,
    **fields: Any,
) -> Benefit:
    """Change a profile; `approved=True` vaststelt it (only when it passes DOAM),
    `False` takes that back. A vastgesteld profile stays DOAM-complete."""
    unknown = set(fields) - set(BENEFIT_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    current = lock(Benefit.objects, pk=benefit.pk, expected_version=expected_version)
    if not is_editable(current, actor.user):
        raise PermissionDenied
    before = snapshot(current, BENEFIT_FIELDS)
    was_approved = current.is_approved
    # Compared as values (35 is the stored 35.00), before they are set.
    changed = {n: v for n, v in fields.items() if getattr(current, n) != v}
    for name, value in changed.items():
        setattr(current, name, value)
    _validate(current)
    approve = was_approved if approved is None else approved
    if approve:
        errors = doam_errors(current)
        if errors:
            raise ValidationError(errors)
    if approve != was_approved:
        changed["approved_at"] = timezone.now() if approve else None
        changed["approved_by"] = actor.saved_user if approve else None
    old_objectives = set(current.objectives.values_list("pk", flat=True))
    new_objectives = old_objectives if objectives is None else {o.pk for o in objectives}
    if not changed and new_objectives == old_objectives:
        return current
    bump(current, expected_version=expected_version, **changed)
    if new_objectives != old_objectives:
        current.objectives.set(objectives)
    progress_refresh(current)
    changes = diff(before, snapshot(current, BENEFIT_FIELDS))
    if approve != was_approved:
        changes[_("vastgesteld")] = [_("nee"), _("ja")] if approve else [_("ja"), _("nee")]
    if new_objectives != old_objectives:
        changes[_("doelstellingen")] = [str(len(old_objectives)), str(len(new_objectives))]
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current


@transaction.atomic
def plan_set(
    *, actor: Actor, benefit: Benefit, expected_version: int, points: list[tuple]
) -> Benefit:
    """Replace the realisation plan: (date, value) points between baseline and target."""
    current = lock(Benefit.objects, pk=benefit.pk, expected_version=expected_version)
    if not is_editable(current, actor.user):
        raise PermissionDenied
    errors = []
    dates = [day for day, _value in points]
    if len(set(dates)) != len(dates):
        errors.append(_("Elke datum komt één keer voor in het plan."))
    start, end = current.baseline_date, current.target_date
    if start is None or end is None:
        errors.append(_("Leg eerst de nulmeting en de streefwaarde vast, met hun datums."))
    elif any(not start < day < end for day in dates):
        errors.append(
            _("Tussendoelen liggen tussen de nulmeting (%(start)s) en de streefdatum (%(end)s).")
            % {"start": f"{start:%d-%m-%Y}", "end": f"{end:%d-%m-%Y}"}
        )
    if errors:
        raise ValidationError({"planned": errors})
    before = list(current.planned.values_list("date", "value"))
    PlannedValue.objects.filter(benefit=current).delete()
    PlannedValue.objects.bulk_create(
        [PlannedValue(benefit=current, date=day, value=value) for day, value in sorted(points)]
    )
    bump(current, expected_version=expected_version)
    progress_refresh(current)
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.UPDATE,
        changes={_("tussendoelen"): [_points(before), _points(sorted(points))]},
    )
    return current


def _points(points) -> str:
    return "; ".join(f"{day:%d-%m-%Y} {value}" for day, value in points)


@transaction.atomic
def contribution_set(
    *, actor: Actor, benefit: Benefit, project: Project, share: Decimal | None
) -> Contribution | None:
    """Attribute `share` % of the benefit to the project (None or 0 removes it). The
    benefit row is locked, so two people attributing at once cannot pass 100 % together."""
    current = Benefit.objects.select_for_update().get(pk=benefit.pk)
    if not is_editable(current, actor.user):
        raise PermissionDenied
    if not Project.objects.visible_to(actor.user).filter(pk=project.pk).exists():
        raise ValidationError({"project": [_("Onbekend project.")]})
    others = list(current.contributions.exclude(project=project).values_list("share", flat=True))
    old = current.contributions.filter(project=project).first()
    if not share:
        if old is None:
            return None
        if current.is_approved and not others:
            raise ValidationError(
                {
                    "share": [
                        _("Een vastgestelde baat blijft aan ten minste één project toegerekend.")
                    ]
                }
            )
        old.delete()
        result = None
    else:
        result = _share_save(current, project, share, others)
    bump(current, expected_version=current.version)
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.UPDATE,
        changes={
            _("toerekening %(project)s") % {"project": project.code}: [
                f"{old.share:g} %" if old else "",
                f"{share:g} %" if share else "",
            ]
        },
    )
    return result


def _share_save(benefit: Benefit, project: Project, share: Decimal, others: list) -> Contribution:
    errors = profile_rules.shares_errors([*others, share])
    if errors:
        raise ValidationError({"share": errors})
    contribution, _created = Contribution.objects.update_or_create(
        benefit=benefit, project=project, defaults={"share": share}
    )
    return contribution


def progress_refresh(benefit: Benefit, *, last: Measurement | None = None) -> None:
    """Recompute the derived progress of one profile from its newest measurement and plan."""
    if last is None:
        last = benefit.measurements.order_by("-measured_on").first()
    planned = [realisation.Point(p.date, p.value) for p in benefit.planned.all()]
    values = derived_progress(benefit, last, planned, timezone.localdate())
    Benefit.objects.filter(pk=benefit.pk).update(**values)
    for name, value in values.items():
        setattr(benefit, name, value)


def derived_progress(benefit: Benefit, last, planned, today: dt.date) -> dict[str, Any]:
    def point(day, value):
        return realisation.Point(day, value) if day and value is not None else None

    result = realisation.progress(
        baseline=point(benefit.baseline_date, benefit.baseline_value),
        target=point(benefit.target_date, benefit.target_value),
        planned=planned,
        last=point(last.measured_on, last.value) if last else None,
        financial=benefit.is_financial,
        disbenefit=benefit.kind == Benefit.Kind.DISBENEFIT,
    )
    start = benefit.created_at.date() if benefit.created_at else today
    due = realisation.due_on(
        last=last.measured_on if last else None,
        baseline=benefit.baseline_date,
        start=start,
        months=benefit.frequency,
    )
    return {
        "last_value": last.value if last else None,
        "last_measured_on": last.measured_on if last else None,
        "realisation": result.realisation,
        "expected": result.expected,
        "track": result.track,
        "due_on": due if benefit.status in ACTIVE else None,
        "planned_amount": result.planned_amount,
        "realised_amount": result.realised_amount,
    }
