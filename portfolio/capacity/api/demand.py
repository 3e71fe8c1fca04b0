"""Demand on the API: the hours a project asks of a team in a month, seen and written by
whoever sees and changes the project. Written in bulk, keyed by `external_id` (or by
project, team and month for a row without), all or nothing."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pmo.api.bulk import Upserts
from pmo.api.columns import model_columns
from pmo.api.filters import SyncedFilter, resource_filter
from pmo.api.registry import register
from pmo.api.resources import Resource
from pmo.api.serializers import Strict

from ..models import Demand
from ..services import demand_sync
from ..services.demand import MAX_CELL_HOURS


class DemandRow(Strict):
    """One demand row in a bulk request: the project by its external_id, the team by its
    code, the month by its first day."""

    external_id = serializers.CharField(
        max_length=100,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="het kenmerk van de rij; zonder: de rij van dit project, team en maand",
    )
    project = serializers.CharField(max_length=100, help_text="external_id van het project")
    team = serializers.CharField(max_length=30, help_text="code van het team")
    month = serializers.DateField(help_text="de eerste dag van de maand, bv. 2027-03-01")
    hours = serializers.DecimalField(
        max_digits=8, decimal_places=1, min_value=0, max_value=MAX_CELL_HOURS, help_text="uren"
    )


def _month_filter(lookup: str, label) -> django_filters.DateFilter:
    return django_filters.DateFilter(field_name="month", lookup_expr=lookup, label=label)


@register("demand")
class DemandRows(Upserts, Resource):
    """Capacity demand per project, team and month, in hours (the projectleider's grid on
    the project page). A bulk write bumps each touched project's demand plan, so a grid
    opened before it is refused on saving and names the change."""

    model = Demand
    columns = model_columns(
        Demand, "id", "project", "team", "month", "hours", "external_id", "updated_at"
    )
    filterset_class = resource_filter(
        Demand,
        SyncedFilter,
        project=None,
        team=None,
        **{
            "from": _month_filter("gte", _("Vanaf deze maand.")),
            "to": _month_filter("lte", _("Tot en met deze maand.")),
        },
    )
    ordering_fields = ("id", "month", "updated_at")
    row_serializer = DemandRow

    def upsert(self, rows):
        return demand_sync.demand_upsert(actor=self.actor(), rows=rows)
