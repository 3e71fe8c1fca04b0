"""The projects domain on the API: structure, projects, their budget lines and milestones."""

from django.db.models import F
from rest_framework import serializers

from pmo.access import can_create_projects, require
from pmo.api.bulk import Upserts
from pmo.api.columns import Choice, Money, model_columns
from pmo.api.filters import SyncedFilter, resource_filter
from pmo.api.registry import register
from pmo.api.resources import Creates, Resource, Updates
from pmo.api.serializers import Strict, StrictModel

from ..status.models import RAG
from . import services
from .filters import ProjectFilter
from .models import Milestone, OrgUnit, Portfolio, Programme, Project, ProjectBudget
from .selectors import budget_total_expression
from .services import MILESTONE_FIELDS, PROJECT_EDITABLE_FIELDS

STRUCTURE = ("id", "code", "name", "external_id", "updated_at")


@register("org-units")
class OrgUnits(Resource):
    model = OrgUnit
    columns = model_columns(OrgUnit, *STRUCTURE, "kind", "parent")
    filterset_class = resource_filter(OrgUnit, SyncedFilter, code=None, kind=None, parent=None)


@register("portfolios")
class Portfolios(Resource):
    model = Portfolio
    columns = model_columns(Portfolio, *STRUCTURE, "description")
    filterset_class = resource_filter(Portfolio, SyncedFilter, code=None)


@register("programmes")
class Programmes(Resource):
    model = Programme
    columns = model_columns(
        Programme, *STRUCTURE, "portfolio", "org_unit", "sponsor", "manager", "description"
    )
    filterset_class = resource_filter(
        Programme, SyncedFilter, code=None, portfolio=None, org_unit=None
    )


class ProjectApiFilter(ProjectFilter, SyncedFilter):
    """The overview's filters (q, org_unit with its subtree, programme, phase, status),
    `updated_since` and `external_id`; the order is the API's `ordering`."""

    class Meta(ProjectFilter.Meta):
        fields = [*ProjectFilter.Meta.fields, "portfolio", "manager", "kind"]


ProjectApiFilter.base_filters.pop("sort")


class ProjectWrite(StrictModel):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="De reden van een baselinewijziging (geplande data, wettelijk, afsluiten).",
    )

    class Meta:
        model = Project
        fields = [*PROJECT_EDITABLE_FIELDS, "reason"]


def _key(**kwargs) -> serializers.CharField:
    return serializers.CharField(required=False, allow_null=True, allow_blank=True, **kwargs)


class ProjectRow(StrictModel):
    """One project in a bulk request; references by their key (code, user name)."""

    external_id = serializers.CharField(max_length=100)
    portfolio = serializers.CharField(required=False, help_text="code van het portfolio")
    org_unit = serializers.CharField(required=False, help_text="code van het onderdeel")
    programme = _key(help_text="code van het programma")
    sponsor = _key(help_text="gebruikersnaam van de opdrachtgever")
    manager = _key(help_text="gebruikersnaam van de projectleider")
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="weiger de rij als het project verder is"
    )
    reason = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        model = Project
        fields = [*PROJECT_EDITABLE_FIELDS, "version", "reason"]
        extra_kwargs = {name: {"required": False} for name in PROJECT_EDITABLE_FIELDS}


@register("projects")
class Projects(Upserts, Creates, Updates, Resource):
    """Projects and going-concern work (lijnactiviteiten). A write goes through the
    project services, with the same rules as the page: the baseline (planned dates),
    `statutory` and closing need the PMO-analist and a `reason`; the phase changes only
    by a gate decision."""

    model = Project
    columns = model_columns(
        Project,
        "id",
        *PROJECT_EDITABLE_FIELDS,
        "version",
        "created_at",
        "updated_at",
        budget_total=Money("budget_total", nullable=False, help="som van de budgetregels"),
        rag_overall=Choice(
            "rag_overall",
            RAG.choices,
            nullable=True,
            blank=True,
            help="totaalkleur van de huidige rapportage",
        ),
    )
    filterset_class = ProjectApiFilter
    ordering_fields = ("id", "code", "name", "updated_at", "planned_end")
    create_serializer = ProjectWrite
    update_serializer = ProjectWrite
    row_serializer = ProjectRow

    def upsert(self, rows):
        return services.projects_upsert(actor=self.actor(), rows=rows)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(
                budget_total=budget_total_expression(),
                rag_overall=F("current_report__rag_overall"),
            )
        )

    def perform_create(self, data):
        require(can_create_projects(self.request.user))
        data.pop("reason", None)
        return services.project_create(actor=self.actor(), **data)

    def perform_update(self, instance, version, data):
        reason = data.pop("reason", "")
        services.project_update(
            actor=self.actor(), project=instance, expected_version=version, reason=reason, **data
        )


class BudgetLineRow(Strict):
    project = serializers.CharField(help_text="external_id van het project")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, help_text="budget"
    )
    actual = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, help_text="realisatie"
    )
    reason = serializers.CharField(required=False, allow_blank=True)


@register("budget-lines")
class BudgetLines(Upserts, Resource):
    """The approved budget per project and year (the baseline, set by the PMO-analist)."""

    model = ProjectBudget
    columns = model_columns(
        ProjectBudget, "id", "project", "year", "amount", "actual", "updated_at"
    )
    filterset_class = resource_filter(ProjectBudget, project=None, year=None)
    row_serializer = BudgetLineRow

    def upsert(self, rows):
        return services.budget_lines_upsert(actor=self.actor(), rows=rows)


class MilestoneWrite(StrictModel):
    reason = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        model = Milestone
        fields = [*MILESTONE_FIELDS, "reason"]


class MilestoneRow(StrictModel):
    external_id = serializers.CharField(max_length=100)
    project = serializers.CharField(help_text="external_id van het project")
    version = serializers.IntegerField(required=False, min_value=1)
    reason = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        model = Milestone
        fields = ["external_id", "project", *MILESTONE_FIELDS, "version", "reason"]
        extra_kwargs = {name: {"required": False} for name in MILESTONE_FIELDS}


@register("milestones")
class Milestones(Upserts, Updates, Resource):
    """The projectleider keeps forecast and actual date; name and baseline date are the
    PMO-analist's, with a `reason`."""

    model = Milestone
    columns = model_columns(
        Milestone,
        "id",
        "project",
        "name",
        "baseline_date",
        "forecast_date",
        "actual_date",
        "external_id",
        "version",
        "updated_at",
    )
    filterset_class = resource_filter(Milestone, SyncedFilter, project=None)
    update_serializer = MilestoneWrite
    row_serializer = MilestoneRow

    def upsert(self, rows):
        return services.milestones_upsert(actor=self.actor(), rows=rows)

    def perform_update(self, instance, version, data):
        reason = data.pop("reason", "")
        services.milestone_update(
            actor=self.actor(), milestone=instance, expected_version=version, reason=reason, **data
        )
