"""The reviews after closure, the lessons learned and the value canvases on the API.

A review and a canvas follow their project (seen and changed as the project is); a
lesson is read by everyone signed in and changed by its author and the PMO-analist.
Changes carry `If-Match`; a review is completed with `complete: true`.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from pmo.access import get_visible_or_404
from pmo.api.columns import model_columns
from pmo.api.filters import ResourceFilter, SyncedFilter, resource_filter
from pmo.api.registry import register
from pmo.api.resources import Creates, Resource, Updates
from pmo.api.serializers import StrictModel
from portfolio.projects.models import Project

from .. import services
from ..models import CANVAS_FIELDS, Lesson, Review, ValueCanvas
from ..rules.review import TAG_MAX
from ..selectors.reviews import review_overdue_q, tag_q


def _overdue(queryset, name, value):
    late = review_overdue_q(timezone.localdate())
    return queryset.filter(late) if value else queryset.exclude(late)


class ReviewWrite(StrictModel):
    complete = serializers.BooleanField(
        required=False,
        help_text="afronden: legt de baten vast zoals ze nu staan (nodig: held_on, "
        "value_for_money, decision_right)",
    )

    class Meta:
        model = Review
        fields = [*services.REVIEW_FIELDS, "complete"]


@register("reviews")
class Reviews(Updates, Resource):
    """Evaluaties na afronding (post-implementation reviews): due `PIR_MONTHS_AFTER_CLOSURE`
    months after the project closed; once completed, `benefit_results` holds planned
    against achieved per attributed benefit as they stood that day."""

    model = Review
    columns = model_columns(
        Review,
        "id",
        "project",
        "due_on",
        "state",
        "held_on",
        "value_for_money",
        "decision_right",
        "decision_explanation",
        "summary",
        "benefit_results",
        "reminded_on",
        "completed_by",
        "version",
        "updated_at",
    )
    filterset_class = resource_filter(
        Review,
        ResourceFilter,
        project=None,
        state=None,
        overdue=django_filters.BooleanFilter(
            method=_overdue, label="gepland en over de datum (uiterlijk op) heen"
        ),
    )
    ordering_fields = ("id", "due_on", "updated_at")
    update_serializer = ReviewWrite

    def perform_update(self, instance, version, data):
        write = services.review_complete if data.pop("complete", False) else services.review_update
        write(actor=self.actor(), review=instance, expected_version=version, **data)


class LessonFields(StrictModel):
    tags = serializers.ListField(
        child=serializers.CharField(max_length=TAG_MAX), required=False, help_text="trefwoorden"
    )


class LessonCreate(LessonFields):
    class Meta:
        model = Lesson
        fields = [*services.LESSON_FIELDS, "project", "review", "external_id"]


class LessonUpdate(LessonFields):
    class Meta:
        model = Lesson
        fields = [*services.LESSON_FIELDS, "project"]


@register("lessons")
class Lessons(Creates, Updates, Resource):
    """Geleerde lessen, for every project to learn from: filter on `domain` (an org unit
    of kind domein), `phase` and `tag`; `review` when it came from an evaluation."""

    model = Lesson
    columns = model_columns(
        Lesson,
        "id",
        "title",
        "kind",
        "description",
        "recommendation",
        "domain",
        "phase",
        "tags",
        "project",
        "review",
        "created_by",
        "created_at",
        "external_id",
        "version",
        "updated_at",
    )
    filterset_class = resource_filter(
        Lesson,
        SyncedFilter,
        domain=None,
        phase=None,
        kind=None,
        project=None,
        review=None,
        tag=django_filters.CharFilter(
            method=lambda queryset, name, value: queryset.filter(tag_q(value)),
            label="met dit trefwoord",
        ),
    )
    ordering_fields = ("id", "created_at", "updated_at")
    create_serializer = LessonCreate
    update_serializer = LessonUpdate

    def perform_create(self, data):
        review = data.pop("review", None)
        user = self.request.user
        if review is not None and not Review.objects.visible_to(user).filter(pk=review.pk).exists():
            raise ValidationError({"review": [_("Onbekende evaluatie.")]})
        return services.lesson_create(actor=self.actor(), review=review, **data)

    def perform_update(self, instance, version, data):
        services.lesson_update(
            actor=self.actor(), lesson=instance, expected_version=version, **data
        )


class CanvasCreate(StrictModel):
    class Meta:
        model = ValueCanvas
        fields = ["project", *CANVAS_FIELDS]


class CanvasUpdate(StrictModel):
    class Meta:
        model = ValueCanvas
        fields = CANVAS_FIELDS


@register("value-canvases")
class ValueCanvases(Creates, Updates, Resource):
    """Business Value Canvassen: one per project, made at its initiation."""

    model = ValueCanvas
    columns = model_columns(ValueCanvas, "id", "project", *CANVAS_FIELDS, "version", "updated_at")
    filterset_class = resource_filter(ValueCanvas, ResourceFilter, project=None)
    create_serializer = CanvasCreate
    update_serializer = CanvasUpdate

    def perform_create(self, data):
        project = get_visible_or_404(Project, self.request.user, pk=data.pop("project").pk)
        if ValueCanvas.objects.filter(project=project).exists():
            raise ValidationError(
                {"project": [_("Dit project heeft al een canvas; wijzig het met PATCH.")]}
            )
        return services.canvas_save(
            actor=self.actor(), project=project, expected_version=None, **data
        )

    def perform_update(self, instance, version, data):
        services.canvas_save(
            actor=self.actor(), project=instance.project, expected_version=version, **data
        )
