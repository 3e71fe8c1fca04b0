"""Writes to the issue register: raise, change (versioned), advance through the workflow,
escalate one level up and back, decide.

Who decides (risks/rules/workflow.py): within the projectleider's tolerance whoever may
change the issue (the projectleider, the PMO-analist) or the portfolioraad; a request for
change beyond tolerance only the portfolioraad. Such a request goes on the board's agenda
once it is proposed, and the board's approval applies the baseline change it asks for
(risks/services/changes.py) in the same transaction. An issue escalated to the portfolio
goes before the board too; the agenda item follows the issue (placed, withdrawn, closed
with the decision)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo import access
from pmo.actors import Actor
from pmo.audit import audit_record, diff, snapshot
from pmo.models import AuditEntry
from pmo.versioning import bump, lock
from portfolio.governance.models import AgendaItem
from portfolio.governance.services import (
    agenda_close_subject,
    agenda_place_subject,
    agenda_withdraw_subject,
)
from portfolio.projects.models import Portfolio, Programme, Project

from ..models import Issue, Level
from ..rules import workflow
from .changes import baseline_apply
from .escalation import deescalate, escalate
from .risks import can_raise_risk

ISSUE_FIELDS = [
    "type", "title", "description", "priority", "severity", "owner", "raised_on", "impact",
    "beyond_tolerance", "proposal", "requested_end", "requested_budget_change",
]  # fmt: skip
# What a request is: fixed once it is decided, so the decision keeps what it was about.
REQUEST_FIELDS = {
    "type", "beyond_tolerance", "proposal", "requested_end", "requested_budget_change",
}  # fmt: skip
DECISION_FIELDS = ["status", "decision", "decision_reasoning"]
BASELINE_REQUEST = ("requested_end", "requested_budget_change")


def needs_board(issue: Issue) -> bool:
    return workflow.needs_board(
        is_change_request=issue.type.is_change_request, beyond_tolerance=issue.beyond_tolerance
    )


def awaits_board(issue: Issue) -> bool:
    return workflow.awaits_board(
        is_change_request=issue.type.is_change_request,
        beyond_tolerance=issue.beyond_tolerance,
        status=issue.status,
    )


def asks_baseline_change(issue: Issue) -> bool:
    return issue.requested_end is not None or bool(issue.requested_budget_change)


def can_decide_issue(user, issue: Issue, *, editable: bool | None = None) -> bool:
    """The portfolioraad always; within tolerance also whoever may change the issue
    (`editable` when the caller knows it already)."""
    if access.can_decide(user):
        return True
    if needs_board(issue):
        return False
    return access.is_editable(issue, user) if editable is None else editable


def _validate(issue: Issue) -> None:
    errors: dict[str, list[str]] = {}
    try:
        issue.full_clean(exclude=["home_level"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if "type" not in errors and not issue.type.is_change_request:
        for name in BASELINE_REQUEST:
            if getattr(issue, name) is not None:
                errors.setdefault(name, []).append(
                    _("Alleen een wijzigingsverzoek vraagt om een andere baseline.")
                )
    if issue.project_id is None:
        for name in BASELINE_REQUEST:
            if getattr(issue, name) is not None and name not in errors:
                errors.setdefault(name, []).append(
                    _("Een baseline hoort bij een project: kies het project.")
                )
    if errors:
        raise ValidationError(errors)


def _board_follows(issue: Issue) -> None:
    """Keep the board's agenda in step with the issue after a change: a proposed request
    beyond tolerance on it (kind wijzigingsverzoek), a finished issue off it, and one no
    longer awaiting the board back to its escalation if it is still escalated."""
    if issue.project_id is None:
        return
    if awaits_board(issue):
        agenda_place_subject(subject=issue, project=issue.project, kind=AgendaItem.Kind.CHANGE)
    elif issue.status in workflow.FINISHED:
        agenda_withdraw_subject(subject=issue)
    elif agenda_withdraw_subject(subject=issue, kind=AgendaItem.Kind.CHANGE) and (
        issue.level == Level.PORTFOLIO and issue.is_escalated
    ):
        agenda_place_subject(subject=issue, project=issue.project, kind=AgendaItem.Kind.ESCALATION)


@transaction.atomic
def issue_create(
    *,
    actor: Actor,
    project: Project | None = None,
    programme: Programme | None = None,
    portfolio: Portfolio | None = None,
    **fields: Any,
) -> Issue:
    """Raise an issue at the lowest level given (a project, else a programme, else the
    portfolio), as vastgelegd; the same people as a risk may."""
    if not can_raise_risk(actor.user, project=project, programme=programme):
        raise PermissionDenied
    unknown = set(fields) - set(ISSUE_FIELDS) - {"external_id"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    level = Level.PROJECT if project else Level.PROGRAMME if programme else Level.PORTFOLIO
    portfolio = project.portfolio if project else programme.portfolio if programme else portfolio
    issue = Issue(
        project=project,
        programme=project.programme if project else programme,
        portfolio=portfolio,
        level=level,
        home_level=level,
        raised_by=actor.saved_user,
        **fields,
    )
    _validate(issue)
    issue.save()
    changes = diff({}, snapshot(issue, [*ISSUE_FIELDS, "status"]))
    audit_record(actor=actor, instance=issue, action=AuditEntry.Action.CREATE, changes=changes)
    return issue


def _write(*, actor: Actor, current: Issue, expected_version: int, before: dict, names) -> Issue:
    changes = diff(before, snapshot(current, [*ISSUE_FIELDS, *DECISION_FIELDS]))
    if not changes:
        return current
    bump(current, expected_version=expected_version, **{n: getattr(current, n) for n in names})
    current.refresh_from_db()
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current


@transaction.atomic
def issue_update(*, actor: Actor, issue: Issue, expected_version: int, **fields: Any) -> Issue:
    """Change an issue if nobody did since `expected_version`. What a request asks for
    is fixed once it is decided."""
    unknown = set(fields) - set(ISSUE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    current = lock(Issue.objects, pk=issue.pk, expected_version=expected_version)
    if not access.is_editable(current, actor.user):
        raise PermissionDenied
    before = snapshot(current, [*ISSUE_FIELDS, *DECISION_FIELDS])
    if current.decision:
        fixed = {n for n in REQUEST_FIELDS & set(fields) if fields[n] != getattr(current, n)}
        if fixed:
            message = _("Over dit verzoek is besloten; wat het vraagt, wijzigt niet meer.")
            raise ValidationError({name: [message] for name in sorted(fixed)})
    for name, value in fields.items():
        setattr(current, name, value)
    _validate(current)
    current = _write(
        actor=actor, current=current, expected_version=expected_version, before=before,
        names=fields,
    )  # fmt: skip
    _board_follows(current)
    return current


def _advance_messages(target: str) -> dict[str, tuple[str, str]]:
    label = Issue.Status(target).label if target in Issue.Status.values else target
    return {
        workflow.SAME: ("status", _("Het issue staat al op %(status)s.") % {"status": label}),
        workflow.FROM_CLOSED: ("status", _("Een gesloten issue gaat niet verder.")),
        workflow.BY_DECISION: (
            "status",
            _("Een besluit legt u vast met het besluit en de motivering, niet als stap."),
        ),
        workflow.NOT_NEXT: (
            "status",
            _("Een issue gaat één stap verder in de workflow, of naar gesloten."),
        ),
        workflow.NO_PROPOSAL: ("proposal", _("Beschrijf het voorstel voordat u het voorlegt.")),
    }


@transaction.atomic
def issue_advance(*, actor: Actor, issue: Issue, expected_version: int, to_status: str) -> Issue:
    """One step forward in the workflow, or to gesloten from any step."""
    current = lock(Issue.objects, pk=issue.pk, expected_version=expected_version)
    if not access.is_editable(current, actor.user):
        raise PermissionDenied
    refusal = workflow.advance_refusal(
        current.status, to_status, has_proposal=bool(current.proposal.strip())
    )
    if refusal:
        field, message = _advance_messages(to_status)[refusal]
        raise ValidationError({field: [message]})
    before = snapshot(current, [*ISSUE_FIELDS, *DECISION_FIELDS])
    current.status = to_status
    current = _write(
        actor=actor, current=current, expected_version=expected_version, before=before,
        names=["status"],
    )  # fmt: skip
    _board_follows(current)
    return current


@transaction.atomic
def issue_escalate(*, actor: Actor, issue: Issue, expected_version: int, reason: str) -> Issue:
    """One level up with a reason; at the portfolio a project's issue goes before the
    board (as its request for change when it awaits the board anyway)."""
    current = escalate(
        actor=actor,
        queryset=Issue.objects,
        item=issue,
        expected_version=expected_version,
        reason=reason,
    )
    at_the_top = current.level == Level.PORTFOLIO and current.status not in workflow.FINISHED
    if at_the_top and current.project_id is not None:
        kind = AgendaItem.Kind.CHANGE if awaits_board(current) else AgendaItem.Kind.ESCALATION
        agenda_place_subject(subject=current, project=current.project, kind=kind)
    return current


@transaction.atomic
def issue_deescalate(*, actor: Actor, issue: Issue, expected_version: int) -> Issue:
    """Back to where it was raised; its escalation leaves the board's agenda (a request
    awaiting the board stays on it)."""
    current = deescalate(
        actor=actor,
        queryset=Issue.objects,
        item=issue,
        expected_version=expected_version,
        not_escalated=_("Dit issue is niet geëscaleerd."),
    )
    agenda_withdraw_subject(subject=current, kind=AgendaItem.Kind.ESCALATION)
    return current


def _decision_errors(issue: Issue, user, decision: str, reasoning: str) -> dict:
    errors: dict[str, list[str]] = {}
    if issue.status in workflow.FINISHED:
        errors["decision"] = [_("Over dit issue is al besloten, of het is gesloten.")]
        return errors
    if issue.status != workflow.PROPOSED:
        errors["decision"] = [_("Een besluit volgt op een voorstel: leg het issue eerst voor.")]
        return errors
    if decision not in Issue.Decision.values:
        errors["decision"] = [_("Kies goedgekeurd, afgewezen, uitgesteld of concessie.")]
    elif decision == Issue.Decision.CONCESSION and issue.type.is_change_request:
        errors["decision"] = [
            _("Een concessie aanvaardt een afwijking; een wijzigingsverzoek keurt u goed of af.")
        ]
    approves_baseline = (
        decision == Issue.Decision.APPROVED
        and issue.type.is_change_request
        and asks_baseline_change(issue)
    )
    if approves_baseline and not access.can_decide(user):
        errors["decision"] = [
            _(
                "Een andere baseline besluit de portfolioraad. Binnen de tolerantie blijft de "
                "baseline staan: haal de gevraagde wijziging weg, of leg het verzoek als "
                "buiten de tolerantie voor."
            )
        ]
    if not reasoning.strip():
        errors["decision_reasoning"] = [_("Een besluit wordt gemotiveerd.")]
    return errors


@transaction.atomic
def issue_decide(
    *, actor: Actor, issue: Issue, expected_version: int, decision: str, reasoning: str
) -> Issue:
    """Record the decision on a proposed issue (it becomes besloten). An approved request
    for change applies its baseline change to the project; the issue's open item on the
    board's agenda gets the decision."""
    current = lock(Issue.objects, pk=issue.pk, expected_version=expected_version)
    if not can_decide_issue(actor.user, current):
        raise PermissionDenied
    errors = _decision_errors(current, actor.user, decision, reasoning)
    if errors:
        raise ValidationError(errors)
    before = snapshot(current, [*ISSUE_FIELDS, *DECISION_FIELDS])
    current.status = workflow.DECIDED
    current.decision = decision
    current.decision_reasoning = reasoning.strip()
    changes = diff(before, snapshot(current, [*ISSUE_FIELDS, *DECISION_FIELDS]))
    bump(
        current,
        expected_version=expected_version,
        status=current.status,
        decision=current.decision,
        decision_reasoning=current.decision_reasoning,
        decided_by=actor.saved_user,
        decided_at=timezone.now(),
    )
    current.refresh_from_db()
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    if decision == Issue.Decision.APPROVED and current.type.is_change_request:
        baseline_apply(actor=actor, issue=current, today=timezone.localdate())
    agenda_close_subject(
        actor=actor,
        subject=current,
        decision=current.get_decision_display(),
        reasoning=current.decision_reasoning,
    )
    return current
