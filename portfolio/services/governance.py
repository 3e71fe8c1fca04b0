"""Gates and the board: proposing a phase change, deciding it, preparing the agenda."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.audit import audit_record
from pmo.models import AuditEntry, User

from ..models import (
    PHASE_ORDER,
    AgendaItem,
    BoardMeeting,
    BusinessCaseVersion,
    DocumentKind,
    GateDecision,
    LifecycleStatus,
    Phase,
    PhaseRequirement,
    Project,
    StatusReport,
)
from .status import agenda_place_report, next_meeting

PHASES = list(Phase)


def next_phase(phase: str) -> str | None:
    index = PHASE_ORDER[phase] + 1
    return PHASES[index].value if index < len(PHASES) else None


def missing_documents(project: Project) -> list[str]:
    """Labels of the documents the current phase requires that the project lacks."""
    requirement = PhaseRequirement.objects.filter(phase=project.phase).first()
    required = requirement.required_documents if requirement else []
    present = set(project.documents.values_list("kind", flat=True))
    labels = dict(DocumentKind.choices)
    return [str(labels.get(kind, kind)) for kind in required if kind not in present]


@transaction.atomic
def gate_propose(
    *,
    actor: User,
    project: Project,
    proposal: str,
    costs: dict[str, Decimal] | None = None,
    benefits: dict[str, Decimal] | None = None,
    options: str = "",
) -> GateDecision:
    """Ask the board to move the project to its next phase; the business case is kept
    as it stands now."""
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
        proposed_by=actor,
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
        source=AuditEntry.Source.UI,
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
    actor: User,
    gate: GateDecision,
    decision: str,
    reasoning: str,
    conditions: str = "",
    delivery_confidence: str = "",
    meeting: BoardMeeting | None = None,
    **gotik: str,
) -> GateDecision:
    gate = GateDecision.objects.select_for_update().get(pk=gate.pk)
    if not gate.is_open:
        raise ValidationError(_("Over deze faseovergang is al besloten."))
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
    gate.decided_by = actor
    gate.decided_at = timezone.now()
    gate.meeting = meeting or gate.meeting
    gate.save()

    project = Project.objects.select_for_update().get(pk=gate.project_id)
    changes: dict[str, Any] = {}
    if decision in (GateDecision.Decision.GO, GateDecision.Decision.GO_CONDITIONS):
        changes["phase"] = gate.to_phase
        if project.status in (LifecycleStatus.PROPOSED, LifecycleStatus.ON_HOLD):
            changes["status"] = LifecycleStatus.ACTIVE
        if gate.to_phase == Phase.CLOSED:
            changes["status"] = LifecycleStatus.COMPLETED
    elif decision == GateDecision.Decision.HOLD:
        changes["status"] = LifecycleStatus.ON_HOLD
    elif decision == GateDecision.Decision.STOP:
        changes["status"] = LifecycleStatus.CANCELLED
    before = {name: getattr(project, f"get_{name}_display")() for name in changes}
    Project.objects.filter(pk=project.pk).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    project.refresh_from_db()
    after = {name: getattr(project, f"get_{name}_display")() for name in changes}
    audit_record(
        actor=actor,
        instance=project,
        action=AuditEntry.Action.UPDATE,
        source=AuditEntry.Source.UI,
        changes={
            **{name: [before[name], after[name]] for name in changes},
            _("besluit portfolioraad"): ["", gate.get_decision_display()],
        },
    )
    AgendaItem.objects.filter(gate=gate).update(
        decision=gate.get_decision_display(),
        reasoning=reasoning,
        decided_by=actor,
        decided_at=gate.decided_at,
    )
    return gate


@transaction.atomic
def agenda_decide(*, actor: User, item: AgendaItem, decision: str, reasoning: str) -> AgendaItem:
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.kind == AgendaItem.Kind.GATE:
        raise ValidationError(_("Over een faseovergang besluit u met het beslisdocument."))
    if item.decided_at:
        raise ValidationError(_("Over dit agendapunt is al besloten."))
    errors = {}
    if not decision.strip():
        errors["decision"] = [_("Leg het besluit vast.")]
    if not reasoning.strip():
        errors["reasoning"] = [_("Een besluit van de portfolioraad wordt gemotiveerd.")]
    if errors:
        raise ValidationError(errors)
    item.decision = decision
    item.reasoning = reasoning
    item.decided_by = actor
    item.decided_at = timezone.now()
    item.save()
    audit_record(
        actor=actor,
        instance=item.project,
        action=AuditEntry.Action.UPDATE,
        source=AuditEntry.Source.UI,
        changes={_("besluit portfolioraad"): ["", f"{item.get_kind_display()}: {decision}"]},
    )
    return item


@transaction.atomic
def meeting_prepare_agenda(*, actor: User, meeting: BoardMeeting) -> int:
    """Put every pending gate proposal, exception and escalation on this meeting."""
    if meeting.state != BoardMeeting.State.PLANNED:
        raise ValidationError(_("Een gehouden vergadering krijgt geen nieuwe agendapunten."))
    added = 0
    for gate in GateDecision.objects.filter(decision="", agenda_items__isnull=True):
        AgendaItem.objects.create(
            meeting=meeting, kind=AgendaItem.Kind.GATE, project_id=gate.project_id, gate=gate
        )
        added += 1
    pending_reports = (
        StatusReport.objects.current()
        .filter(state=StatusReport.State.SUBMITTED)
        .filter(Q(is_exception=True) | ~Q(escalations="") | ~Q(decisions_requested=""))
        .exclude(agenda_items__isnull=False)
        .select_related("project")
    )
    for report in pending_reports:
        added += len(agenda_place_report(report=report, meeting=meeting))
    return added
