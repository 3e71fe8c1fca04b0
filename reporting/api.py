"""Snapshots on the API (read-only): the board's figures per portfolio and period."""

from pmo.api.columns import model_columns
from pmo.api.filters import resource_filter
from pmo.api.registry import register
from pmo.api.resources import Resource

from .models import Snapshot


@register("snapshots")
class Snapshots(Resource):
    model = Snapshot
    area = Snapshot
    columns = model_columns(
        Snapshot,
        "id",
        "portfolio",
        "period",
        "status",
        "figures",
        "error",
        "requested_at",
        "built_at",
        "project_count",
        "updated_at",
    )
    filterset_class = resource_filter(Snapshot, portfolio=None, period=None, status=None)
