"""Forms of the dashboards' pages: a scope and its build schedule, and "nu bouwen".

The forms check types and ranges; which target a kind needs and whether it already has
a dashboard is the service's rule (reporting/services/scopes.py), whose field errors
the view puts back on these fields."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmo.dates import parse_month
from pmo.web.fields import WholeNumberField
from pmo.web.widgets import style_widgets
from portfolio.projects.models import OrgUnit, Portfolio, Programme

from .models import Scope

# ?periode=2026-11: the one month parser of the product.
parse_period = parse_month


class TimeInput(forms.TimeInput):
    """The browser's time picker; without one, a text box taking "06:00"."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class OrgUnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.tree_label


class ScheduleFields(forms.Form):
    build_day = WholeNumberField(
        label=gettext_lazy("Bouwdag"),
        min_value=1,
        max_value=28,
        help_text=gettext_lazy(
            "Dag van de maand (1–28) waarop de momentopname van de periode wordt gebouwd."
        ),
    )
    build_time = forms.TimeField(
        label=gettext_lazy("Bouwtijd"),
        widget=TimeInput,
        help_text=gettext_lazy("Tijd in Nederland, bijvoorbeeld 06:00."),
    )

    def schedule(self) -> dict:
        return {
            "build_day": self.cleaned_data["build_day"],
            "build_time": self.cleaned_data["build_time"],
        }


class ScopeCreateForm(ScheduleFields):
    """A new dashboard: what it covers and when it is built."""

    kind = forms.ChoiceField(label=gettext_lazy("Omvat"), choices=Scope.Kind.choices)
    portfolio = forms.ModelChoiceField(
        label=gettext_lazy("Portfolio"),
        queryset=Portfolio.objects.none(),
        required=False,
        help_text=gettext_lazy("Alleen bij een dashboard van een portfolio."),
    )
    org_unit = OrgUnitChoiceField(
        label=gettext_lazy("Organisatieonderdeel"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Alleen bij een dashboard van een organisatieonderdeel; de onderdelen eronder "
            "tellen mee."
        ),
    )
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programma"),
        queryset=Programme.objects.none(),
        required=False,
        help_text=gettext_lazy("Alleen bij een dashboard van een programma."),
    )

    field_order = ["kind", "portfolio", "org_unit", "programme", "build_day", "build_time"]

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {"build_day": 1, "build_time": dt.time(6, 0)})
        super().__init__(*args, **kwargs)
        self.fields["portfolio"].queryset = Portfolio.objects.visible_to(user).order_by("name")
        self.fields["org_unit"].queryset = OrgUnit.objects.visible_to(user).order_by("path")
        self.fields["programme"].queryset = Programme.objects.visible_to(user).order_by("name")
        style_widgets(self)

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "portfolio": data.get("portfolio"),
            "org_unit": data.get("org_unit"),
            "programme": data.get("programme"),
            **self.schedule(),
        }


class ScopeScheduleForm(ScheduleFields):
    """When an existing dashboard is built, against the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, scope: Scope, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "version": scope.version,
                "build_day": scope.build_day,
                "build_time": scope.build_time,
            },
        )
        super().__init__(*args, **kwargs)
        style_widgets(self)


class BuildRequestForm(forms.Form):
    """ "Nu bouwen" for the period the dashboard shows (periode=2026-11)."""

    periode = forms.CharField(required=False)  # missing: the same message as garbled

    def clean_periode(self) -> dt.date:
        period = parse_period(self.cleaned_data["periode"])
        if period is None:
            raise ValidationError(_("Schrijf de periode als jjjj-mm, bijvoorbeeld 2026-11."))
        return period
