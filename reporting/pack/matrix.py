"""The board pack's RAG matrix: every project of the snapshot × the seven dimensions,
each colour with last period's beside it, and the row's other figures (the workbook
gets them all; the PDF's page has room for the ones marked `pdf`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from benefits.models import Benefit
from portfolio.projects.models import Phase

from .content import COLOURS, DIMENSIONS, Column, Rag, Table, colour_label, dimension_label


def _changed(row, labels: dict[str, str]) -> str:
    moved = []
    for name in DIMENSIONS:
        before, now = (row.previous or {}).get(name) or "", getattr(row, name)
        if before and before != now:
            moved.append(f"{labels[name]}: {colour_label(before)} → {colour_label(now)}")
    return "; ".join(moved)


def projects(rows: list) -> Table:
    """The RAG matrix: every project × dimension, last period's colour beside each."""
    phase_labels = dict(Phase.choices)
    labels = {name: dimension_label(name) for name in DIMENSIONS}
    colours = {c: colour_label(c) for c in COLOURS}
    esg_labels = dict(Benefit.Esg.choices)
    columns = [
        Column(_("Code")),
        Column(_("Project"), "wide"),
        Column(_("Domein"), pdf=False),
        Column(_("Programma"), pdf=False),
        Column(_("Fase")),
        *(Column(labels[name], "rag") for name in DIMENSIONS),
        Column(_("Voortgang (%)"), "percent"),
        Column(_("Budget"), "money"),
        Column(_("Prognose (EAC)"), "money"),
        Column(_("Werkelijke kosten"), "money", pdf=False),
        Column(_("Uitloop (dagen)"), "integer"),
        Column(_("Rang"), "integer"),
        Column(_("Buiten tolerantie"), pdf=False),
        Column(_("Rapportageperiode"), "date", pdf=False),
        Column(_("Baseline einde"), "date", pdf=False),
        Column(_("Prognose einde"), "date", pdf=False),
        Column(_("Prioriteitswaarde"), "number", pdf=False),
        Column(_("Baten gepland"), "money", pdf=False),
        Column(_("Baten gerealiseerd"), "money", pdf=False),
        Column(_("Risicoblootstelling"), "money", pdf=False),
        Column(_("Bezetting teams (%)"), "percent", pdf=False),
        Column(_("ESG-thema's"), pdf=False),
        Column(_("Gewijzigd sinds vorige periode"), pdf=False),
    ]
    out = []
    for row in rows:
        previous = row.previous or {}
        rags = [
            Rag(getattr(row, name), previous.get(name) or "", colours.get(getattr(row, name), ""))
            for name in DIMENSIONS
        ]
        out.append(
            [
                row.code,
                row.name,
                row.domain,
                row.programme,
                str(phase_labels.get(row.phase, row.phase)),
                *rags,
                row.progress_pct,
                row.budget,
                row.eac,
                row.actuals,
                row.milestone_slip_days,
                row.priority_rank,
                _("ja") if row.is_exception else _("nee"),
                row.report_period,
                row.baseline_end,
                row.forecast_end,
                row.priority_value,
                row.benefits_planned,
                row.benefits_realised,
                row.risk_exposure,
                row.capacity_load_pct,
                ", ".join(str(esg_labels.get(key, key)) for key in row.esg_themes or []),
                _changed(row, labels),
            ]
        )
    note = "" if out else _("Geen projecten in dit dashboard.")
    return Table("projects", _("Projecten: RAG-matrix"), columns, out, note, _("Projecten"))
