"""`/api/v1/capacity`: what each team can give per month, in hours, as the heatmap shows
it and a scenario's capacity constraints are built from (`selectors.team_capacity`, the
one source of these figures). Computed, not stored: no rows of its own, so it sits on
the router as a plain viewset beside the model resources, with their sign-in, throttling
and problem details. At most 36 months per request; a fixed number of queries.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from pmo.access import require_area
from pmo.api.columns import Columns, Date, Int, Number, Text
from pmo.api.problems import ProblemsAsJson
from pmo.api.registry import register_figures
from pmo.api.renderers import CSVRenderer
from pmo.api.serializers import Strict
from pmo.api.throttling import AddressFirst
from portfolio.projects.models import OrgUnit

from ..models import Team
from ..rules import add_months, month_count, month_start, months_between
from ..selectors import team_capacity, team_queryset

MAX_MONTHS = 36
# Without `to`: a year from `from` (or from this month).
DEFAULT_MONTHS = 12
MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d"]

COLUMNS = Columns(
    "TeamCapacity",
    {
        "team": Int("team", help="id van het team"),
        "code": Text("code", help="code van het team"),
        "name": Text("name"),
        "org_unit": Int("org_unit", help="id van het organisatieonderdeel"),
        "month": Date("month", nullable=False, help="de eerste dag van de maand"),
        "hours": Number(
            "hours",
            nullable=False,
            help="capaciteit in uren: formatie x uren per fte x inzetbaar %, met de "
            "afwijking van die maand",
        ),
    },
)


@extend_schema_serializer(many=False)
class CapacityPage(serializers.Serializer):
    """The rows in one page, as every list has them (`next` is always null)."""

    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = COLUMNS.serializer()(many=True)


class CapacityQuery(Strict):
    team = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)
    org_unit = serializers.IntegerField(min_value=1, required=False)

    def get_fields(self):
        fields = super().get_fields()
        # `from` is a Python keyword: declared here rather than as a class attribute.
        for name in ("from", "to"):
            fields[name] = serializers.DateField(input_formats=MONTH_FORMATS, required=False)
        return fields

    def validate(self, data):
        first, last = data.get("from"), data.get("to")
        if first is None:
            first = (
                add_months(month_start(last), 1 - DEFAULT_MONTHS)
                if last
                else month_start(timezone.localdate())
            )
        first = month_start(first)
        last = month_start(last) if last else add_months(first, DEFAULT_MONTHS - 1)
        if last < first:
            raise serializers.ValidationError(
                {"to": [_("Deze maand ligt vóór de eerste maand (from).")]}
            )
        if month_count(first, last) + 1 > MAX_MONTHS:
            raise serializers.ValidationError(
                {"to": [_("Hoogstens %(n)s maanden per verzoek.") % {"n": MAX_MONTHS}]}
            )
        return {**data, "from": first, "to": last}

    def validate_org_unit(self, value: int) -> OrgUnit:
        unit = OrgUnit.objects.filter(pk=value).only("pk", "path").first()
        if unit is None:
            raise serializers.ValidationError(_("Onbekend organisatieonderdeel."))
        return unit


MONTH_PARAMETER = "Een maand: 2027-03 (of 2027-03-01)."


class CapacityFigures(AddressFirst, ProblemsAsJson, viewsets.ViewSet):
    columns = COLUMNS
    renderer_classes = [JSONRenderer, CSVRenderer]
    pagination_class = None

    @extend_schema(
        operation_id="capacity_list",
        parameters=[
            OpenApiParameter("team", int, many=True, description="id van een team (herhaalbaar)"),
            OpenApiParameter(
                "org_unit", int, description="id van een organisatieonderdeel, met alles eronder"
            ),
            OpenApiParameter("from", str, description=f"{MONTH_PARAMETER} Standaard: deze maand."),
            OpenApiParameter(
                "to",
                str,
                description=f"{MONTH_PARAMETER} Standaard: een jaar vanaf `from`; "
                f"hoogstens {MAX_MONTHS} maanden.",
            ),
        ],
        responses=CapacityPage,
    )
    def list(self, request):
        """Each team's capacity in hours per month, the month's exception applied: the
        figures of the capacity heatmap and of a scenario's capacity constraints."""
        require_area(Team, request.user)
        params = request.query_params
        data = {name: params[name] for name in ("org_unit", "from", "to") if name in params}
        if "team" in params:
            data["team"] = params.getlist("team")
        query = CapacityQuery(data=data)
        query.is_valid(raise_exception=True)
        return Response(
            {"next": None, "previous": None, "results": self.rows(query.validated_data)}
        )

    def rows(self, query: dict) -> list[dict]:
        teams = team_queryset()
        if query.get("team"):
            teams = teams.filter(pk__in=query["team"])
        if unit := query.get("org_unit"):
            teams = teams.filter(org_unit__path__startswith=unit.path)
        teams = list(teams.visible_to(self.request.user))
        months = months_between(query["from"], query["to"])
        hours = team_capacity(teams, months)
        return [
            {
                "team": team.pk,
                "code": team.code,
                "name": team.name,
                "org_unit": team.org_unit_id,
                "month": month.isoformat(),
                "hours": value,
            }
            for team, row in zip(teams, hours, strict=True)
            for month, value in zip(months, row, strict=True)
        ]


register_figures("capacity", CapacityFigures)
