"""The heatmap's filters (the page, its fragment and its export share them) and its
what-if: which months, which teams, hours or fte, proposals counted or not; a project's
demand moved some months earlier or later.

All travel in the query string, so every view of the heatmap has a URL and works
without JavaScript. A value that does not parse is reported on its field and the
default is used in its place.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmo.web.widgets import style_widgets

from ..projects.models import OrgUnit
from .heatmap import Unit
from .rules import add_months, month_start

MONTH_COUNTS = (12, 18, 24, 36)
MAX_SHIFT = 12
# The query parameters of the filters (the what-if's come on top).
FILTER_FIELDS = ("van", "maanden", "onderdeel", "eenheid", "voorstellen")


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "2027-01", **(attrs or {})}, format="%Y-%m")


class HeatmapFilterForm(forms.Form):
    van = forms.DateField(
        label=_("Vanaf maand"),
        required=False,
        input_formats=["%Y-%m", "%m-%Y", "%Y-%m-%d"],
        widget=MonthInput,
        help_text=_("Jaar en maand, bijvoorbeeld 2027-01."),
    )
    maanden = forms.TypedChoiceField(
        label=_("Aantal maanden"),
        required=False,
        coerce=int,
        choices=[(n, str(n)) for n in MONTH_COUNTS],
        empty_value=MONTH_COUNTS[0],
    )
    onderdeel = forms.ModelChoiceField(
        label=_("Organisatieonderdeel van het team"),
        required=False,
        queryset=OrgUnit.objects.order_by("path"),
        empty_label=_("Alle teams"),
    )
    eenheid = forms.TypedChoiceField(
        label=_("Eenheid"),
        required=False,
        choices=[(Unit.HOURS.value, _("uren")), (Unit.FTE.value, _("fte"))],
        coerce=Unit,
        empty_value=Unit.HOURS,
    )
    voorstellen = forms.BooleanField(
        label=_("Voorstellen meetellen"),
        required=False,
        help_text=_("Zonder dit vinkje telt alleen de vraag van lopende projecten en lijnwerk."),
    )

    def __init__(self, data=None, **kwargs):
        if data is not None:
            # The form shows what the page shows: a missing value as its default.
            data = data.copy()
            defaults = {
                "van": f"{month_start(timezone.localdate()):%Y-%m}",
                "maanden": str(MONTH_COUNTS[0]),
                "eenheid": Unit.HOURS.value,
            }
            for name, value in defaults.items():
                if not data.get(name):
                    data[name] = value
        super().__init__(data, **kwargs)
        style_widgets(self)
        self.fields["voorstellen"].widget.attrs.pop("class", None)
        self.fields["onderdeel"].label_from_instance = _unit_label
        # Every field is valid on its own; a bad one falls back to its default.
        self.is_valid()

    def value(self, name: str):
        cleaned = getattr(self, "cleaned_data", {})
        if cleaned.get(name) not in (None, ""):
            return cleaned[name]
        return {
            "van": month_start(timezone.localdate()),
            "maanden": MONTH_COUNTS[0],
            "eenheid": Unit.HOURS,
            "onderdeel": None,
            "voorstellen": False,
        }[name]

    @property
    def months(self) -> list[dt.date]:
        first = month_start(self.value("van"))
        return [add_months(first, i) for i in range(self.value("maanden"))]

    @property
    def unit(self) -> Unit:
        return Unit(self.value("eenheid"))

    @property
    def org_unit(self) -> OrgUnit | None:
        return self.value("onderdeel")

    @property
    def include_proposals(self) -> bool:
        return bool(self.value("voorstellen"))


def _unit_label(unit: OrgUnit) -> str:
    # The tree shows in the list: one step in per level below a domain.
    depth = max(unit.path.count("/") - 2, 0)
    return "\u2003" * depth + unit.name


class WhatIfForm(forms.Form):
    """Which project's demand to move, and by how many months (negative: earlier)."""

    project = forms.CharField(
        label=_("Project (code)"),
        max_length=30,
        required=False,
        help_text=_("Een project dat in de getoonde maanden capaciteit vraagt."),
    )
    verschuiving = forms.IntegerField(
        label=_("Verschuiving in maanden"),
        min_value=-MAX_SHIFT,
        max_value=MAX_SHIFT,
        required=False,
        help_text=_("Negatief is eerder, positief is later."),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        style_widgets(self)
        self.fields["project"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean_project(self) -> str:
        return (self.cleaned_data.get("project") or "").strip().upper()

    @property
    def asked(self) -> bool:
        """Whether a what-if was asked for at all (a project named)."""
        return self.is_bound and bool((self.data.get("project") or "").strip())


class ShiftSaveForm(forms.Form):
    """Saving a what-if: the project, the months and the plan version it was shown at."""

    project = forms.CharField(max_length=30, widget=forms.HiddenInput)
    verschuiving = forms.IntegerField(
        min_value=-MAX_SHIFT, max_value=MAX_SHIFT, widget=forms.HiddenInput
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        # Beside the what-if's own fields on one page: no ids of its own.
        super().__init__(*args, auto_id=False, **kwargs)
