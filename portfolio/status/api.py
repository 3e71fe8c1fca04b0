"""The hoofdpuntenrapportage on the API: reports (read, create, change a draft, submit)
and the tolerances they are measured against (read). Writes call the same services as
the report page, so a report through the API meets the same rules and lands on the same
agenda."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action

from pmo.access import get_editable_or_403
from pmo.api.bulk import Upserts
from pmo.api.columns import model_columns
from pmo.api.conditional import expected_version
from pmo.api.filters import resource_filter
from pmo.api.problems import Conflict
from pmo.api.registry import register
from pmo.api.resources import Creates, Resource, Updates
from pmo.api.serializers import Strict, StrictModel
from pmo.periods import period_start

from ..projects.selectors import projects_with_budget
from . import services
from .models import REPORT_FIELDS, ProjectTolerance, StatusReport
from .selectors import report_values

READ = [
    "id",
    "project",
    "period",
    "revision",
    "is_current",
    "supersedes",
    "state",
    *REPORT_FIELDS,
    "proposed_rag_time",
    "proposed_rag_cost",
    "proposed_rag_benefits",
    "proposed_rag_risk",
    "rag_overall",
    "is_exception",
    "explanations",
    "submitted_by",
    "submitted_at",
    "version",
    "updated_at",
]


class Explanation(Strict):
    cause = serializers.CharField(allow_blank=True, required=False)
    effect = serializers.CharField(allow_blank=True, required=False)
    measure = serializers.CharField(allow_blank=True, required=False)


class Explanations(Strict):
    """Cause, effect and measure for each dimension that is oranje or rood."""

    time = Explanation(required=False)
    cost = Explanation(required=False)
    scope = Explanation(required=False)
    quality = Explanation(required=False)
    risk = Explanation(required=False)
    benefits = Explanation(required=False)


class ReportValues(StrictModel):
    explanations = Explanations(required=False)

    class Meta:
        model = StatusReport
        fields = [*REPORT_FIELDS, "explanations"]


class ReportCreate(ReportValues):
    submit = serializers.BooleanField(
        default=False, help_text="Meteen indienen (zoals de knop Indienen op de pagina)."
    )

    class Meta(ReportValues.Meta):
        fields = ["project", "period", *ReportValues.Meta.fields, "submit"]
        extra_kwargs = {"project": {"queryset": projects_with_budget()}}

    def validate_period(self, value: dt.date) -> dt.date:
        period = period_start(value)
        if period > period_start(timezone.localdate()):
            raise serializers.ValidationError(
                _("Over een periode die nog niet begonnen is, rapporteert u niet.")
            )
        return period


class ReportRow(ReportValues):
    project = serializers.CharField(help_text="external_id van het project")
    period = serializers.DateField(help_text="eerste dag van de periode")
    submit = serializers.BooleanField(default=False)
    version = serializers.IntegerField(required=False, min_value=1)

    class Meta(ReportValues.Meta):
        fields = ["project", "period", *ReportValues.Meta.fields, "submit", "version"]

    validate_period = ReportCreate.validate_period


@register("status-reports")
class StatusReports(Upserts, Creates, Updates, Resource):
    """Hoofdpuntenrapportages, one per project and period (an amendment is a new
    revision; `is_current` marks the one that counts)."""

    model = StatusReport
    columns = model_columns(StatusReport, *READ)
    filterset_class = resource_filter(
        StatusReport,
        project=None,
        period=None,
        state=None,
        is_current=None,
        is_exception=None,
        rag_overall=None,
    )
    ordering_fields = ("id", "updated_at", "period")
    create_serializer = ReportCreate
    update_serializer = ReportValues
    row_serializer = ReportRow

    def upsert(self, rows):
        return services.reports_upsert(actor=self.actor(), rows=rows)

    def perform_create(self, data):
        project = get_editable_or_403(
            projects_with_budget(), self.request.user, pk=data["project"].pk
        )
        try:
            return services.report_save(
                actor=self.actor(),
                project=project,
                period=data["period"],
                values=services.values_from_body(data),
                submit=data["submit"],
            )
        except services.DuplicateReportError as duplicate:
            raise Conflict(
                _("Er is al een rapportage voor deze periode: %(id)s.")
                % {"id": duplicate.existing.pk}
            ) from duplicate

    def _report(self, pk):
        report = get_editable_or_403(
            StatusReport.objects.select_related("project"), self.request.user, pk=pk
        )
        report.project = projects_with_budget().get(pk=report.project_id)
        return report

    def partial_update(self, request, pk=None, *args, **kwargs):
        report = self._report(pk)
        version = expected_version(request, report.version)
        data = self.validated(self.update_serializer, partial=True)
        values = {**report_values(report), **services.values_from_body(data)}
        services.report_update(
            actor=self.actor(), report=report, expected_version=version, values=values
        )
        return self.answer(self.row(report.pk))

    @extend_schema(request=None, responses={200: columns.serializer()})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit the draft as it stands (If-Match: its ETag). The rules for a submitted
        report apply: every colour, and an explanation for each oranje or rood."""
        report = self._report(pk)
        version = expected_version(request, report.version)
        with transaction.atomic():
            services.report_submit(actor=self.actor(), report=report, expected_version=version)
        return self.answer(self.row(report.pk), status.HTTP_200_OK)


@register("tolerances")
class Tolerances(Resource):
    """The room each project has before the board decides (set by the PMO)."""

    model = ProjectTolerance
    columns = model_columns(
        ProjectTolerance,
        "id",
        "project",
        "time_days",
        "cost_pct",
        "cost_eur",
        "scope",
        "quality",
        "risk",
        "benefits",
        "updated_at",
    )
    filterset_class = resource_filter(ProjectTolerance, project=None)
