"""What the board pack says, once for both files: the key figures and every table of a
snapshot as plain values with labels in the active language.

The PDF and the workbook render the same `Pack`, so the two never disagree. Values stay
typed (numbers, dates, `Rag`) until a renderer formats them; nothing here reads the
database (reporting/pack/__init__.py loads the snapshot and its rows).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from portfolio.status.models import RAG

from ..models import SnapshotRow
from ..rules.aggregate import COLOURS, DIMENSIONS  # noqa: F401 (the pack's modules read them here)

# Worse is higher: an arrow in the matrix says which way a colour moved.
SEVERITY = {"groen": 0, "oranje": 1, "rood": 2}


@dataclass(frozen=True)
class Rag:
    """A project's colour on one dimension, with last period's for the matrix's arrows."""

    colour: str
    previous: str = ""
    label: str = ""

    @property
    def trend(self) -> int:
        """+1 better than last period, -1 worse, 0 the same or not comparable."""
        if self.colour not in SEVERITY or self.previous not in SEVERITY:
            return 0
        return (SEVERITY[self.previous] > SEVERITY[self.colour]) - (
            SEVERITY[self.previous] < SEVERITY[self.colour]
        )


@dataclass(frozen=True)
class Column:
    label: str
    # "" text, "wide" (text that wraps), "integer", "number", "money", "percent" (a value
    # already in %), "date", "rag"
    kind: str = ""
    # False: in the workbook only (the PDF's page has no room for it)
    pdf: bool = True


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    # Said instead of an empty table, or above it (which board meeting it starts from).
    note: str = ""
    # The workbook's sheet name (at most 31 characters), when the title is longer.
    sheet: str = ""

    @property
    def sheet_title(self) -> str:
        return (self.sheet or self.title)[:31]


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    value: Any
    kind: str  # as Column.kind
    delta: float | None = None
    detail: str = ""


@dataclass
class Pack:
    organisation: str
    scope: str
    period: dt.date
    built_at: dt.datetime
    version: int
    language: str
    tiles: list[Tile]
    tables: dict[str, Table]
    figures: dict
    rows: list[SnapshotRow] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("Portfolioraadpakket")

    @property
    def period_label(self) -> str:
        return formats.date_format(self.period, "F Y")

    @property
    def built_label(self) -> str:
        return formats.date_format(timezone.localtime(self.built_at), "j F Y H:i")


# --------------------------------------------------------------------------- formatting


def number(value, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return formats.number_format(round(value, decimals), decimals, force_grouping=True)


def money(value) -> str:
    return "–" if value is None else f"€ {number(value)}"


def short_money(value) -> str:
    """An amount for a chart's axis or a tile: millions with one decimal."""
    if value is None:
        return "–"
    if abs(value) >= 1_000_000:
        return _("€ %(amount)s mln") % {"amount": number(value / 1_000_000, 1)}
    return money(value)


def percent(value) -> str:
    return "–" if value is None else f"{number(value)} %"


def date(value) -> str:
    return "–" if value is None else formats.date_format(value, "j N Y")


def signed(value, kind: str) -> str:
    """A change since last period: always with its sign, zero as 0."""
    if not value:
        return "0"
    sign = "+" if value > 0 else "-"
    text = {"money": short_money, "percent": percent}.get(kind, number)(abs(value))
    return sign + text


def text(value, kind: str) -> str:
    """A value as the PDF writes it, by its column's kind."""
    if value is None or value == "":
        return "–" if kind else ""
    formatter = {
        "money": money,
        "percent": percent,
        "integer": number,
        "number": lambda v: number(v, 1),
        "date": date,
    }.get(kind)
    return formatter(value) if formatter else str(value)


def as_date(value) -> dt.date | None:
    """A date from the snapshot's JSON (an ISO date or date-time string)."""
    if not value or isinstance(value, dt.date):
        return value or None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def colour_label(colour: str) -> str:
    return str(dict(RAG.choices).get(colour, _("geen rapportage")))


def dimension_label(name: str) -> str:
    return capfirst(str(SnapshotRow._meta.get_field(name).verbose_name))


def ratio_pct(part, whole) -> float | None:
    return round(part / whole * 100, 1) if part is not None and whole else None


# -------------------------------------------------------------------------------- tiles


def tiles(snapshot) -> list[Tile]:
    t, deltas = snapshot.tiles or {}, (snapshot.changes or {}).get("tiles") or {}
    budget, eac = t.get("budget"), t.get("eac")
    teams = t.get("teams") or 0
    ratio = t.get("resistance_ratio")

    def tile(key, label, kind, detail="", value=None):
        return Tile(
            key, label, t.get(key) if value is None else value, kind, deltas.get(key), detail
        )

    return [
        tile("projects", _("Projecten"), "integer"),
        tile("red", _("Rood (totaal)"), "integer"),
        tile("exceptions", _("Buiten tolerantie"), "integer"),
        tile("budget", _("Budget"), "money"),
        tile(
            "eac",
            _("Prognose kosten (EAC)"),
            "money",
            _("%(pct)s van het budget") % {"pct": percent(ratio_pct(eac, budget))},
        ),
        tile("actuals", _("Werkelijke kosten"), "money"),
        tile(
            "benefits_realised",
            _("Baten gerealiseerd"),
            "money",
            _("%(pct)s van gepland") % {"pct": percent(t.get("benefits_pct"))},
        ),
        tile(
            "resistance_class",
            _("Weerstandsvermogen"),
            "",
            _("ratio %(ratio)s") % {"ratio": number(ratio, 1)} if ratio is not None else "",
            value=t.get("resistance_class") or "–",
        ),
        tile(
            "overloaded_teams",
            _("Overbelaste teams"),
            "integer",
            _("van %(teams)s teams") % {"teams": teams},
        ),
    ]
