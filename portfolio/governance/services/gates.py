"""Gates: proposing a phase change with its business case, the board deciding it (and
the baseline it sets), the documents a phase requires."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.actors import Actor
from pmo.audit import audit_record
from pmo.models import AuditEntry
from pmo.versioning import bump
from pmo.webhooks.events import emit
from pmo.webhooks.models import Event

from ...projects.models import Project, closure_fields
from ...projects.services import BASELINE_FIELDS, budget_replace
from ..models import AgendaItem, BoardMeeting, BusinessCaseVersion, GateDecision, ProjectDocument
from ..rules import next_phase, project_changes_for, too_early
from ..selectors import missing_documents, next_meeting


@transaction.atomic
def gate_propose(
    *,
    actor: Actor,
    project: Project,
    proposal: str,
    costs: dict[str, Decimal] | None = None,
    benefits: dict[int | str, Decimal] | None = None,
    options: str = "",
) -> GateDecision:
    """Ask the board to move the project to its next phase; the business case is kept
    as it stands now: the costs per year from the budget (unless given), the benefits
    per year as the caller read them from the attributed benefit profiles (governance
    comes before benefits and does not read them itself), so a decided gate keeps what
    the board saw."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    target = next_phase(project.phase)
    if target is None:
        raise ValidationError(_("Dit project is afgesloten; er is geen volgende fase."))
    if GateDecision.objects.filter(project=project, decision="").exists():
        raise ValidationError(_("Er ligt al een faseovergang ter besluitvorming."))
    missing = missing_documents(project)
    if missing:
        raise ValidationError(
            _("Voor het verlaten van de fase %(phase)s ontbreekt: %(documents)s.")
            % {"phase": project.get_phase_display(), "documents": ", ".join(missing)}
        )
    if not proposal.strip():
        raise ValidationError({"proposal": _("Beschrijf wat u de portfolioraad voorstelt.")})
    gate = GateDecision.objects.create(
        project=project,
        from_phase=project.phase,
        to_phase=target,
        proposal=proposal,
        proposed_by=actor.saved_user,
    )
    if costs is None:
        costs = {str(b.year): str(b.amount) for b in project.budgets.all()}
    BusinessCaseVersion.objects.create(
        project=project,
        gate=gate,
        costs={str(k): str(v) for k, v in costs.items()},
        benefits={str(k): str(v) for k, v in (benefits or {}).items()},
        options=options,
    )
    audit_record(
        actor=actor,
        instance=project,
        action=AuditEntry.Action.UPDATE,
        changes={_("faseovergang voorgesteld"): ["", str(gate)]},
    )
    meeting = next_meeting()
    if meeting is not None:
        AgendaItem.objects.create(
            meeting=meeting, kind=AgendaItem.Kind.GATE, project=project, gate=gate
        )
    return gate


GOTIK_FIELDS = [
    "gotik_money",
    "gotik_organisation",
    "gotik_time",
    "gotik_information",
    "gotik_quality",
]


@transaction.atomic
def gate_decide(
    *,
    actor: Actor,
    gate: GateDecision,
    decision: str,
    reasoning: str,
    conditions: str = "",
    delivery_confidence: str = "",
    meeting: BoardMeeting | None = None,
    planned_start=None,
    planned_end=None,
    **gotik: str,
) -> GateDecision:
    """Record the board's decision and apply it to the project. On go the baseline is
    set: the planned dates given (or kept) and the business case's costs as budget."""
    gate = GateDecision.objects.select_for_update().get(pk=gate.pk)
    if not gate.is_open:
        raise ValidationError(_("Over deze faseovergang is al besloten."))
    early = too_early(meeting or gate.meeting, timezone.localdate())
    if early:
        raise ValidationError(early)
    errors = {}
    if decision not in GateDecision.Decision.values:
        errors["decision"] = [_("Kies go, go met voorwaarden, hold of stop.")]
    if not reasoning.strip():
        errors["reasoning"] = [_("Een besluit van de portfolioraad wordt gemotiveerd.")]
    if decision == GateDecision.Decision.GO_CONDITIONS and not conditions.strip():
        errors["conditions"] = [_("Noem de voorwaarden.")]
    unknown = set(gotik) - set(GOTIK_FIELDS)
    if unknown:
        raise ValueError(f"unknown GOTIK fields {sorted(unknown)}")
    if errors:
        raise ValidationError(errors)
    gate.decision = decision
    gate.reasoning = reasoning
    gate.conditions = conditions
    gate.delivery_confidence = delivery_confidence
    for name, value in gotik.items():
        setattr(gate, name, value)
    gate.decided_by = actor.saved_user
    gate.decided_at = timezone.now()
    gate.meeting = meeting or gate.meeting
    gate.save()

    project = Project.objects.select_for_update().get(pk=gate.project_id)
    changes = project_changes_for(decision=decision, to_phase=gate.to_phase, status=project.status)
    before = {name: getattr(project, f"get_{name}_display")() for name in changes}
    baseline: dict = {}
    goes_on = decision in (GateDecision.Decision.GO, GateDecision.Decision.GO_CONDITIONS)
    if goes_on:
        baseline = _baseline_dates(project, planned_start, planned_end)
        baseline.update(_baseline_budget(project, gate))
    dates = {name: new for name, (_old, new) in baseline.items() if name in BASELINE_FIELDS}
    status = changes.get("status", project.status)
    closure = closure_fields(project.status, status, timezone.localdate())
    bump(
        project,
        expected_version=project.version,
        updated_at=timezone.now(),
        **changes,
        **dates,
        **closure,
    )
    project.refresh_from_db()
    after = {name: getattr(project, f"get_{name}_display")() for name in changes}
    audit_record(
        actor=actor,
        instance=project,
        action=AuditEntry.Action.UPDATE,
        changes={
            **{name: [before[name], after[name]] for name in changes},
            **{name: [str(old or ""), str(new or "")] for name, (old, new) in baseline.items()},
            _("besluit portfolioraad"): ["", gate.get_decision_display()],
        },
    )
    AgendaItem.objects.filter(gate=gate).update(
        decision=gate.get_decision_display(),
        reasoning=reasoning,
        decided_by=actor.saved_user,
        decided_at=gate.decided_at,
    )
    emit(
        Event.GATE_DECIDED,
        {
            "gate": gate.pk,
            "project": gate.project_id,
            "external_id": gate.project.external_id,
            "decision": gate.decision,
            "to_phase": gate.to_phase,
        },
    )
    return gate


def _baseline_dates(project: Project, planned_start, planned_end) -> dict:
    given = {"planned_start": planned_start, "planned_end": planned_end}
    start = planned_start or project.planned_start
    end = planned_end or project.planned_end
    if start and end and end < start:
        raise ValidationError({"planned_end": _("Het geplande einde ligt vóór de geplande start.")})
    return {
        name: (getattr(project, name), value)
        for name, value in given.items()
        if value and value != getattr(project, name)
    }


def _baseline_budget(project: Project, gate: GateDecision) -> dict:
    """The business case the board approved becomes the budget baseline."""
    case = BusinessCaseVersion.objects.filter(gate=gate).first()
    if case is None or not case.costs:
        return {}
    amounts = {int(year): Decimal(amount) for year, amount in case.costs.items()}
    return {name: tuple(values) for name, values in budget_replace(project, amounts).items()}


@transaction.atomic
def document_add(
    *, actor: Actor, project: Project, kind: str, title: str, link: str = ""
) -> ProjectDocument:
    """Record a document of the project's current phase (what its gate requires)."""
    document = ProjectDocument(
        project=project,
        kind=kind,
        title=title,
        link=link,
        phase=project.phase,
        added_by=actor.saved_user,
    )
    document.full_clean()
    document.save()
    audit_record(
        actor=actor,
        instance=project,
        action=AuditEntry.Action.UPDATE,
        changes={_("document toegevoegd"): ["", f"{document.get_kind_display()}: {title}"]},
    )
    return document
