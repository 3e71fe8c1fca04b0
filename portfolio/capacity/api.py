"""Competence teams on the API (read; capacity and demand follow with their issue)."""

from pmo.api.columns import model_columns
from pmo.api.filters import SyncedFilter, resource_filter
from pmo.api.registry import register
from pmo.api.resources import Resource

from .models import Team


@register("teams")
class Teams(Resource):
    model = Team
    area = Team
    columns = model_columns(
        Team,
        *("id", "code", "name", "org_unit", "fte", "hours_per_fte", "availability_pct"),
        *("external_id", "updated_at"),
    )
    filterset_class = resource_filter(Team, SyncedFilter, code=None, org_unit=None)
