"""Forms of the capacity pages: a team's default, one month's exception, and the demand
grid of a project (read from the posted cells, without a form field per cell)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmo.dates import parse_month
from pmo.web.fields import AmountField, WholeNumberField
from pmo.web.widgets import style_widgets

from .models import Team, TeamMonth


class MonthInput(forms.TextInput):
    """The browser's month picker; without one, a text box taking "2027-03"."""

    input_type = "month"

    def format_value(self, value):
        if isinstance(value, dt.date):
            return f"{value:%Y-%m}"
        return super().format_value(value)


class MonthField(forms.Field):
    widget = MonthInput

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value.replace(day=1)
        if value in (None, ""):
            return None
        month = parse_month(str(value))
        if month is None:
            raise ValidationError(_("Schrijf de maand als jjjj-mm, bijvoorbeeld 2027-03."))
        return month


class TeamForm(forms.Form):
    """A team's default: its name and formation."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=gettext_lazy("Naam"), max_length=120)
    fte = AmountField(
        label=gettext_lazy("Formatie (fte)"),
        help_text=Team._meta.get_field("fte").help_text,
    )
    hours_per_fte = WholeNumberField(
        label=gettext_lazy("Uren per fte per maand"),
        help_text=Team._meta.get_field("hours_per_fte").help_text,
    )
    availability_pct = WholeNumberField(
        label=gettext_lazy("Inzetbaar (%)"),
        help_text=Team._meta.get_field("availability_pct").help_text,
    )

    VALUE_FIELDS = ("name", "fte", "hours_per_fte", "availability_pct")

    def __init__(self, *args, team: Team, **kwargs):
        kwargs.setdefault(
            "initial",
            {"version": team.version, **{n: getattr(team, n) for n in self.VALUE_FIELDS}},
        )
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.VALUE_FIELDS}


class TeamMonthForm(forms.Form):
    """One month in which the team's capacity differs from its default."""

    prefix = "maand"
    version = forms.IntegerField(widget=forms.HiddenInput)
    month = MonthField(label=gettext_lazy("Maand"))
    fte = AmountField(
        label=gettext_lazy("Formatie (fte)"),
        required=False,
        help_text=gettext_lazy("Leeg: de standaardformatie."),
    )
    availability_pct = WholeNumberField(
        label=gettext_lazy("Inzetbaar (%)"),
        required=False,
        help_text=gettext_lazy("Leeg: het standaardpercentage."),
    )
    note = forms.CharField(
        label=gettext_lazy("Toelichting"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Bijvoorbeeld: zomervakantie, vacature, nieuwe collega."),
    )

    def __init__(self, *args, team: Team, exception: TeamMonth | None = None, month=None, **kw):
        initial = {"version": team.version, "month": month}
        if exception is not None:
            initial.update(
                month=exception.month,
                fte=exception.fte,
                availability_pct=exception.availability_pct,
                note=exception.note,
            )
        kw.setdefault("initial", initial)
        super().__init__(*args, **kw)
        style_widgets(self)

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "month": data["month"],
            "fte": data["fte"],
            "availability_pct": data["availability_pct"],
            "note": data["note"],
        }


class TeamMonthClearForm(forms.Form):
    """The default applies to this month again."""

    prefix = "wissen"
    version = forms.IntegerField(widget=forms.HiddenInput)
    month = MonthField(widget=forms.HiddenInput)


# ------------------------------------------------------------------------- demand grid


def cell_name(team_id: int, month: dt.date) -> str:
    """The posted name of a grid cell: c-<team id>-<yyyy-mm>."""
    return f"c-{team_id}-{month:%Y-%m}"


def read_hours(text: str) -> Decimal | None:
    """A cell's hours as a browser's number box sends them ("12.5"), or as typed in
    Dutch ("12,5"); None when empty. ValueError when it is no number."""
    text = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        hours = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not hours.is_finite():
        raise ValueError(text)
    return hours


@dataclass
class DemandGrid:
    """The posted grid: the rows (team ids, in the order shown), every cell's text as
    typed, its hours where they read as a number, and the errors per cell."""

    rows: list[int]
    months: list[dt.date]
    version: int
    texts: dict[tuple[int, dt.date], str] = field(default_factory=dict)
    cells: dict[tuple[int, dt.date], Decimal | None] = field(default_factory=dict)
    errors: dict[tuple[int, dt.date], str] = field(default_factory=dict)

    @classmethod
    def posted(cls, data, *, months: list[dt.date], teams: set[int]) -> DemandGrid:
        """Read the rows (`row` fields) of known teams, and each of their cells."""
        rows: list[int] = []
        for raw in data.getlist("row"):
            try:
                team_id = int(raw)
            except (TypeError, ValueError):
                continue
            if team_id in teams and team_id not in rows:
                rows.append(team_id)
        try:
            version = int(data.get("version", "0"))
        except (TypeError, ValueError):
            version = 0
        grid = cls(rows=rows, months=months, version=version)
        for team_id in rows:
            for month in months:
                key, name = (team_id, month), cell_name(team_id, month)
                if name not in data:
                    continue  # a cell not posted is left as it is, not emptied
                text = data[name]
                grid.texts[key] = text
                try:
                    hours = read_hours(text)
                except ValueError:
                    grid.errors[key] = _("“%(value)s” is geen getal.") % {"value": text.strip()}
                    continue
                if hours is not None and hours < 0:
                    grid.errors[key] = _("Uren kunnen niet negatief zijn.")
                else:
                    grid.cells[key] = hours
        return grid

    def is_valid(self) -> bool:
        return not self.errors
