"""The afwegingskader on the API: frameworks with their objectives, criteria (with their
weights) and AHP judgements (read), and the scores, which the PMO-analist also writes."""

import django_filters
from rest_framework import serializers

from pmo.access import get_editable_or_403, get_visible_or_404
from pmo.api.columns import Ref, model_columns
from pmo.api.filters import resource_filter
from pmo.api.registry import register
from pmo.api.resources import Creates, Resource, Updates
from pmo.api.serializers import Strict

from ..projects.models import Project
from .models import AssessmentFramework, Criterion, Objective, PairwiseJudgement, Score
from .services import score_set


@register("frameworks")
class Frameworks(Resource):
    """Afwegingskaders, each version its own row (`number`); a published one is fixed."""

    model = AssessmentFramework
    area = AssessmentFramework
    columns = model_columns(
        AssessmentFramework,
        "id",
        "name",
        "number",
        "status",
        "weight_method",
        "uses_wsjf",
        "description",
        "based_on",
        "published_at",
        "version",
        "created_at",
        "updated_at",
    )
    filterset_class = resource_filter(AssessmentFramework, status=None, name=None)


@register("objectives")
class Objectives(Resource):
    """Strategische doelstellingen of a framework, as a tree (`parent`)."""

    model = Objective
    area = AssessmentFramework
    columns = model_columns(
        Objective, "id", "framework", "parent", "name", "description", "position", "updated_at"
    )
    filterset_class = resource_filter(Objective, framework=None, parent=None)


@register("criteria")
class Criteria(Resource):
    """Criteria: contributions to an objective (−3 … +3) and impact axes, each with its
    weight (0–1; the weights of a kind sum to 1)."""

    model = Criterion
    area = AssessmentFramework
    columns = model_columns(
        Criterion,
        "id",
        "framework",
        "kind",
        "objective",
        "name",
        "description",
        "weight",
        "position",
        "updated_at",
    )
    filterset_class = resource_filter(Criterion, framework=None, kind=None)


@register("judgements")
class Judgements(Resource):
    """AHP pairwise judgements behind the weights: how much `first` outweighs `second`."""

    model = PairwiseJudgement
    area = AssessmentFramework
    columns = model_columns(
        PairwiseJudgement, "id", "framework", "rater", "first", "second", "value", "updated_at"
    )
    filterset_class = resource_filter(PairwiseJudgement, framework=None)


class ScoreCreate(Strict):
    criterion = serializers.PrimaryKeyRelatedField(queryset=Criterion.objects.all())
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    value = serializers.IntegerField()
    justification = serializers.CharField(required=False, allow_blank=True, default="")


class ScoreChange(Strict):
    value = serializers.IntegerField(
        allow_null=True, help_text="null wist de score (het vak wordt leeg)."
    )
    justification = serializers.CharField(required=False, allow_blank=True, default="")


@register("scores")
class Scores(Creates, Updates, Resource):
    """One score per project and criterion. The PMO-analist sets them in a draft
    framework; a cell someone else changed meanwhile is refused (412)."""

    model = Score
    area = AssessmentFramework
    columns = model_columns(
        Score,
        "id",
        "criterion",
        "project",
        "value",
        "justification",
        "updated_by",
        "version",
        "updated_at",
        framework=Ref("criterion__framework_id", nullable=False, help="afwegingskader"),
    )
    filterset_class = resource_filter(
        Score,
        criterion=None,
        project=None,
        framework=django_filters.NumberFilter(field_name="criterion__framework"),
    )
    create_serializer = ScoreCreate
    update_serializer = ScoreChange

    def perform_create(self, data):
        criterion = get_editable_or_403(Criterion, self.request.user, pk=data["criterion"].pk)
        project = get_visible_or_404(Project, self.request.user, pk=data["project"].pk)
        # expected_version 0: the cell was empty; a score there already is refused (412).
        return score_set(
            actor=self.actor(),
            criterion=criterion,
            project=project,
            value=data["value"],
            justification=data["justification"],
            expected_version=0,
        )

    def perform_update(self, instance, version, data):
        score_set(
            actor=self.actor(),
            criterion=instance.criterion,
            project=instance.project,
            value=data.get("value", instance.value),
            justification=data.get("justification", instance.justification),
            expected_version=version,
        )
