"""Filtering and sorting of the issue register (pages, exports and the API share it)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pmo.web.registers import StableOrdering
from portfolio.projects.models import Project

from ..models import Issue, IssueType, Level

TOLERANCE = (("ja", _("buiten de tolerantie")), ("nee", _("binnen de tolerantie")))


class IssueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_text")
    type = django_filters.ModelChoiceFilter(
        label=_("Soort"), queryset=IssueType.objects.none(), empty_label=_("Alle soorten")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Issue.Status.choices, empty_label=_("Alle statussen")
    )
    severity = django_filters.ChoiceFilter(
        label=_("Ernst"), choices=Issue.Severity.choices, empty_label=_("Elke ernst")
    )
    priority = django_filters.ChoiceFilter(
        label=_("Prioriteit"), choices=Issue.Priority.choices, empty_label=_("Elke prioriteit")
    )
    project = django_filters.ModelChoiceFilter(
        label=_("Project"), queryset=Project.objects.none(), empty_label=_("Alle projecten")
    )
    level = django_filters.ChoiceFilter(
        label=_("Niveau"), choices=Level.choices, empty_label=_("Alle niveaus")
    )
    beyond_tolerance = django_filters.ChoiceFilter(
        label=_("Tolerantie"),
        choices=TOLERANCE,
        method="filter_tolerance",
        empty_label=_("Binnen en buiten"),
    )
    sort = StableOrdering(
        label=_("Sorteren"),
        fields=(
            ("title", "title"),
            ("severity", "severity"),
            ("raised_on", "raised"),
            ("status", "status"),
        ),
        field_labels={
            "title": _("Issue"),
            "severity": _("Ernst"),
            "raised_on": _("Gemeld op"),
            "status": _("Status"),
        },
    )

    class Meta:
        model = Issue
        fields = [
            "q", "type", "status", "severity", "priority", "project", "level",
            "beyond_tolerance",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the projects of issues the user sees: the choices name nothing outside
        # their sight, and stay short.
        self.filters["project"].queryset = Project.objects.filter(
            pk__in=self.queryset.values("project")
        ).order_by("code")
        self.filters["type"].queryset = IssueType.objects.order_by("position", "name")

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(project__code__iexact=value)
            | Q(external_id=value)
        )

    def filter_tolerance(self, queryset, name, value):
        return queryset.filter(beyond_tolerance=value == "ja")
