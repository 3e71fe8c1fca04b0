"""The heatmap grid's cells as HTML, built in Python: 50 teams x 36 months are 1,800
cells, which the template language renders in a fifth of a second and this in a few
milliseconds. The markup is the same a template would give: the level as a class and
always in words beside it (never colour alone), an over-allocated cell a link that
opens its projects below the grid (htmx) or as a page, a what-if's change as
before → after with its delta. Numbers are formatted in the user's language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..heatmap import Heatmap, Row, Unit
from ..rules import Load


@dataclass(frozen=True)
class GridRow:
    row: Row
    cells: SafeString


def formatter(unit: Unit) -> Callable[[float], str]:
    """Hours as whole numbers, fte with two decimals, grouped as the language does."""
    places = 2 if unit == Unit.FTE else 0

    @lru_cache(maxsize=4096)
    def fmt(value: float) -> str:
        return number_format(round(value, places), places, use_l10n=True, force_grouping=True)

    return fmt


def _labels() -> dict[str, object]:
    mark = '<span class="pmo-load__mark"><span aria-hidden="true">%s</span> %s</span>'
    return {
        "empty": escape(_("geen capaciteit en geen vraag")),
        "none": escape(_("geen capaciteit")),
        "open": escape(_("toon de projecten")),
        "moved": escape(_("verschoven:")),
        # The level in words beside its colour: a free cell needs no word.
        "marks": {
            Load.OVER: mark % ("▲", escape(_("over"))),
            Load.TIGHT: mark % ("●", escape(_("krap"))),
        },
    }


def _cell(fmt, labels, *, demand, capacity, pct, level, before=None, href=None) -> str:
    changed = before is not None
    css = f"utrecht-table__cell pmo-load pmo-load--{level}"
    if changed:
        css += " pmo-load--changed"
    if level == Load.EMPTY and not changed:
        body = (
            '<span aria-hidden="true">–</span>'
            f'<span class="pmo-visually-hidden">{labels["empty"]}</span>'
        )
        return f'<td class="{css}">{body}</td>'
    figures = f"{fmt(before)} → " if changed else ""
    figures += f"{fmt(demand)} / {fmt(capacity)}"
    if href:
        figures = (
            f'<a class="utrecht-link" href="{href}" hx-get="{href}" hx-target="#drill" '
            f'hx-swap="innerHTML show:#drill:top">{figures}'
            f'<span class="pmo-visually-hidden"> – {labels["open"]}</span></a>'
        )
    load = labels["none"] if pct is None else f"{pct} %"
    parts = [figures, f'<span class="pmo-load__pct">{load}</span>']
    if changed:
        delta = demand - before
        sign = "+" if delta > 0 else ""
        parts.append(
            '<span class="pmo-load__delta"><span aria-hidden="true">Δ</span>'
            f'<span class="pmo-visually-hidden">{labels["moved"]}</span> {sign}{fmt(delta)}</span>'
        )
    parts.append(labels["marks"].get(level, ""))
    return f'<td class="{css}">{"".join(parts)}</td>'


def grid_rows(heatmap: Heatmap) -> list[GridRow]:
    """Each team's row with its cells' HTML."""
    fmt, labels = formatter(heatmap.unit), _labels()
    rows = []
    for row in heatmap.rows:
        code = escape(row.team.code)
        cells = []
        for cell in row.cells:
            href = (
                reverse("capacity:heatmap_cell", args=[code, cell.month_key]) if cell.over else None
            )
            cells.append(
                _cell(
                    fmt,
                    labels,
                    demand=cell.demand,
                    capacity=cell.capacity,
                    pct=cell.pct,
                    level=cell.level,
                    before=cell.before,
                    href=href,
                )
            )
        rows.append(GridRow(row, mark_safe("".join(cells))))  # noqa: S308 - escaped above
    return rows


def total_cells(heatmap: Heatmap) -> SafeString:
    """The totals row's cells: every shown team together, per month."""
    fmt, labels = formatter(heatmap.unit), _labels()
    cells = [
        _cell(fmt, labels, demand=t.demand, capacity=t.capacity, pct=t.pct, level=t.level)
        for t in heatmap.totals
    ]
    return mark_safe("".join(cells))  # noqa: S308 - numbers and escaped labels only
