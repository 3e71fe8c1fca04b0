"""Filtering and sorting of the risk register (pages, exports and the API share it). A
cell of the risicokaart is a filter too: `kaart=netto-3-4` (residual probability 3,
money 4), `kaart=bruto-2-geen` (inherent probability 2, no financial effect)."""

import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pmo.web.registers import StableOrdering

from ..models import Level, Risk

CELL = re.compile(r"^(bruto|netto)-([1-5])-([1-5]|geen)$")


class RiskFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_text")
    level = django_filters.ChoiceFilter(
        label=_("Niveau"), choices=Level.choices, empty_label=_("Alle niveaus")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Soort"), choices=Risk.Kind.choices, empty_label=_("Bedreigingen en kansen")
    )
    category = django_filters.ChoiceFilter(
        label=_("Categorie"), choices=Risk.Category.choices, empty_label=_("Alle categorieën")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Risk.Status.choices, empty_label=_("Alle statussen")
    )
    # Set by a cell of the risicokaart, not typed: kept while other filters change.
    kaart = django_filters.CharFilter(
        label=_("Vak van de risicokaart"), method="filter_cell", widget=forms.HiddenInput
    )
    sort = StableOrdering(
        label=_("Sorteren"),
        fields=(
            ("title", "title"),
            ("residual_score", "residual"),
            ("inherent_score", "inherent"),
            ("expected_value", "expected"),
            ("raised_on", "raised"),
        ),
        field_labels={
            "title": _("Risico"),
            "residual_score": _("Netto score"),
            "inherent_score": _("Bruto score"),
            "expected_value": _("Verwachte waarde"),
            "raised_on": _("Gemeld op"),
        },
    )

    class Meta:
        model = Risk
        fields = ["q", "level", "kind", "category", "status", "kaart"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(cause__icontains=value)
            | Q(event__icontains=value)
            | Q(project__code__iexact=value)
            | Q(external_id=value)
        )

    def filter_cell(self, queryset, name, value):
        match = CELL.match(value)
        if not match:
            return queryset.none()
        side, probability, money = match.groups()
        prefix = "inherent" if side == "bruto" else "residual"
        money_filter = (
            {f"{prefix}_money__isnull": True}
            if money == "geen"
            else {f"{prefix}_money": int(money)}
        )
        return queryset.filter(
            status=Risk.Status.OPEN, **{f"{prefix}_probability": int(probability)}, **money_filter
        )
