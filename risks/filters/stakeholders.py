"""Filtering and sorting of the stakeholder register (pages, exports and the API share
it). A cell of the power/interest grid is a filter too: `raster=4-2` (power 4, interest
2); a quadrant of it as well: `raster=tevreden-houden` (by position in the grid, whatever
strategy was chosen)."""

import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pmo.web.registers import StableOrdering
from portfolio.projects.models import Programme, Project

from ..models import Stakeholder
from ..rules import grid

CELL = re.compile(r"^([1-5])-([1-5])$")


class StakeholderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_text")
    project = django_filters.ModelChoiceFilter(
        label=_("Project"), queryset=Project.objects.none(), empty_label=_("Alle projecten")
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Programma"),
        queryset=Programme.objects.none(),
        empty_label=_("Alle programma's"),
    )
    strategy = django_filters.ChoiceFilter(
        label=_("Strategie"),
        choices=Stakeholder.Strategy.choices,
        empty_label=_("Alle strategieën"),
    )
    attitude = django_filters.ChoiceFilter(
        label=_("Houding"), choices=Stakeholder.Attitude.choices, empty_label=_("Alle houdingen")
    )
    # Set by a cell of the grid, not typed: kept while other filters change.
    raster = django_filters.CharFilter(
        label=_("Vak van de macht-belangmatrix"), method="filter_cell", widget=forms.HiddenInput
    )
    sort = StableOrdering(
        label=_("Sorteren"),
        fields=(
            ("name", "name"),
            ("organisation", "organisation"),
            ("power", "power"),
            ("interest", "interest"),
            ("strategy", "strategy"),
        ),
        field_labels={
            "name": _("Belanghebbende"),
            "organisation": _("Organisatie"),
            "power": _("Macht"),
            "interest": _("Belang"),
            "strategy": _("Strategie"),
        },
    )

    class Meta:
        model = Stakeholder
        fields = ["q", "project", "programme", "strategy", "attitude", "raster"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the projects and programmes of stakeholders the user sees: the choices
        # name nothing outside their sight, and stay short.
        shown = self.queryset
        self.filters["project"].queryset = Project.objects.filter(
            pk__in=shown.values("project")
        ).order_by("code")
        self.filters["programme"].queryset = Programme.objects.filter(
            pk__in=shown.values("programme")
        ).order_by("name")

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(organisation__icontains=value)
            | Q(role__icontains=value)
            | Q(project__code__iexact=value)
        )

    def filter_cell(self, queryset, name, value):
        match = CELL.match(value)
        if match:
            power, interest = (int(n) for n in match.groups())
            return queryset.filter(power=power, interest=interest)
        if value in grid.QUADRANTS:
            bounds = grid.bounds(value)
            return queryset.filter(power__range=bounds.power, interest__range=bounds.interest)
        return queryset.none()
