"""Competence teams and their exceptions per month on the API.

Everyone signed in reads them; whoever keeps the teams (the PMO) writes them, through
the same services as the team's page. A team's capacity as a whole carries the team's
`version`: the ETag of a team and of each of its exceptions, so a change to the default
or to any month made meanwhile refuses a stale write (412).
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from pmo.access import get_editable_or_403, require_area_write
from pmo.api.bulk import Upserts
from pmo.api.columns import Int, model_columns
from pmo.api.conditional import expected_version
from pmo.api.filters import SyncedFilter, resource_filter
from pmo.api.registry import register
from pmo.api.resources import Creates, Resource, Updates
from pmo.api.serializers import StrictModel

from ..models import Team, TeamMonth
from ..services import team_sync
from ..services.teams import TEAM_FIELDS, team_update

CREATE_FIELDS = ["code", "name", "org_unit", "fte", "hours_per_fte", "availability_pct"]


class TeamWrite(StrictModel):
    class Meta:
        model = Team
        fields = [*CREATE_FIELDS, "external_id"]


class TeamChange(StrictModel):
    class Meta:
        model = Team
        fields = TEAM_FIELDS


class TeamRow(StrictModel):
    """One team in a bulk request; its org unit by its code."""

    external_id = serializers.CharField(max_length=100)
    org_unit = serializers.CharField(required=False, help_text="code van het organisatieonderdeel")
    version = serializers.IntegerField(
        required=False, min_value=1, help_text="weiger de rij als het team verder is"
    )

    class Meta:
        model = Team
        fields = ["external_id", *CREATE_FIELDS, "version"]
        extra_kwargs = {name: {"required": False} for name in CREATE_FIELDS}


@register("teams")
class Teams(Upserts, Creates, Updates, Resource):
    """Competence teams: the formation (`fte`, part-time counted pro rata), the hours an
    fte works in a month and the share left after leave, holidays and absence. A month
    that differs is a `team-months` exception."""

    model = Team
    area = Team
    columns = model_columns(
        Team,
        *("id", "code", "name", "org_unit", "fte", "hours_per_fte", "availability_pct"),
        *("external_id", "version", "updated_at"),
    )
    filterset_class = resource_filter(Team, SyncedFilter, code=None, org_unit=None)
    ordering_fields = ("id", "code", "name", "updated_at")
    create_serializer = TeamWrite
    update_serializer = TeamChange
    row_serializer = TeamRow

    def upsert(self, rows):
        return team_sync.teams_upsert(actor=self.actor(), rows=rows)

    def perform_create(self, data):
        require_area_write(Team, self.request.user)
        return team_sync.team_create(actor=self.actor(), **data)

    def perform_update(self, instance, version, data):
        team_update(actor=self.actor(), team=instance, expected_version=version, **data)


class TeamMonthWrite(StrictModel):
    class Meta:
        model = TeamMonth
        fields = ["team", "month", "fte", "availability_pct", "note"]
        extra_kwargs = {"month": {"help_text": "de maand (de eerste dag telt)"}}


class TeamMonthChange(StrictModel):
    class Meta:
        model = TeamMonth
        fields = list(team_sync.MONTH_FIELDS)


def _month_filter(lookup: str, label) -> django_filters.DateFilter:
    return django_filters.DateFilter(field_name="month", lookup_expr=lookup, label=label)


@register("team-months")
class TeamMonths(Creates, Resource):
    """Months in which a team's capacity differs from its default (summer leave, a
    vacancy, a new colleague): a formation, a share available, or both. `version` is
    the team's: send it in If-Match to change or remove an exception."""

    model = TeamMonth
    columns = model_columns(
        TeamMonth,
        *("id", "team", "month", "fte", "availability_pct", "note", "updated_at"),
        version=Int("team__version", help="de versie van het team (de ETag)"),
    )
    filterset_class = resource_filter(
        TeamMonth,
        team=None,
        **{
            "from": _month_filter("gte", _("Vanaf deze maand.")),
            "to": _month_filter("lte", _("Tot en met deze maand.")),
        },
    )
    ordering_fields = ("id", "month", "updated_at")
    create_serializer = TeamMonthWrite
    update_serializer = TeamMonthChange

    def _editable(self, pk) -> TeamMonth:
        return get_editable_or_403(
            TeamMonth.objects.select_related("team"), self.request.user, pk=pk
        )

    def perform_create(self, data):
        team = get_editable_or_403(Team, self.request.user, pk=data.pop("team").pk)
        return team_sync.team_month_create(actor=self.actor(), team=team, **data)

    def partial_update(self, request, pk=None, *args, **kwargs):
        """Change the exception if the team is still at the version sent in If-Match."""
        row = self._editable(pk)
        version = expected_version(request, row.team.version)
        data = self.validated(self.update_serializer, partial=True)
        team_sync.team_month_change(actor=self.actor(), row=row, expected_version=version, **data)
        return self.answer(self.row(row.pk))

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None, *args, **kwargs):
        """Remove the exception: the team's default applies to the month again."""
        row = self._editable(pk)
        version = expected_version(request, row.team.version)
        team_sync.team_month_delete(actor=self.actor(), row=row, expected_version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)
