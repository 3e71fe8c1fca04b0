"""The weerstandsvermogen on the API: the beschikbare capaciteit (statements with their
components; POST states one), and the simulations (read; POST asks for a run, which the
task queue does: poll the row until `state` is `klaar` or `mislukt`). The board and the
PMO read them; the PMO-analist writes."""

from rest_framework import serializers

from pmo.api.columns import model_columns
from pmo.api.filters import resource_filter
from pmo.api.registry import register
from pmo.api.resources import Creates, Resource
from pmo.api.serializers import Strict, StrictModel
from portfolio.projects.models import OrgUnit, Portfolio

from ..models import CapacityComponent, CapacityStatement, Simulation
from ..rules import simulation as engine
from ..services import resistance


class ComponentWrite(StrictModel):
    class Meta:
        model = CapacityComponent
        fields = ["name", "kind", "amount"]


class StatementWrite(StrictModel):
    components = ComponentWrite(many=True, write_only=True)

    class Meta:
        model = CapacityStatement
        fields = ["portfolio", "org_unit", "as_of", "notes", "components"]
        extra_kwargs = {"portfolio": {"required": True, "allow_null": False}}


@register("capacity-statements")
class CapacityStatements(Creates, Resource):
    """Beschikbare weerstandscapaciteit of a portfolio (or an org unit) on a date: the
    sum of its components (capacity-components). POST states one with its components."""

    model = CapacityStatement
    area = CapacityStatement
    columns = model_columns(
        CapacityStatement,
        "id",
        "portfolio",
        "org_unit",
        "as_of",
        "notes",
        "version",
        "updated_at",
    )
    filterset_class = resource_filter(CapacityStatement, portfolio=None, org_unit=None)
    create_serializer = StatementWrite

    def perform_create(self, data):
        return resistance.capacity_create(
            actor=self.actor(),
            portfolio=data["portfolio"],
            org_unit=data.get("org_unit"),
            as_of=data["as_of"],
            notes=data.get("notes", ""),
            components=[
                resistance.Component(row["name"], row.get("kind", "incidenteel"), row["amount"])
                for row in data["components"]
            ],
        )


@register("capacity-components")
class CapacityComponents(Resource):
    """The components of a statement (algemene reserve, onvoorzien, …)."""

    model = CapacityComponent
    area = CapacityStatement
    columns = model_columns(CapacityComponent, "id", "statement", "name", "kind", "amount")
    filterset_class = resource_filter(CapacityComponent, statement=None)


class SimulationWrite(Strict):
    portfolio = serializers.PrimaryKeyRelatedField(queryset=Portfolio.objects.all())
    org_unit = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True
    )
    iterations = serializers.IntegerField(
        min_value=1, max_value=engine.MAX_ITERATIONS, default=engine.DEFAULT_ITERATIONS
    )
    seed = serializers.IntegerField(min_value=0, max_value=2**63 - 1, required=False)


@register("simulations")
class Simulations(Creates, Resource):
    """Monte Carlo runs of the open risks: `required` is the benodigde capaciteit at the
    `certainty` (%), `ratio` and `rating` (the class) against `available`; `results`
    holds the quantiles at 70/80/90/95 %, the histogram and the top contributors."""

    model = Simulation
    area = CapacityStatement
    columns = model_columns(
        Simulation,
        "id",
        "portfolio",
        "org_unit",
        "state",
        "error",
        "seed",
        "iterations",
        "certainty",
        "risk_count",
        "required",
        "available",
        "statement",
        "ratio",
        "rating",
        "results",
        "started_at",
        "finished_at",
        "updated_at",
    )
    filterset_class = resource_filter(Simulation, portfolio=None, org_unit=None, state=None)
    create_serializer = SimulationWrite

    def perform_create(self, data):
        return resistance.simulation_request(
            actor=self.actor(),
            portfolio=data["portfolio"],
            org_unit=data.get("org_unit"),
            iterations=data["iterations"],
            seed=data.get("seed"),
        )
