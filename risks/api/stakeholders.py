"""The stakeholder register on the API: stakeholders (read, record on a project, change
with If-Match), the strategy derived from power and interest when left empty, and their
communication actions (read, add)."""

from pmo.access import get_visible_or_404
from pmo.api.columns import model_columns
from pmo.api.filters import resource_filter
from pmo.api.registry import register
from pmo.api.resources import Creates, Resource, Updates
from pmo.api.serializers import StrictModel
from portfolio.projects.models import Project

from .. import services
from ..models import Stakeholder, StakeholderAction

# Left out or empty, the strategy follows from power and interest.
STRATEGY = {"required": False, "allow_blank": True}


class StakeholderWrite(StrictModel):
    class Meta:
        model = Stakeholder
        fields = ["project", *services.STAKEHOLDER_FIELDS]
        extra_kwargs = {"project": {"required": True, "allow_null": False}, "strategy": STRATEGY}


class StakeholderChange(StrictModel):
    class Meta:
        model = Stakeholder
        fields = services.STAKEHOLDER_FIELDS
        extra_kwargs = {"strategy": STRATEGY}


@register("stakeholders")
class Stakeholders(Updates, Creates, Resource):
    """Belanghebbenden of a project or programme: power and interest 1–5 (3 and up is
    high), the strategy (the quadrant's unless another was chosen) and the attitude."""

    model = Stakeholder
    columns = model_columns(
        Stakeholder,
        "id",
        "name",
        "organisation",
        "role",
        "portfolio",
        "programme",
        "project",
        "level",
        "power",
        "interest",
        "strategy",
        "attitude",
        "notes",
        "version",
        "updated_at",
    )
    filterset_class = resource_filter(
        Stakeholder,
        project=None,
        programme=None,
        level=None,
        strategy=None,
        attitude=None,
        power=None,
        interest=None,
    )
    ordering_fields = ("id", "name", "power", "interest", "updated_at")
    create_serializer = StakeholderWrite
    update_serializer = StakeholderChange

    def perform_create(self, data):
        project = get_visible_or_404(Project, self.request.user, pk=data.pop("project").pk)
        return services.stakeholder_create(actor=self.actor(), project=project, **data)

    def perform_update(self, instance, version, data):
        services.stakeholder_update(
            actor=self.actor(), stakeholder=instance, expected_version=version, **data
        )


class StakeholderActionWrite(StrictModel):
    class Meta:
        model = StakeholderAction
        fields = ["stakeholder", *services.STAKEHOLDER_ACTION_FIELDS]


@register("stakeholder-actions")
class StakeholderActions(Creates, Resource):
    """Communicatieacties toward a stakeholder: what, through which channel, by when, and
    when it was done."""

    model = StakeholderAction
    columns = model_columns(
        StakeholderAction,
        "id",
        "stakeholder",
        "description",
        "channel",
        "due_on",
        "done_on",
        "version",
        "updated_at",
    )
    filterset_class = resource_filter(StakeholderAction, stakeholder=None)
    ordering_fields = ("id", "due_on", "updated_at")
    create_serializer = StakeholderActionWrite

    def perform_create(self, data):
        user = self.request.user
        stakeholder = get_visible_or_404(Stakeholder, user, pk=data.pop("stakeholder").pk)
        return services.stakeholder_action_add(actor=self.actor(), stakeholder=stakeholder, **data)
