"""The risk register on the API: risks (read, raise, change with If-Match) with their
derived scores and expected value, and their actions (read)."""

from pmo.access import get_visible_or_404
from pmo.api.columns import model_columns
from pmo.api.filters import SyncedFilter, resource_filter
from pmo.api.registry import register
from pmo.api.resources import Creates, Resource, Updates
from pmo.api.serializers import StrictModel
from portfolio.projects.models import Project

from .. import services
from ..models import Risk, RiskAction


class RiskWrite(StrictModel):
    class Meta:
        model = Risk
        fields = ["project", *services.RISK_FIELDS, "external_id"]
        extra_kwargs = {"project": {"required": True, "allow_null": False}}


class RiskChange(StrictModel):
    class Meta:
        model = Risk
        fields = services.RISK_FIELDS


@register("risks")
class Risks(Updates, Creates, Resource):
    """Risico's (bedreigingen en kansen): classes 1–5 on the portfolio's scales, with the
    derived `inherent_score`, `residual_score` and `expected_value` (€)."""

    model = Risk
    columns = model_columns(
        Risk,
        "id",
        "kind",
        "title",
        "cause",
        "event",
        "effect",
        "category",
        "portfolio",
        "programme",
        "project",
        "level",
        "home_level",
        "escalation_reason",
        "owner",
        "actionee",
        *[
            f"{s}_{d}"
            for s in ("inherent", "residual")
            for d in ("probability", "money", "time", "quality")
        ],
        "residual_reason",
        "amount_low",
        "amount_likely",
        "amount_high",
        "proximity",
        "response",
        "status",
        "raised_on",
        "closed_on",
        "inherent_score",
        "residual_score",
        "expected_value",
        "external_id",
        "version",
        "updated_at",
    )
    filterset_class = resource_filter(
        Risk, SyncedFilter, project=None, programme=None, level=None, status=None, kind=None
    )
    ordering_fields = ("id", "residual_score", "expected_value", "updated_at")
    create_serializer = RiskWrite
    update_serializer = RiskChange

    def perform_create(self, data):
        project = get_visible_or_404(Project, self.request.user, pk=data.pop("project").pk)
        return services.risk_create(actor=self.actor(), project=project, **data)

    def perform_update(self, instance, version, data):
        services.risk_update(actor=self.actor(), risk=instance, expected_version=version, **data)


@register("risk-actions")
class RiskActions(Resource):
    """Beheersmaatregelen of a risk, with their due and done dates."""

    model = RiskAction
    columns = model_columns(
        RiskAction, "id", "risk", "description", "actionee", "due_on", "done_on", "updated_at"
    )
    filterset_class = resource_filter(RiskAction, risk=None)
