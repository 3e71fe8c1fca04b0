"""Writes to projects: typed, keyword-only, atomic, audited, guarded by `version`."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmo.access import can_change_baseline
from pmo.actors import Actor
from pmo.audit import audit_record, diff, snapshot
from pmo.models import AuditEntry
from pmo.versioning import bump, lock

from ..models import CLOSED_STATUSES, Milestone, Project, ProjectBudget, closure_fields

# Fields a project form or API client may change; everything else is managed here.
PROJECT_EDITABLE_FIELDS = [
    "code",
    "name",
    "description",
    "kind",
    "portfolio",
    "org_unit",
    "programme",
    "sponsor",
    "manager",
    "phase",
    "status",
    "delivery_approach",
    "statutory",
    "planned_start",
    "planned_end",
    "external_id",
]
# The baseline the tolerances measure forecasts against. The board sets it when it
# decides a gate; otherwise only the PMO-analist changes it, with a reason.
BASELINE_FIELDS = ["planned_start", "planned_end"]
# Whether a project is statutory decides whether every scenario must take it in: the
# PMO-analist's call too, never the projectleider's own.
GUARDED_FIELDS = [*BASELINE_FIELDS, "statutory"]
BASELINE_REFUSED = gettext_lazy(
    "De baseline wijzigt met een besluit van de portfolioraad over een faseovergang, of "
    "door de PMO-analist met een reden. U wijzigt de prognose in de rapportage."
)
CLOSING_REFUSED = gettext_lazy(
    "Een project wordt afgesloten of gestopt met een besluit van de portfolioraad, of "
    "door de PMO-analist met een reden."
)
PHASE_BY_GATE = gettext_lazy(
    "Een project gaat naar een volgende fase met een besluit van de portfolioraad "
    "(beslisdocument), niet door de fase te wijzigen."
)
REASON_NEEDED = gettext_lazy("Geef de reden van deze wijziging; die komt in de historie.")


def guarded_changes(current: Project, fields: dict[str, Any]) -> dict[str, str]:
    """The changes among `fields` that only the board or the PMO-analist may make:
    {field: why it is guarded}. Closing, stopping or reopening a project is one."""
    guarded = {
        name: BASELINE_REFUSED
        for name in GUARDED_FIELDS
        if name in fields and fields[name] != getattr(current, name)
    }
    status = fields.get("status", current.status)
    if status != current.status and {status, current.status} & set(CLOSED_STATUSES):
        guarded["status"] = CLOSING_REFUSED
    return guarded


def require_baseline_right(actor: Actor, refusals: dict[str, Any], reason: str) -> None:
    """The one baseline rule: the changes in `refusals` ({field: why it is refused}) are
    the PMO-analist's, and need a reason. Nothing to refuse, nothing asked."""
    if not refusals:
        return
    if not can_change_baseline(actor.user):
        raise ValidationError({name: [str(why)] for name, why in refusals.items()})
    if not reason.strip():
        raise ValidationError({"reason": [str(REASON_NEEDED)]})


def check_guarded(*, actor: Actor, current: Project, fields: dict[str, Any], reason: str) -> None:
    """Refuse guarded changes to anyone but the PMO-analist, and to them without a reason.
    The admin's form asks this before saving, so its refusal is a form error too."""
    require_baseline_right(actor, guarded_changes(current, fields), reason)


@transaction.atomic
def project_create(*, actor: Actor, **fields: Any) -> Project:
    project = Project(**fields)
    for name, value in closure_fields("", project.status, timezone.localdate()).items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    audit_record(
        actor=actor,
        instance=project,
        action=AuditEntry.Action.CREATE,
        changes=diff({}, snapshot(project, PROJECT_EDITABLE_FIELDS)),
    )
    return project


@transaction.atomic
def project_update(
    *,
    actor: Actor,
    project: Project,
    expected_version: int,
    reason: str = "",
    **fields: Any,
) -> Project:
    """Apply `fields` if nobody changed the project since `expected_version`.

    Raises StaleError naming what changed meanwhile; nothing is written then. Baseline
    dates and closing the project are refused to all but the PMO-analist, who gives a
    `reason` that the audit keeps.
    """
    unknown = set(fields) - set(PROJECT_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    current = lock(Project.objects, pk=project.pk, expected_version=expected_version)
    if "phase" in fields and fields["phase"] != current.phase:
        raise ValidationError({"phase": [str(PHASE_BY_GATE)]})
    check_guarded(actor=actor, current=current, fields=fields, reason=reason)
    before = snapshot(current, PROJECT_EDITABLE_FIELDS)
    closure = closure_fields(
        current.status, fields.get("status", current.status), timezone.localdate()
    )
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    changes = diff(before, snapshot(current, PROJECT_EDITABLE_FIELDS))
    if not changes:
        return current
    # The version condition in the UPDATE itself guards databases without row locks.
    bump(
        current,
        expected_version=expected_version,
        updated_at=timezone.now(),
        **{name: getattr(current, name) for name in fields},
        **closure,
    )
    current.refresh_from_db()
    if reason.strip():
        changes[_("reden")] = ["", reason.strip()]
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current


@transaction.atomic
def budget_set(
    *,
    actor: Actor,
    project: Project,
    expected_version: int,
    amounts: dict[int, Decimal],
    reason: str,
) -> Project:
    """The PMO-analist changes the budget baseline per year, with a reason; a year with
    no amount (None) is removed. The project's version guards it like any other edit."""
    require_baseline_right(actor, {"amounts": BASELINE_REFUSED}, reason)
    current = lock(Project.objects, pk=project.pk, expected_version=expected_version)
    changes = budget_replace(current, amounts)
    if not changes:
        return current
    bump(current, expected_version=expected_version, updated_at=timezone.now())
    current.refresh_from_db()
    changes[_("reden")] = ["", reason.strip()]
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current


def budget_replace(project: Project, amounts: dict[int, Decimal | None]) -> dict:
    """Write the yearly budget lines; returns {"budget <year>": [old, new]} for the audit.
    Callers hold the project's lock and record the audit."""
    existing = {b.year: b for b in ProjectBudget.objects.filter(project=project)}
    changes = {}
    for year, amount in sorted(amounts.items()):
        line = existing.get(year)
        old = line.amount if line else None
        if amount is not None and amount < 0:
            raise ValidationError({"amounts": [_("Een budget is niet negatief.")]})
        if old == amount:
            continue
        if amount is None:
            line.delete()
        elif line is None:
            ProjectBudget.objects.create(project=project, year=year, amount=amount)
        else:
            line.amount = amount
            line.save(update_fields=["amount", "updated_at"])
        label = _("budget %(year)s") % {"year": year}
        changes[label] = [_money(old), _money(amount)]
    return changes


def _money(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    return "€ " + number_format(amount, 2, use_l10n=True, force_grouping=True)


MILESTONE_FIELDS = ["name", "baseline_date", "forecast_date", "actual_date"]
# What the projectleider keeps; name and baseline are the baseline's rule.
MILESTONE_FORECAST_FIELDS = ["forecast_date", "actual_date"]


def _milestone_errors(values: dict[str, Any], today) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    actual = values.get("actual_date")
    if actual is not None and actual > today:
        errors["actual_date"] = [_("Een werkelijke datum ligt niet in de toekomst.")]
    return errors


@transaction.atomic
def milestone_update(
    *,
    actor: Actor,
    milestone: Milestone,
    expected_version: int,
    reason: str = "",
    **fields: Any,
) -> Milestone:
    """Forecast and actual date by whoever may edit the project; name and baseline date
    only by the PMO-analist, with a reason. Versioned and audited like the project."""
    unknown = set(fields) - set(MILESTONE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    current = lock(Milestone.objects, pk=milestone.pk, expected_version=expected_version)
    changed = {n: v for n, v in fields.items() if v != getattr(current, n)}
    guarded = {n: BASELINE_REFUSED for n in changed if n not in MILESTONE_FORECAST_FIELDS}
    require_baseline_right(actor, guarded, reason)
    values = {name: getattr(current, name) for name in MILESTONE_FIELDS}
    errors = _milestone_errors({**values, **changed}, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    if not changed:
        return current
    before = snapshot(current, MILESTONE_FIELDS)
    bump(current, expected_version=expected_version, **changed)
    changes = diff(before, snapshot(current, MILESTONE_FIELDS))
    if reason.strip():
        changes[_("reden")] = ["", reason.strip()]
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current


@transaction.atomic
def milestone_create(
    *, actor: Actor, project: Project, name: str, baseline_date, reason: str, forecast_date=None
) -> Milestone:
    """A new milestone is a new baseline: the PMO-analist's, with a reason."""
    require_baseline_right(actor, {"baseline_date": BASELINE_REFUSED}, reason)
    milestone = Milestone(
        project=project, name=name, baseline_date=baseline_date, forecast_date=forecast_date
    )
    milestone.full_clean()
    milestone.save()
    changes = diff({}, snapshot(milestone, MILESTONE_FIELDS))
    changes[_("reden")] = ["", reason.strip()]
    audit_record(actor=actor, instance=milestone, action=AuditEntry.Action.CREATE, changes=changes)
    return milestone
