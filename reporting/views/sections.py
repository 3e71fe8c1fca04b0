"""The dashboard's scope-wide sections from one snapshot: the key-figure tiles with their
change and trend, "since the last board", and each chart with its table. Labels are
translated here, when the page is drawn: a snapshot stores keys and numbers, never words.
"""

import datetime as dt

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from benefits.models import Benefit
from pmo.figures import figure_table
from portfolio.projects.models import Phase
from portfolio.status.models import RAG

from .. import figures as fig
from ..models import Snapshot, SnapshotRow
from ..rules.aggregate import DIMENSIONS

_LABELS: dict[str, dict] = {}


def labels() -> dict:
    """Phases, colours and dimensions in the active language (kept per language)."""
    language = get_language() or ""
    if language not in _LABELS:
        _LABELS[language] = {
            "phases": {key: str(label) for key, label in Phase.choices},
            "colours": [*((key, str(label)) for key, label in RAG.choices), ("", _("geen"))],
            "dimensions": [
                (key, str(SnapshotRow._meta.get_field(key).verbose_name)) for key in DIMENSIONS
            ],
            "esg": {key: str(label) for key, label in Benefit.Esg.choices},
        }
    return _LABELS[language]


# Numbers and dates are written here, in the page's notation, rather than by template
# filters: a table of 200 rows formats 800 cells, and filters cost ten times as much.


def number(value, decimals: int | None = None) -> str:
    """1.234 or 1.234,56 (Dutch), 1,234.56 (English); whole numbers without decimals."""
    if value is None or value == "":
        return _("n.v.t.")
    if isinstance(value, str):
        return value
    if decimals is None:
        decimals = 0 if float(value) == int(value) else 2
    return number_format(value, decimals, force_grouping=True)


def shown(value, kind: str, *, delta: bool = False) -> str:
    """A key figure as the tile writes it: `kind` count, money (€ mln), pct, ratio, class."""
    if value is None or value == "":
        return _("n.v.t.")
    if kind == "money":
        return f"€ {number(value, 1 if abs(value) >= 1 else 2)} {_('mln')}"
    if kind == "pct":
        unit = _("procentpunt") if delta else "%"
        return f"{number(value, 0 if float(value) == int(value) else 1)} {unit}"
    if kind == "ratio":
        return number(value, 2)
    if kind == "class":
        return str(value)
    return number(value)


def cell(value) -> str:
    """A table cell: "–" for nothing, numbers and dates in the page's notation."""
    if value is None or value == "":
        return "–"
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    return number(value)


def table(caption: str, columns: list[str], rows: list[tuple]) -> dict:
    """A chart's alternative as pmo.figures.figure_table shapes it, its cells written."""
    return {
        "caption": caption,
        "columns": columns,
        "rows": [(head, [cell(value) for value in values]) for head, values in rows],
    }


def chart(key: str, figure: dict, alternative: dict | None = None) -> dict:
    """A figure for the page: its element id, the figure and its table."""
    if alternative is None:
        plain = figure_table(figure)
        alternative = table(plain["caption"], plain["columns"], plain["rows"])
    return {"id": f"figure-{key}", "figure": figure, "table": alternative}


def day(text: str | None) -> dt.date | None:
    """An ISO date (or the date of an ISO moment) from the snapshot's JSON."""
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


# key, the tiles' number for the trend and the change, its kind, whether higher is better
TILES = (
    ("projects", "projects", "count", None),
    ("red", "red", "count", False),
    ("exceptions", "exceptions", "count", False),
    ("eac", "eac_vs_budget_pct", "pct", False),
    ("benefits", "benefits_realised", "money", True),
    ("resistance", "resistance_ratio", "ratio", True),
    ("teams", "overloaded_teams", "count", False),
)


def _tile_text(key: str, tiles: dict) -> tuple[str, object, list]:
    """A tile's name, its main value and its detail lines (label, value, kind)."""
    phases = labels()["phases"]
    if key == "projects":
        detail = [(phases.get(p, p), n, "count") for p, n in _phase_order(tiles)]
        return _("Projecten"), tiles.get("projects"), detail
    if key == "red":
        return _("Rood (totaalbeeld)"), tiles.get("red"), []
    if key == "exceptions":
        return _("Buiten tolerantie"), tiles.get("exceptions"), []
    if key == "eac":
        detail = [
            (_("Prognose (EAC)"), fig.mln(tiles.get("eac")), "money"),
            (_("Budget"), fig.mln(tiles.get("budget")), "money"),
        ]
        return _("Prognose t.o.v. budget"), tiles.get("eac_vs_budget_pct"), detail
    if key == "benefits":
        detail = [
            (_("Gepland"), fig.mln(tiles.get("benefits_planned")), "money"),
            (_("Gerealiseerd van gepland"), tiles.get("benefits_pct"), "pct"),
        ]
        return _("Baten gerealiseerd"), fig.mln(tiles.get("benefits_realised")), detail
    if key == "resistance":
        detail = [(_("Ratio"), tiles.get("resistance_ratio"), "ratio")]
        return _("Weerstandsvermogen (klasse)"), tiles.get("resistance_class"), detail
    detail = [(_("Teams"), tiles.get("teams"), "count")]
    return _("Overbelaste teams"), tiles.get("overloaded_teams"), detail


def _phase_order(tiles: dict) -> list[tuple[str, int]]:
    counts = tiles.get("phases") or {}
    return [(p, counts[p]) for p in Phase.values if counts.get(p)]


def tile_cards(snapshot: Snapshot, trend: list[dict]) -> list[dict]:
    """The key figures, each with its change since last period and its 12-period trend,
    written out (value, detail, change and trend as text)."""
    tiles, deltas = snapshot.tiles or {}, (snapshot.changes or {}).get("tiles") or {}
    cards = []
    for key, number_key, kind, higher_is_better in TILES:
        name, value, detail = _tile_text(key, tiles)
        delta = deltas.get(number_key)
        values = [(point["tiles"] or {}).get(number_key) for point in trend]
        if kind == "money":
            delta = None if delta is None else fig.mln(delta)
            values = [None if v is None else fig.mln(v) for v in values]
        cards.append(
            {
                "key": key,
                "name": name,
                "value": shown(value, "class" if key == "resistance" else kind),
                "detail": [(label, shown(v, k)) for label, v, k in detail],
                "delta": delta,
                "change": None if delta is None else shown(abs(delta), kind, delta=True),
                "compared": number_key in deltas,
                "direction": fig.tile_direction(delta, higher_is_better=higher_is_better),
                "spark": fig.sparkline(values),
                "trend": [
                    (date_format(point["period"], "M Y"), shown(v, kind))
                    for point, v in zip(trend, values, strict=True)
                    if v is not None
                ],
            }
        )
    return cards


def since_board(figures: dict) -> dict:
    """ "Sinds de vorige portfolioraad" with its dates as dates."""
    since = figures.get("since_board") or {}
    meeting = since.get("meeting")
    return {
        "meeting": meeting and {**meeting, "day": day(meeting.get("date"))},
        "status_changes": since.get("status_changes") or [],
        "new_reds": since.get("new_reds") or [],
        "exceptions": [{**e, "day": day(e.get("period"))} for e in since.get("exceptions") or []],
        "decisions": [{**d, "day": day(d.get("date"))} for d in since.get("decisions") or []],
        "scenarios": [{**s, "day": day(s.get("adopted_at"))} for s in since.get("scenarios") or []],
    }


def _rag_chart(figures: dict, key: int) -> dict | None:
    counts = figures.get("rag_by_dimension")
    if not counts:
        return None
    text = labels()
    return chart(
        f"rag-{key}",
        fig.rag_bars_figure(
            names=[label.capitalize() for _k, label in text["dimensions"]],
            counts=[counts.get(k) or {} for k, _label in text["dimensions"]],
            colours=text["colours"],
            title=_("Projecten per kleur en dimensie"),
            axis_title=_("Aantal projecten"),
        ),
    )


def _milestone_chart(figures: dict, key: int) -> dict | None:
    milestones = figures.get("milestones") or []
    if not milestones:
        return None
    names = [f"{m['project']} · {m['name']}" for m in milestones]
    figure = fig.milestone_slip_figure(
        names=names,
        slips=[int(m.get("slip_days") or 0) for m in milestones],
        title=_("Uitloop van mijlpalen (dagen)"),
        axis_title=_("Dagen later dan de baseline"),
        later=_("later"),
        earlier=_("eerder of op tijd"),
    )
    rows = [
        (name, [day(m.get("baseline")), day(m.get("forecast")), m.get("slip_days")])
        for name, m in zip(names, milestones, strict=True)
    ]
    columns = [_("Baseline"), _("Prognose"), _("Uitloop (dagen)")]
    return chart(f"milestones-{key}", figure, table(_("Uitloop van mijlpalen"), columns, rows))


def _benefit_chart(figures: dict, key: int) -> dict | None:
    domains = figures.get("domains") or []
    if not any(d.get("benefits_planned") or d.get("benefits_realised") for d in domains):
        return None
    return chart(
        f"benefits-{key}",
        fig.money_by_group_figure(
            names=[d.get("name") or _("Zonder domein") for d in domains],
            series=[
                (_("Gepland"), [d.get("benefits_planned") or 0 for d in domains]),
                (_("Gerealiseerd"), [d.get("benefits_realised") or 0 for d in domains]),
            ],
            title=_("Baten per domein (€ mln)"),
            axis_title=_("€ mln"),
        ),
    )


def _resistance(figures: dict, key: int) -> dict | None:
    resistance = figures.get("resistance")
    if not resistance:
        return None
    levels = resistance.get("levels") or []
    figure = fig.resistance_figure(
        levels=[(f"{level['certainty_pct']:g} %", level["required"]) for level in levels],
        available=resistance.get("available") or 0,
        title=_("Benodigde en beschikbare weerstandscapaciteit (€ mln)"),
        labels={
            "required": _("Benodigd"),
            "available": _("Beschikbaar"),
            "certainty": _("Zekerheid"),
            "amount": _("€ mln"),
        },
    )
    rows = [
        (
            f"{level['certainty_pct']:g} %",
            [fig.mln(level["required"]), level.get("ratio"), level.get("class") or "–"],
        )
        for level in levels
    ]
    columns = [_("Benodigd (€ mln)"), _("Ratio"), _("Klasse")]
    alternative = table(_("Benodigde weerstandscapaciteit per zekerheid"), columns, rows)
    return {
        **resistance,
        "day": day(resistance.get("run_at")),
        "available_mln": fig.mln(resistance.get("available")),
        "required_mln": fig.mln(resistance.get("required")),
        "chart": chart(f"resistance-{key}", figure, alternative) if levels else None,
    }


def _capacity(figures: dict, key: int) -> dict | None:
    capacity = figures.get("capacity") or {}
    teams = capacity.get("teams") or []
    if not teams:
        return None
    text = {"capacity": _("Capaciteit (uren)"), "demand": _("Vraag (uren)")}
    figure = fig.capacity_figure(
        names=[t["name"] for t in teams],
        capacity=[t.get("capacity") or 0 for t in teams],
        demand=[t.get("demand") or 0 for t in teams],
        title=_("Capaciteit en vraag per team"),
        axis_title=_("Uren"),
        labels=text,
    )
    over = _("overbelast")
    rows = [
        (
            t["name"],
            [
                t.get("capacity"),
                t.get("demand"),
                t.get("load_pct"),
                over if (t.get("load_pct") or 0) > 100 else "",
            ],
        )
        for t in teams
    ]
    columns = [text["capacity"], text["demand"], _("Bezetting (%)"), _("Signaal")]
    alternative = table(_("Capaciteit en vraag per team"), columns, rows)
    return {
        "month": day(capacity.get("month")),
        "chart": chart(f"capacity-{key}", figure, alternative),
        "overloaded": [t for t in teams if (t.get("load_pct") or 0) > 100],
    }


def scope_sections(snapshot: Snapshot, trend: list[dict]) -> dict:
    """Everything on the page outside the drill-down, from the snapshot alone."""
    figures, key = snapshot.figures or {}, snapshot.pk
    risks = figures.get("risks") or {}
    esg = labels()["esg"]
    return {
        "tiles": tile_cards(snapshot, trend),
        "since": since_board(figures),
        "rag_chart": _rag_chart(figures, key),
        "milestone_chart": _milestone_chart(figures, key),
        "benefits": figures.get("benefits") or {},
        "benefit_chart": _benefit_chart(figures, key),
        "esg": [(esg.get(k, k), n) for k, n in (figures.get("esg") or {}).items()],
        "risk_grid": fig.risk_grid(risks.get("cells") or [], risks.get("scale") or 5),
        "risk_total": sum(int(c[2]) for c in risks.get("cells") or []),
        "risk_exposure": risks.get("exposure"),
        "top_risks": risks.get("top") or [],
        "resistance": _resistance(figures, key),
        "capacity": _capacity(figures, key),
        "previous_period": day((snapshot.changes or {}).get("previous_period")),
    }
