"""Scenarios on the API: read, create (then solved), solve again, the result, and the
board's adoption. The solve runs as a Celery job; `state` tells where it is."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from pmo.access import can_decide, get_editable_or_403, get_visible_or_404, require
from pmo.api.columns import Columns, Json, Text, model_columns
from pmo.api.conditional import expected_version
from pmo.api.filters import resource_filter
from pmo.api.registry import register
from pmo.api.resources import Creates, Resource
from pmo.api.serializers import Strict

from ..assessment.models import AssessmentFramework
from ..governance.models import BoardMeeting
from .models import Scenario
from .services import scenario_adopt, scenario_create, scenario_request_solve

RESULT = Columns(
    "ScenarioResult",
    {
        "state": Text("state"),
        "result": Json("result", help="de selectie, kosten per jaar, conflicten en de frontier"),
    },
)


class ScenarioCreate(Strict):
    framework = serializers.PrimaryKeyRelatedField(queryset=AssessmentFramework.objects.all())
    name = serializers.CharField(max_length=120)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    budgets = serializers.DictField(
        child=serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0),
        help_text='Het budget per jaar: {"2027": "12500000.00"}.',
    )
    max_projects = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    capacity_tolerance_pct = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=50,
        max_value=200,
        help_text="Teams tellen mee tot dit percentage van hun capaciteit per maand; "
        "leeg: de capaciteit telt niet mee.",
    )
    commit_running = serializers.BooleanField(required=False, default=True)


class Adoption(Strict):
    reasoning = serializers.CharField()
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=BoardMeeting.objects.all(), required=False, allow_null=True
    )


@register("scenarios")
class Scenarios(Creates, Resource):
    model = Scenario
    area = AssessmentFramework
    columns = model_columns(
        Scenario,
        "id",
        "framework",
        "name",
        "description",
        "budgets",
        "max_projects",
        "capacity_tolerance_pct",
        "commit_running",
        "state",
        "solved_version",
        "solved_at",
        "created_by",
        "created_at",
        "adopted_by",
        "adopted_at",
        "adoption_reasoning",
        "adopted_meeting",
        "version",
        "updated_at",
    )
    filterset_class = resource_filter(Scenario, framework=None, state=None)
    create_serializer = ScenarioCreate

    def perform_create(self, data):
        framework = get_editable_or_403(
            AssessmentFramework, self.request.user, pk=data.pop("framework").pk
        )
        budgets = {year: str(amount) for year, amount in data.pop("budgets").items()}
        scenario = scenario_create(actor=self.actor(), framework=framework, budgets=budgets, **data)
        scenario_request_solve(actor=self.actor(), scenario=scenario)
        return scenario

    @extend_schema(request=None, responses={202: columns.serializer()})
    @action(detail=True, methods=["post"])
    def solve(self, request, pk=None):
        """Solve again (after a change of the portfolio); answers at once, the job runs."""
        scenario = get_editable_or_403(Scenario, request.user, pk=pk)
        scenario_request_solve(actor=self.actor(), scenario=scenario)
        return self.answer(self.row(pk), status.HTTP_202_ACCEPTED)

    @extend_schema(responses=RESULT.serializer())
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def result(self, request, pk=None):
        """The optimiser's outcome, once `state` is `done`."""
        get_visible_or_404(Scenario, request.user, pk=pk)
        rows = RESULT.rows(Scenario.objects.filter(pk=pk).values(*RESULT.sources))
        return Response(rows[0])

    @extend_schema(request=Adoption, responses={200: columns.serializer()})
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        """The portfolioraad adopts the current selection (If-Match: the ETag read)."""
        scenario = get_visible_or_404(Scenario, request.user, pk=pk)
        require(can_decide(request.user))
        version = expected_version(request, scenario.version)
        data = self.validated(Adoption)
        scenario_adopt(
            actor=self.actor(),
            scenario=scenario,
            expected_version=version,
            reasoning=data["reasoning"],
            meeting=data.get("meeting"),
        )
        return self.answer(self.row(pk))
