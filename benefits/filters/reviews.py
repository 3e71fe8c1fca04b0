"""Filtering and sorting of the review register and the lessons register (pages,
exports and the API share them)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portfolio.projects.models import OrgUnit, Phase

from ..models import Lesson, Review
from ..selectors.reviews import review_overdue_q, tag_q

OVERDUE = (("ja", _("over tijd")), ("nee", _("niet over tijd")))


class ReviewFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_text")
    state = django_filters.ChoiceFilter(
        label=_("Stand"), choices=Review.State.choices, empty_label=_("Gepland en afgerond")
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Over tijd"), choices=OVERDUE, method="filter_overdue", empty_label=_("Alle")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sorteren"),
        fields=(
            ("project__code", "project"),
            ("due_on", "due"),
            ("state", "state"),
            ("held_on", "held"),
        ),
        field_labels={
            "project__code": _("Project"),
            "due_on": _("Uiterlijk op"),
            "state": _("Stand"),
            "held_on": _("Gehouden op"),
        },
    )

    class Meta:
        model = Review
        fields = ["q", "state", "overdue"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(project__code__icontains=value) | Q(project__name__icontains=value)
        )

    def filter_overdue(self, queryset, name, value):
        late = review_overdue_q(timezone.localdate())
        return queryset.filter(late) if value == "ja" else queryset.exclude(late)


def domain_choices():
    return OrgUnit.objects.filter(kind=OrgUnit.Kind.DOMAIN).order_by("name")


class LessonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_text")
    domain = django_filters.ModelChoiceFilter(
        label=_("Domein"), queryset=domain_choices(), empty_label=_("Alle domeinen")
    )
    phase = django_filters.ChoiceFilter(
        label=_("Fase"), choices=Phase.choices, empty_label=_("Alle fasen")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Soort"), choices=Lesson.Kind.choices, empty_label=_("Alle soorten")
    )
    tag = django_filters.CharFilter(label=_("Trefwoord"), method="filter_tag")
    sort = django_filters.OrderingFilter(
        label=_("Sorteren"),
        fields=(
            ("title", "title"),
            ("domain__name", "domain"),
            ("phase", "phase"),
            ("created_at", "date"),
        ),
        field_labels={
            "title": _("Les"),
            "domain__name": _("Domein"),
            "phase": _("Fase"),
            "created_at": _("Vastgelegd op"),
        },
    )

    class Meta:
        model = Lesson
        fields = ["q", "domain", "phase", "kind", "tag"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(recommendation__icontains=value)
            | Q(tags__icontains=value)
            | tag_q(value)
        )

    def filter_tag(self, queryset, name, value):
        return queryset.filter(tag_q(value))
