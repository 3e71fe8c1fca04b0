"""Reads of the reviews after closure, the lessons learned and the value canvas, shared
by the pages, the API, the exports and the review's own service (which freezes
`review_results` when the review is completed).

Each is one query whatever the number of projects: the domain of a project is found
among the units on its org unit's materialised path, not by walking the tree.
"""

from __future__ import annotations

import datetime as dt
import json

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from pmo.access import get_visible_or_404
from pmo.figures import path_ids
from portfolio.projects.models import OrgUnit, Project

from ..models import Benefit, Contribution, Lesson, Review, ValueCanvas
from ..rules.review import BenefitResult

DOMAIN_LESSONS_SHOWN = 5


def review_overdue_q(today: dt.date) -> Q:
    """A planned review past its day."""
    return Q(state=Review.State.PLANNED, due_on__lt=today)


def review_list(*, user, today: dt.date) -> QuerySet[Review]:
    """The register's rows, overdue first, then by the day they are due."""
    return (
        Review.objects.visible_to(user)
        .select_related("project", "project__sponsor", "project__manager")
        .annotate(overdue=ExpressionWrapper(review_overdue_q(today), output_field=BooleanField()))
        .order_by("-overdue", "due_on", "pk")
    )


def review_detail(*, user, pk: int) -> Review:
    queryset = Review.objects.select_related(
        "project", "project__org_unit", "project__sponsor", "project__manager", "completed_by"
    )
    return get_visible_or_404(queryset, user, pk=pk)


def review_results(project: Project) -> list[BenefitResult]:
    """Planned against achieved for every benefit attributed to the project, as today."""
    contributions = (
        Contribution.objects.filter(project=project)
        .select_related("benefit")
        .order_by("benefit__name", "pk")
    )
    return [
        BenefitResult(
            benefit_id=c.benefit_id,
            name=c.benefit.name,
            unit=c.benefit.unit,
            share=c.share,
            **{name: getattr(c.benefit, name) for name in RESULT_FIELDS},
            disbenefit=c.benefit.kind == Benefit.Kind.DISBENEFIT,
        )
        for c in contributions
    ]


RESULT_FIELDS = (
    "baseline_value", "baseline_date", "target_value", "target_date", "last_value",
    "last_measured_on", "realisation", "expected", "track", "planned_amount", "realised_amount",
)  # fmt: skip


def project_review(project: Project) -> Review | None:
    return Review.objects.filter(project=project).first()


def review_lessons(review: Review) -> QuerySet[Lesson]:
    return review.lessons.select_related("domain", "created_by").order_by("-created_at", "-pk")


def lesson_list(*, user) -> QuerySet[Lesson]:
    return Lesson.objects.visible_to(user).select_related("domain", "project", "created_by")


def lesson_detail(*, user, pk: int) -> Lesson:
    queryset = Lesson.objects.select_related("domain", "project", "review", "created_by")
    return get_visible_or_404(queryset, user, pk=pk)


def tag_q(tag: str) -> Q:
    """Lessons carrying `tag` (whole, any case), on every database: the tags' JSON text
    holds it quoted, with non-ASCII escaped (SQLite) or not (PostgreSQL's jsonb)."""
    tag = tag.strip().lower()
    return Q(tags__icontains=json.dumps(tag)) | Q(
        tags__icontains=json.dumps(tag, ensure_ascii=False)
    )


def project_domain(project: Project) -> OrgUnit | None:
    """The domein the project's org unit lies in (itself, or the nearest above it)."""
    return (
        OrgUnit.objects.filter(pk__in=path_ids(project.org_unit.path), kind=OrgUnit.Kind.DOMAIN)
        .order_by("-path")
        .first()
    )


def domain_lessons(*, user, project: Project) -> list[Lesson]:
    """The newest lessons of the project's domain, for its page while it starts: one
    query, the domain found among the units on the org unit's path."""
    units = path_ids(project.org_unit.path)
    lessons = (
        Lesson.objects.visible_to(user)
        .filter(domain__in=units)
        .select_related("domain")
        .order_by("-created_at", "-pk")
    )
    return list(lessons[:DOMAIN_LESSONS_SHOWN])


def project_canvas(project: Project) -> ValueCanvas | None:
    return ValueCanvas.objects.filter(project=project).first()
