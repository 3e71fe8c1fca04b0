"""Filtering and sorting of the batenkaarten register (the page and its export)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from portfolio.projects.models import Programme

from ..models import BenefitMap


class MapFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), field_name="name", lookup_expr="icontains")
    programme = django_filters.ModelChoiceFilter(
        label=_("Programma"),
        queryset=Programme.objects.order_by("name"),
        empty_label=_("Alle programma's"),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sorteren"),
        fields=(("name", "name"), ("node_count", "nodes")),
        field_labels={"name": _("naam"), "node_count": _("elementen")},
    )

    class Meta:
        model = BenefitMap
        fields = ["q", "programme"]
