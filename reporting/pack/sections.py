"""The PDF's story: the board's dashboard in reading order, each chart beside or above
the table with its numbers (the table is the chart's text alternative on paper)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from reportlab.platypus import PageBreak, Spacer

from . import charts
from . import content as c
from .layout import FRAME_WIDTH, fitted, heading, paragraph, side_by_side, table

# A chart of teams shows the busiest; the table below it lists every team.
CHART_TEAMS = 20


def _rag_parts() -> list[tuple[str, object]]:
    return [(c.colour_label(key), charts.colour(key)) for key in c.COLOURS]


def opening(pack: c.Pack) -> list:
    projects = next((t.value for t in pack.tiles if t.key == "projects"), None) or 0
    flow = [
        paragraph(pack.title, "title"),
        paragraph(f"{pack.scope} · {pack.period_label}", "subtitle"),
        paragraph(
            _("%(projects)s projecten · versie %(version)s · gebouwd op %(built)s")
            % {"projects": projects, "version": pack.version, "built": pack.built_label},
            "note",
        ),
        heading(_("Kerncijfers")),
    ]
    items = []
    for tile in pack.tiles:
        value = c.short_money(tile.value) if tile.kind == "money" else c.text(tile.value, tile.kind)
        delta = ""
        if tile.delta is not None:
            delta = _("%(change)s sinds vorige periode") % {
                "change": c.signed(tile.delta, tile.kind)
            }
        items.append((tile.label, value, delta, tile.detail))
    flow.append(charts.tiles(items, FRAME_WIDTH))
    flow.append(Spacer(1, 6))
    phases, rag = pack.tables["phases"], pack.tables["rag"]
    half = FRAME_WIDTH / 2 - 12
    phase_chart = charts.bars(
        [row[0] for row in phases.rows],
        [charts.Series(_("Projecten"), charts.SERIES[0], [row[1] for row in phases.rows])],
        half,
        value_text=c.number,
    )
    rag_chart = charts.shares([(row[0], row[1:5]) for row in rag.rows], _rag_parts(), half)
    flow.append(
        side_by_side([heading(phases.title, 2), phase_chart], [heading(rag.title, 2), rag_chart])
    )
    return flow


def status(pack: c.Pack) -> list:
    rag = pack.tables["rag"]
    points = [
        (row.priority_value, row.progress_pct, float(row.budget or 0), row.rag_overall)
        for row in pack.rows
        if row.priority_value is not None and row.progress_pct is not None
    ]
    right = [heading(_("Prioriteit en voortgang"), 2)]
    if points:
        right.append(
            charts.bubbles(
                points,
                FRAME_WIDTH * 0.55 - 6,
                300,
                x_label=_("prioriteitswaarde (vastgesteld afwegingskader)"),
                y_label=_("voortgang (%)"),
                parts=_rag_parts(),
                tick_text=lambda v: c.number(v, 1),
            )
        )
        right.append(
            paragraph(_("De grootte van een bol is het budget, de kleur de totaalstatus."), "note")
        )
    else:
        right.append(paragraph(_("Geen projecten met een prioriteitswaarde en voortgang."), "note"))
    left = [heading(rag.title, 2), *table(rag, FRAME_WIDTH * 0.45 - 12, long=False)]
    return [PageBreak(), heading(_("Status")), side_by_side(left, right, split=0.45)]


def finance(pack: c.Pack) -> list:
    domains = pack.tables["domains"]
    flow = [PageBreak(), heading(domains.title)]
    if domains.rows:
        series = [
            charts.Series(_("Budget"), charts.SERIES[0], [r[4] for r in domains.rows]),
            charts.Series(_("Prognose (EAC)"), charts.SERIES[1], [r[5] for r in domains.rows]),
            charts.Series(_("Werkelijke kosten"), charts.SERIES[2], [r[6] for r in domains.rows]),
        ]
        chart = charts.bars(
            [r[0] for r in domains.rows], series, FRAME_WIDTH, value_text=c.short_money
        )
        flow.append(fitted(chart, height=300))
    flow += table(domains)
    years = pack.tables["years"]
    flow.append(heading(years.title, 2))
    totals: dict = {}
    for _domain, year, budget, actuals in years.rows:
        if year is None:
            continue
        sums = totals.setdefault(year, [0.0, 0.0])
        sums[0] += budget or 0
        sums[1] += actuals or 0
    if totals:
        ordered = sorted(totals)
        series = [
            charts.Series(_("Budget"), charts.SERIES[0], [totals[y][0] for y in ordered]),
            charts.Series(
                _("Werkelijke kosten"), charts.SERIES[2], [totals[y][1] for y in ordered]
            ),
        ]
        chart = charts.bars(
            [str(y) for y in ordered], series, FRAME_WIDTH * 0.6, value_text=c.short_money
        )
        flow.append(fitted(chart, height=220))
    flow += table(years)
    flow += [heading(pack.tables["programmes"].title, 2), *table(pack.tables["programmes"])]
    return flow


def benefits(pack: c.Pack) -> list:
    shown, esg = pack.tables["benefits"], pack.tables["esg"]
    domains = shown.rows[:-1]  # the last row is the total
    left = [heading(_("Gepland en gerealiseerd per domein"), 2)]
    if domains:
        series = [
            charts.Series(_("Gepland"), charts.SERIES[4], [r[1] for r in domains]),
            charts.Series(_("Gerealiseerd"), charts.SERIES[2], [r[2] for r in domains]),
        ]
        chart = charts.bars(
            [r[0] for r in domains], series, FRAME_WIDTH * 0.6 - 12, value_text=c.short_money
        )
        left.append(fitted(chart, height=320))
    right = [heading(esg.title, 2), *table(esg, FRAME_WIDTH * 0.4 - 12, long=False)]
    return [
        PageBreak(),
        heading(shown.title),
        side_by_side(left, right, split=0.6),
        *table(shown),
    ]


def risks(pack: c.Pack) -> list:
    cells, top = pack.tables["risk_map"], pack.tables["top_risks"]
    scale = (pack.figures.get("risks") or {}).get("scale") or 5
    kaart = charts.risk_map(
        scale, cells.rows, probability=_("Kansklasse"), impact=_("Gevolgklasse"), size=210
    )
    exposure = (pack.figures.get("risks") or {}).get("exposure")
    left = [
        heading(cells.sheet, 2),
        kaart,
        paragraph(
            _(
                "Het getal in een vak is het aantal open bedreigingen met die restkans "
                "en dat restgevolg."
            ),
            "note",
        ),
    ]
    if exposure is not None:
        left.append(paragraph(_("Risicoblootstelling: %(amount)s") % {"amount": c.money(exposure)}))
    right = [heading(top.title, 2), *table(top, FRAME_WIDTH * 0.62 - 12, long=False)]
    flow = [PageBreak(), heading(_("Risico's")), side_by_side(left, right, split=0.38)]
    resistance = pack.tables["resistance"]
    flow.append(heading(resistance.title, 2))
    shown = pack.figures.get("resistance")
    if shown and resistance.rows:
        chart = charts.bars(
            [c.percent(r[0]) for r in resistance.rows],
            [charts.Series(_("Benodigd"), charts.SERIES[5], [r[1] for r in resistance.rows])],
            FRAME_WIDTH * 0.55 - 12,
            value_text=c.short_money,
            marker=(shown.get("available") or 0, _("beschikbaar")),
        )
        levels = table(resistance, FRAME_WIDTH * 0.45 - 12, long=False)
        flow.append(side_by_side([chart], levels, split=0.55))
    else:
        flow += table(resistance)
    return flow


def capacity(pack: c.Pack) -> list:
    shown = pack.tables["capacity"]
    flow = [PageBreak(), heading(shown.title)]
    busiest = sorted(shown.rows, key=lambda r: -(r[3] or 0))[:CHART_TEAMS]
    if busiest:
        series = [
            charts.Series(_("Capaciteit (uren)"), charts.SERIES[6], [r[1] for r in busiest]),
            charts.Series(_("Vraag (uren)"), charts.SERIES[0], [r[2] for r in busiest]),
        ]
        chart = charts.bars([r[0] for r in busiest], series, FRAME_WIDTH, value_text=c.number)
        if len(shown.rows) > CHART_TEAMS:
            flow.append(
                paragraph(
                    _("De %(n)s drukste teams; de tabel noemt ze allemaal.") % {"n": CHART_TEAMS},
                    "note",
                )
            )
        flow.append(fitted(chart, height=330))
    return flow + table(shown)


def changes(pack: c.Pack) -> list:
    flow = [PageBreak()]
    for key in ("since_board", "period_changes", "milestones"):
        flow += [heading(pack.tables[key].title), *table(pack.tables[key])]
    return flow


def projects(pack: c.Pack) -> list:
    matrix = pack.tables["projects"]
    legend = _(
        "Elke kleur staat er als woord; een pijl omhoog is beter dan de vorige periode, "
        "een pijl omlaag slechter."
    )
    return [PageBreak(), heading(matrix.title), paragraph(legend, "note"), *table(matrix)]


def story(pack: c.Pack) -> list:
    flow = []
    for section in (opening, status, finance, benefits, risks, capacity, changes, projects):
        flow += section(pack)
    return flow
