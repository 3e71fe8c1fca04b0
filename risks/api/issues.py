"""The issue register on the API: the issue types (read) and the issues (read, raise on a
project, change the ordinary fields with If-Match). Advancing an issue through its
workflow and deciding it are not fields to PATCH: they are taken on the pages, where the
decision shows the baseline change it applies."""

from pmo.access import get_visible_or_404
from pmo.api.columns import model_columns
from pmo.api.filters import SyncedFilter, resource_filter
from pmo.api.registry import register
from pmo.api.resources import Creates, Resource, Updates
from pmo.api.serializers import StrictModel
from portfolio.projects.models import Project

from .. import services
from ..models import Issue, IssueType


class IssueWrite(StrictModel):
    class Meta:
        model = Issue
        fields = ["project", *services.ISSUE_FIELDS, "external_id"]
        extra_kwargs = {"project": {"required": True, "allow_null": False}}


class IssueChange(StrictModel):
    class Meta:
        model = Issue
        fields = services.ISSUE_FIELDS


@register("issue-types")
class IssueTypes(Resource):
    """The organisation's issue types; `is_change_request` marks the types that ask for a
    baseline change (planning or budget)."""

    model = IssueType
    columns = model_columns(
        IssueType, "id", "code", "name", "is_change_request", "position", "updated_at"
    )
    filterset_class = resource_filter(IssueType, code=None, is_change_request=None)


@register("issues")
class Issues(Updates, Creates, Resource):
    """Issues (wijzigingsverzoeken, afwijkingen, problemen en zorgen, …) with their
    workflow `status` and, once decided, the `decision`, its reasoning and who took it. A
    request for change `beyond_tolerance` is the portfolioraad's to decide; its approval
    applies `requested_end` and `requested_budget_change` to the project's baseline."""

    model = Issue
    columns = model_columns(
        Issue,
        "id",
        "type",
        "title",
        "description",
        "priority",
        "severity",
        "status",
        "portfolio",
        "programme",
        "project",
        "level",
        "home_level",
        "escalation_reason",
        "owner",
        "raised_by",
        "raised_on",
        "impact",
        "beyond_tolerance",
        "proposal",
        "requested_end",
        "requested_budget_change",
        "decision",
        "decision_reasoning",
        "decided_by",
        "decided_at",
        "external_id",
        "version",
        "updated_at",
    )
    filterset_class = resource_filter(
        Issue,
        SyncedFilter,
        project=None,
        programme=None,
        level=None,
        type=None,
        status=None,
        severity=None,
        priority=None,
        beyond_tolerance=None,
    )
    ordering_fields = ("id", "severity", "raised_on", "updated_at")
    create_serializer = IssueWrite
    update_serializer = IssueChange

    def perform_create(self, data):
        project = get_visible_or_404(Project, self.request.user, pk=data.pop("project").pk)
        return services.issue_create(actor=self.actor(), project=project, **data)

    def perform_update(self, instance, version, data):
        services.issue_update(actor=self.actor(), issue=instance, expected_version=version, **data)
