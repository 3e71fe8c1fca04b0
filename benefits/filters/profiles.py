"""Filtering and sorting of the baten register (pages, exports and the API share it)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portfolio.projects.models import Programme

from ..models import Benefit
from ..selectors import measured_q, unmeasured_q

MEASURED = (
    ("op-koers", _("op koers")),
    ("achter", _("achter op plan")),
    ("niet-gemeten", _("niemand meet")),
)


class BenefitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_text")
    programme = django_filters.ModelChoiceFilter(
        label=_("Programma"),
        queryset=Programme.objects.order_by("name"),
        empty_label=_("Alle programma's"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Soort"), choices=Benefit.Kind.choices, empty_label=_("Baten en negatieve baten")
    )
    category = django_filters.ChoiceFilter(
        label=_("Categorie"), choices=Benefit.Category.choices, empty_label=_("Alle categorieën")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Benefit.Status.choices, empty_label=_("Alle statussen")
    )
    progress = django_filters.ChoiceFilter(
        label=_("Voortgang"), choices=MEASURED, method="filter_progress", empty_label=_("Alle")
    )
    esg_theme = django_filters.ChoiceFilter(
        label=_("ESG-thema"), choices=Benefit.Esg.choices, empty_label=_("Alle thema's")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sorteren"),
        fields=(
            ("name", "name"),
            ("owner__last_name", "owner"),
            ("status", "status"),
            ("realisation", "realisation"),
            ("last_measured_on", "measured"),
            ("due_on", "due"),
        ),
        field_labels={
            "name": _("Baat"),
            "owner__last_name": _("Bateneigenaar"),
            "status": _("Status"),
            "realisation": _("Realisatie"),
            "last_measured_on": _("Laatst gemeten"),
            "due_on": _("Volgende meting"),
        },
    )

    class Meta:
        model = Benefit
        fields = ["q", "programme", "kind", "category", "status", "progress", "esg_theme"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(measure__icontains=value) | Q(external_id=value)
        )

    def filter_progress(self, queryset, name, value):
        today = timezone.localdate()
        if value == "niet-gemeten":
            return queryset.filter(unmeasured_q(today))
        return queryset.filter(measured_q(today), track=value)
