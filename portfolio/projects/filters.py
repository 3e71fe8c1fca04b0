"""Filtering and sorting of the portfolio overview (pages and API share it)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import LifecycleStatus, OrgUnit, Phase, Programme, Project


class OrgUnitChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.tree_label


class OrgUnitFilter(django_filters.ModelChoiceFilter):
    field_class = OrgUnitChoiceField


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_text")
    org_unit = OrgUnitFilter(
        label=_("Organisatieonderdeel"),
        queryset=OrgUnit.objects.order_by("path"),
        method="filter_org_unit",
        empty_label=_("Alle onderdelen"),
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Programma"),
        queryset=Programme.objects.order_by("name"),
        empty_label=_("Alle programma's"),
    )
    phase = django_filters.ChoiceFilter(
        label=_("Fase"), choices=Phase.choices, empty_label=_("Alle fasen")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=LifecycleStatus.choices, empty_label=_("Alle statussen")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sorteren"),
        fields=(
            ("code", "code"),
            ("name", "name"),
            ("org_unit__name", "org_unit"),
            ("phase_rank", "phase"),
            ("status", "status"),
            ("planned_end", "planned_end"),
            ("budget_total", "budget"),
        ),
        # Also the overview's column heads (pmo.web.registers.sort_columns).
        field_labels={
            "code": _("Code"),
            "name": _("Naam"),
            "org_unit__name": _("Onderdeel"),
            "phase_rank": _("Fase"),
            "status": _("Status"),
            "planned_end": _("Gepland einde"),
            "budget_total": _("Budget"),
        },
    )

    class Meta:
        model = Project
        fields = ["q", "org_unit", "programme", "phase", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            if name not in ("q", "sort"):
                field.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(external_id__iexact=value)
        )

    def filter_org_unit(self, queryset, name, unit: OrgUnit):
        return queryset.filter(org_unit__path__startswith=unit.path)

    @property
    def qs(self):
        queryset = super().qs
        # A stable order when the user did not choose one; code breaks ties.
        if not getattr(self.form, "cleaned_data", {}).get("sort"):
            return queryset.order_by("code")
        return queryset.order_by(*queryset.query.order_by, "code")
