"""Reads of phases, gates and the portfolioraad that pages, API and services share."""

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from ..projects.models import CLOSED_STATUSES, Phase, Project
from ..status.models import StatusReport
from .models import AgendaItem, BoardMeeting, DocumentKind, GateDecision, PhaseRequirement
from .rules import business_case_years, next_phase


def missing_documents(project: Project) -> list[str]:
    """Labels of the documents the current phase requires that the project lacks."""
    requirement = PhaseRequirement.objects.filter(phase=project.phase).first()
    required = requirement.required_documents if requirement else []
    present = set(project.documents.values_list("kind", flat=True))
    labels = dict(DocumentKind.choices)
    return [str(labels.get(kind, kind)) for kind in required if kind not in present]


def next_meeting() -> BoardMeeting | None:
    return (
        BoardMeeting.objects.filter(
            state=BoardMeeting.State.PLANNED, date__gte=timezone.localdate()
        )
        .order_by("date")
        .first()
    )


def open_gate(project: Project) -> GateDecision | None:
    return project.gates.filter(decision="").first()


def pending_gate_count() -> int:
    return GateDecision.objects.filter(decision="").count()


def meetings(*, user) -> QuerySet[BoardMeeting]:
    """The latest 50 meetings with their number of agenda items (`item_count`), newest
    first: named here, since Django leaves Meta.ordering out of a GROUP BY query."""
    return (
        BoardMeeting.objects.visible_to(user)
        .annotate(item_count=Count("items"))
        .order_by("-date", "-pk")[:50]
    )


# The board first takes the decisions it was asked for (gates, then requests for
# change), then what is out of tolerance, then escalations (of reports, risks and
# issues); within each, by project code.
AGENDA_ORDER = Case(
    When(kind=AgendaItem.Kind.GATE, then=Value(0)),
    When(kind=AgendaItem.Kind.CHANGE, then=Value(1)),
    When(kind=AgendaItem.Kind.EXCEPTION, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def meeting_items(meeting: BoardMeeting) -> list[AgendaItem]:
    """The agenda with what each item shows; the subjects of later domains (a risk, an
    issue) in one query per kind of subject."""
    items = list(
        meeting.items.select_related(
            "project", "report", "gate", "decided_by", "gate__business_case"
        )
        .prefetch_related("earlier_reports", "subject")
        .order_by(AGENDA_ORDER, "project__code", "pk")
    )
    for item in items:
        if item.gate is not None:
            item.gate.project = item.project  # the decision form reads its baseline
            case = getattr(item.gate, "business_case", None)
            item.case_years = business_case_years(case.costs, case.benefits) if case else []
    return items


def reports_for_the_board() -> QuerySet[StatusReport]:
    """Each open project's newest submitted report, where it raises an exception or an
    escalation: older months are replaced by it, so they are not offered again."""
    newest = (
        StatusReport.objects.current()
        .filter(project=OuterRef("project"), state=StatusReport.State.SUBMITTED)
        .order_by()
        .values("project")
        .annotate(latest=Max("period"))
        .values("latest")
    )
    return (
        StatusReport.objects.current()
        .filter(state=StatusReport.State.SUBMITTED, period=Subquery(newest))
        .exclude(project__status__in=CLOSED_STATUSES)
        .filter(Q(is_exception=True) | ~Q(escalations="") | ~Q(decisions_requested=""))
        .select_related("project")
        .order_by("project__code")
    )


def decided_gates(limit: int = 200) -> QuerySet[GateDecision]:
    return (
        GateDecision.objects.exclude(decision="")
        .select_related("project", "decided_by", "meeting")
        .order_by("-decided_at")[:limit]
    )


def decided_items(limit: int = 200) -> QuerySet[AgendaItem]:
    return (
        AgendaItem.objects.exclude(decided_at=None)
        .exclude(kind=AgendaItem.Kind.GATE)
        .select_related("project", "decided_by", "meeting")
        .order_by("-decided_at")[:limit]
    )


def project_governance(*, project: Project) -> dict:
    """Gate decisions, other board decisions and documents of one project."""
    return {
        "gates": list(
            GateDecision.objects.filter(project=project)
            .select_related("decided_by", "meeting", "business_case")
            .order_by("-proposed_at")
        ),
        "board_items": list(
            AgendaItem.objects.filter(project=project, decided_at__isnull=False)
            .exclude(kind=AgendaItem.Kind.GATE)
            .select_related("decided_by", "meeting")
            .order_by("-decided_at")
        ),
        "documents": list(project.documents.order_by("added_at")),
        "next_phase": dict(Phase.choices).get(next_phase(project.phase)),
        "missing_documents": missing_documents(project),
    }
