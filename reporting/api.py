"""The board's dashboards on the API (read-only): scopes, their snapshots per period and
version, and each snapshot's project rows."""

import django_filters

from pmo.api.columns import model_columns
from pmo.api.filters import resource_filter
from pmo.api.registry import register
from pmo.api.resources import Resource

from .models import Scope, Snapshot, SnapshotRow


@register("dashboards")
class Scopes(Resource):
    model = Scope
    columns = model_columns(
        Scope,
        "id",
        "kind",
        "name",
        "portfolio",
        "org_unit",
        "programme",
        "build_day",
        "build_time",
        "version",
        "updated_at",
    )
    filterset_class = resource_filter(Scope, kind=None)


@register("snapshots")
class Snapshots(Resource):
    model = Snapshot
    columns = model_columns(
        Snapshot,
        "id",
        "scope",
        "period",
        "version",
        "is_current",
        "built_at",
        "project_count",
        "tiles",
        "figures",
        "changes",
        "updated_at",
    )
    ordering_fields = ("id", "period", "built_at")
    filterset_class = resource_filter(Snapshot, scope=None, period=None, is_current=None)


@register("snapshot-rows")
class SnapshotRows(Resource):
    model = SnapshotRow
    columns = model_columns(
        SnapshotRow,
        "id",
        "snapshot",
        "project",
        "code",
        "name",
        "domain",
        "org_unit",
        "programme",
        "phase",
        "report_period",
        "rag_overall",
        "rag_time",
        "rag_cost",
        "rag_scope",
        "rag_quality",
        "rag_risk",
        "rag_benefits",
        "previous",
        "is_exception",
        "progress_pct",
        "baseline_start",
        "baseline_end",
        "forecast_end",
        "budget",
        "eac",
        "actuals",
        "milestone_slip_days",
        "priority_value",
        "priority_rank",
        "benefits_planned",
        "benefits_realised",
        "risk_exposure",
        "capacity_load_pct",
        "esg_themes",
    )
    # Rows never change once written: no updated_since.
    ordering_fields = ("id",)
    filterset_class = resource_filter(
        SnapshotRow, base=django_filters.FilterSet, snapshot=None, code=None, rag_overall=None
    )
