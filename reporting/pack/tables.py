"""The board pack's tables: each section of a snapshot as a `Table` of typed values with
labels in the active language (see content.py), the same for the PDF and the workbook."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _

from benefits.models import Benefit
from portfolio.projects.models import Phase

from .content import (
    COLOURS,
    DIMENSIONS,
    Column,
    Rag,
    Table,
    as_date,
    colour_label,
    date,
    dimension_label,
    money,
    number,
    percent,
    ratio_pct,
)


def _domain_names(figures: dict) -> dict:
    return {d.get("id"): d.get("name", "") for d in figures.get("domains") or []}


def phases(snapshot) -> Table:
    counts = (snapshot.tiles or {}).get("phases") or {}
    rows = [[str(label), counts.get(key, 0)] for key, label in Phase.choices]
    return Table(
        "phases",
        _("Projecten per fase"),
        [Column(_("Fase")), Column(_("Projecten"), "integer")],
        rows,
    )


def rag_by_dimension(figures: dict) -> Table:
    counts = figures.get("rag_by_dimension") or {}
    columns = [Column(_("Dimensie"))]
    columns += [Column(colour_label(c), "integer") for c in COLOURS]
    columns.append(Column(_("Totaal"), "integer"))
    rows = []
    for name in DIMENSIONS:
        per = counts.get(name) or {}
        values = [per.get(c, 0) for c in COLOURS]
        rows.append([dimension_label(name), *values, sum(values)])
    return Table("rag", _("RAG per dimensie"), columns, rows)


def _money_columns() -> list[Column]:
    return [
        Column(_("Budget"), "money"),
        Column(_("Prognose (EAC)"), "money"),
        Column(_("Werkelijke kosten"), "money"),
    ]


def domains(figures: dict) -> Table:
    columns = [
        Column(_("Domein"), "wide"),
        Column(_("Projecten"), "integer"),
        Column(_("Rood"), "integer"),
        Column(_("Buiten tolerantie"), "integer"),
        *_money_columns(),
        Column(_("EAC min budget"), "money"),
        Column(_("Baten gepland"), "money", pdf=False),
        Column(_("Baten gerealiseerd"), "money", pdf=False),
        Column(_("Risicoblootstelling"), "money"),
    ]
    rows = []
    for d in figures.get("domains") or []:
        budget, eac = d.get("budget"), d.get("eac")
        rows.append(
            [
                d.get("name", ""),
                d.get("projects", 0),
                d.get("red", 0),
                d.get("exceptions", 0),
                budget,
                eac,
                d.get("actuals"),
                None if budget is None or eac is None else round(eac - budget, 2),
                d.get("benefits_planned"),
                d.get("benefits_realised"),
                d.get("risk_exposure"),
            ]
        )
    return Table("domains", _("Financiën per domein"), columns, rows)


def programmes(figures: dict) -> Table:
    names = _domain_names(figures)
    columns = [
        Column(_("Domein"), "wide"),
        Column(_("Programma"), "wide"),
        Column(_("Projecten"), "integer"),
        Column(_("Rood"), "integer"),
        Column(_("Buiten tolerantie"), "integer"),
        *_money_columns(),
    ]
    rows = [
        [
            names.get(p.get("domain_id"), ""),
            p.get("name") or _("Zonder programma"),
            p.get("projects", 0),
            p.get("red", 0),
            p.get("exceptions", 0),
            p.get("budget"),
            p.get("eac"),
            p.get("actuals"),
        ]
        for p in figures.get("programmes") or []
    ]
    return Table("programmes", _("Programma's"), columns, rows)


def budget_by_year(figures: dict) -> Table:
    names = _domain_names(figures)
    columns = [
        Column(_("Domein"), "wide"),
        Column(_("Jaar")),
        Column(_("Budget"), "money"),
        Column(_("Werkelijke kosten"), "money"),
    ]
    rows = [
        [names.get(y.get("domain_id"), ""), y.get("year"), y.get("budget"), y.get("actuals")]
        for y in figures.get("budget_by_year") or []
    ]
    return Table("years", _("Budget en realisatie per jaar"), columns, rows)


def milestones(figures: dict) -> Table:
    columns = [
        Column(_("Project")),
        Column(_("Mijlpaal"), "wide"),
        Column(_("Baseline"), "date"),
        Column(_("Prognose"), "date"),
        Column(_("Uitloop (dagen)"), "integer"),
    ]
    rows = [
        [
            m.get("project", ""),
            m.get("name", ""),
            as_date(m.get("baseline")),
            as_date(m.get("forecast")),
            m.get("slip_days"),
        ]
        for m in figures.get("milestones") or []
    ]
    note = "" if rows else _("Geen mijlpalen met uitloop.")
    return Table("milestones", _("Uitloop van mijlpalen"), columns, rows, note)


def benefits(figures: dict) -> Table:
    columns = [
        Column(_("Domein"), "wide"),
        Column(_("Gepland"), "money"),
        Column(_("Gerealiseerd"), "money"),
        Column(_("Realisatie (%)"), "percent"),
    ]
    rows = [
        [
            d.get("name", ""),
            d.get("benefits_planned"),
            d.get("benefits_realised"),
            ratio_pct(d.get("benefits_realised"), d.get("benefits_planned")),
        ]
        for d in figures.get("domains") or []
    ]
    total = figures.get("benefits") or {}
    rows.append([_("Totaal"), total.get("planned"), total.get("realised"), total.get("pct")])
    return Table("benefits", _("Batenrealisatie"), columns, rows)


def esg(figures: dict) -> Table:
    counts = figures.get("esg") or {}
    labels = dict(Benefit.Esg.choices)
    rows = [[str(labels.get(key, key)), count] for key, count in sorted(counts.items())]
    note = "" if rows else _("Geen baten met een ESG-thema.")
    return Table(
        "esg",
        _("Baten per ESG-thema"),
        [Column(_("Thema"), "wide"), Column(_("Baten"), "integer")],
        rows,
        note,
    )


def risk_map(figures: dict) -> Table:
    cells = (figures.get("risks") or {}).get("cells") or []
    rows = [[p, i, n] for p, i, n in sorted(cells, key=lambda c: (-c[0], -c[1]))]
    return Table(
        "risk_map",
        _("Risicokaart (restrisico, open bedreigingen)"),
        [
            Column(_("Kansklasse"), "integer"),
            Column(_("Gevolgklasse"), "integer"),
            Column(_("Risico's"), "integer"),
        ],
        rows,
        "" if rows else _("Geen open bedreigingen."),
        _("Risicokaart"),
    )


def top_risks(figures: dict) -> Table:
    top = (figures.get("risks") or {}).get("top") or []
    rows = [[r.get("project") or "–", r.get("title", ""), r.get("expected_value")] for r in top]
    return Table(
        "top_risks",
        _("Grootste risico's"),
        [Column(_("Project")), Column(_("Risico"), "wide"), Column(_("Verwachte waarde"), "money")],
        rows,
        "" if rows else _("Geen open bedreigingen."),
    )


def resistance(figures: dict) -> Table:
    shown = figures.get("resistance")
    columns = [
        Column(_("Zekerheid (%)"), "percent"),
        Column(_("Benodigd"), "money"),
        Column(_("Ratio"), "number"),
        Column(_("Klasse")),
    ]
    if not shown:
        return Table("resistance", _("Weerstandsvermogen"), columns, [], _("Nog niet berekend."))
    rows = [
        [lv.get("certainty_pct"), lv.get("required"), lv.get("ratio"), lv.get("class", "")]
        for lv in shown.get("levels") or []
    ]
    note = _(
        "Beschikbaar %(available)s, benodigd %(required)s bij %(certainty)s zekerheid: "
        "ratio %(ratio)s, klasse %(class)s (berekend op %(date)s)."
    ) % {
        "available": money(shown.get("available")),
        "required": money(shown.get("required")),
        "certainty": percent(shown.get("certainty_pct")),
        "ratio": number(shown.get("ratio"), 1),
        "class": shown.get("class") or "–",
        "date": date(as_date(shown.get("run_at"))),
    }
    return Table("resistance", _("Weerstandsvermogen"), columns, rows, note)


def capacity(figures: dict) -> Table:
    shown = figures.get("capacity") or {}
    month = as_date(shown.get("month"))
    columns = [
        Column(_("Team"), "wide"),
        Column(_("Capaciteit (uren)"), "number"),
        Column(_("Vraag (uren)"), "number"),
        Column(_("Bezetting (%)"), "percent"),
    ]
    rows = [
        [t.get("name", ""), t.get("capacity"), t.get("demand"), t.get("load_pct")]
        for t in shown.get("teams") or []
    ]
    title = _("Capaciteit en vraag")
    if month:
        title = _("Capaciteit en vraag, %(month)s") % {"month": formats.date_format(month, "F Y")}
    return Table(
        "capacity", title, columns, rows, "" if rows else _("Geen teams."), _("Capaciteit")
    )


def since_board(figures: dict) -> Table:
    since = figures.get("since_board") or {}
    columns = [
        Column(_("Soort")),
        Column(_("Datum"), "date"),
        Column(_("Project")),
        Column(_("Omschrijving"), "wide"),
        Column(_("Van"), "rag"),
        Column(_("Naar"), "rag"),
    ]
    rows = []
    for c in since.get("status_changes") or []:
        change = [Rag(c.get("from") or ""), Rag(c.get("to") or "")]
        rows.append([_("Statuswijziging"), None, c.get("project", ""), c.get("name", ""), *change])
    for r in since.get("new_reds") or []:
        rows.append([_("Nieuw rood"), None, r.get("project", ""), r.get("name", ""), None, None])
    for e in since.get("exceptions") or []:
        period = as_date(e.get("period"))
        rows.append(
            [_("Buiten tolerantie"), period, e.get("project", ""), e.get("name", ""), None, None]
        )
    for d in since.get("decisions") or []:
        text = ": ".join(part for part in (d.get("subject"), d.get("decision")) if part)
        rows.append(
            [_("Besluit"), as_date(d.get("date")), d.get("project") or "–", text, None, None]
        )
    for s in since.get("scenarios") or []:
        adopted = as_date(s.get("adopted_at"))
        rows.append([_("Scenario vastgesteld"), adopted, "–", s.get("name", ""), None, None])
    meeting = since.get("meeting")
    if meeting:
        note = _("Sinds de portfolioraad van %(date)s: %(title)s.") % {
            "date": date(as_date(meeting.get("date"))),
            "title": meeting.get("title", ""),
        }
    else:
        note = _("Er is nog geen eerdere portfolioraad.")
    if not rows:
        note += " " + _("Sindsdien is er niets veranderd.")
    return Table("since_board", _("Sinds de vorige portfolioraad"), columns, rows, note)


def period_changes(changes: dict, names: dict[str, str]) -> Table:
    columns = [
        Column(_("Soort")),
        Column(_("Project")),
        Column(_("Naam"), "wide"),
        Column(_("Van"), "rag"),
        Column(_("Naar"), "rag"),
    ]
    rows = []
    for c in changes.get("rag_changed") or []:
        change = [Rag(c.get("from") or ""), Rag(c.get("to") or "")]
        rows.append([_("Kleur gewijzigd"), c.get("project", ""), c.get("name", ""), *change])
    for code in changes.get("added") or []:
        rows.append([_("Nieuw in het dashboard"), code, names.get(code, ""), None, None])
    for code in changes.get("removed") or []:
        rows.append([_("Niet meer in het dashboard"), code, "", None, None])
    previous = as_date(changes.get("previous_period"))
    if previous:
        note = _("Vergeleken met %(period)s.") % {"period": formats.date_format(previous, "F Y")}
    else:
        note = _("Er is geen vorige periode om mee te vergelijken.")
    title = _("Wijzigingen sinds de vorige periode")
    return Table("period_changes", title, columns, rows, note, _("Wijzigingen"))
