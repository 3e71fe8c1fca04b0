"""Reads shared by pages, API and reports."""

from django.db.models import (
    Case,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from pmo.access import get_visible_or_404

from .models import PHASE_ORDER, Milestone, OrgUnit, Programme, Project, ProjectBudget


def budget_total_expression() -> Subquery:
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
            budget_total=budget_total_expression(),
            phase_rank=_phase_rank(),
            current_rag=F("current_report__rag_overall"),
        )
    )


def project_detail(*, user, code: str) -> Project:
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
    return Project.objects.annotate(budget_total=budget_total_expression())


def domains() -> QuerySet[OrgUnit]:
    """The top of the organisation tree: the domains the overview rolls up to."""
    return OrgUnit.objects.filter(parent__isnull=True)


def projects_by_reference(user, references) -> dict[str, Project]:
    """{reference: project} for the references a sheet names a project by: its
    external_id first, else its code; only projects `user` sees (one query)."""
    keys = {str(key) for key in references if key not in (None, "")}
    if not keys:
        return {}
    found = list(
        Project.objects.visible_to(user)
        .filter(Q(external_id__in=keys) | Q(code__in=keys))
        .only("pk", "code", "external_id", "name")
    )
    by_key = {p.external_id: p for p in found if p.external_id}
    by_code = {p.code: p for p in found}
    return {key: by_key.get(key) or by_code[key] for key in keys if key in by_key or key in by_code}
