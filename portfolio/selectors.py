"""Reads shared by pages, API and reports."""

from django.db.models import (
    Case,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from .models import (
    PHASE_ORDER,
    AgendaItem,
    GateDecision,
    Milestone,
    OrgUnit,
    Phase,
    Programme,
    Project,
    ProjectBudget,
    StatusReport,
)


def _budget_total() -> Subquery:
    totals = (
        # order_by(): the model's default ordering would join the project table again.
        ProjectBudget.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(
        Subquery(totals, output_field=DecimalField(max_digits=16, decimal_places=2)),
        Value(0, output_field=DecimalField(max_digits=16, decimal_places=2)),
    )


def _phase_rank() -> Case:
    """Phases sort in lifecycle order, not alphabetically."""
    return Case(
        *(When(phase=phase, then=Value(rank)) for phase, rank in PHASE_ORDER.items()),
        output_field=IntegerField(),
    )


def project_list(*, user) -> QuerySet[Project]:
    """Projects the user may see, with what the overview shows, in one query."""
    return (
        Project.objects.visible_to(user)
        .select_related("org_unit", "programme", "manager")
        .annotate(
            budget_total=_budget_total(),
            phase_rank=_phase_rank(),
            current_rag=F("current_report__rag_overall"),
        )
    )


def project_detail(*, user, code: str) -> Project:
    from pmo.permissions import get_visible_or_404

    queryset = projects_with_budget().select_related(
        "org_unit", "programme", "portfolio", "manager", "sponsor"
    )
    return get_visible_or_404(queryset, user, code=code)


def project_milestones(*, project: Project) -> QuerySet[Milestone]:
    return project.milestones.all()


def project_budgets(*, project: Project) -> QuerySet[ProjectBudget]:
    return project.budgets.all()


def org_unit_choices() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.order_by("path")


def programme_choices() -> QuerySet[Programme]:
    return Programme.objects.order_by("name")


def projects_with_budget() -> QuerySet[Project]:
    """Projects with their total budget, the baseline cost the RAG proposals use."""
    return Project.objects.annotate(budget_total=_budget_total())


def project_reports(*, project: Project) -> QuerySet[StatusReport]:
    return project.reports.select_related("submitted_by").order_by("-period", "-revision")[:36]


def project_governance(*, project: Project) -> dict:
    """Gate decisions, other board decisions and documents of one project."""
    from .services.governance import missing_documents, next_phase

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
