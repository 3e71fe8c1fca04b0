"""The board pack: a snapshot as a print-ready PDF and as an Excel workbook.

`render(snapshot, fmt=..., language=...)` reads the snapshot's rows in one query, says
everything once in the pack's language (content.py, tables.py) and renders it with
ReportLab (pdf.py) or openpyxl (xlsx.py). Both depend on the snapshot alone, not on
when they run: the same snapshot gives the same file.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify

from pmo.exports import FORMATS

from ..models import Snapshot, SnapshotRow
from . import content, matrix, tables

CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": FORMATS["xlsx"]}


def organisation_name() -> str:
    """The municipality on every page: PMO_ORGANISATION_NAME, else the one top-level org
    unit, else the one portfolio (the demo's "Gemeente Lindenhoven"), else nothing."""
    configured = getattr(settings, "PMO_ORGANISATION_NAME", "")
    if configured:
        return configured
    from portfolio.projects.models import OrgUnit, Portfolio

    for model, only in ((OrgUnit, {"parent__isnull": True}), (Portfolio, {})):
        names = list(model.objects.filter(**only).order_by("pk").values_list("name", flat=True)[:2])
        if len(names) == 1:
            return names[0]
    return ""


def build(snapshot: Snapshot, rows: list[SnapshotRow], *, organisation: str, language: str):
    """Everything the pack says, in the active language."""
    figures = snapshot.figures or {}
    names = {row.code: row.name for row in rows}
    parts = [
        tables.phases(snapshot),
        tables.rag_by_dimension(figures),
        tables.domains(figures),
        tables.budget_by_year(figures),
        tables.programmes(figures),
        tables.benefits(figures),
        tables.esg(figures),
        tables.risk_map(figures),
        tables.top_risks(figures),
        tables.resistance(figures),
        tables.capacity(figures),
        tables.since_board(figures),
        tables.period_changes(snapshot.changes or {}, names),
        tables.milestones(figures),
        matrix.projects(rows),
    ]
    return content.Pack(
        organisation=organisation,
        scope=snapshot.scope.name,
        period=snapshot.period,
        built_at=snapshot.built_at,
        version=snapshot.version,
        language=language,
        tiles=content.tiles(snapshot),
        tables={part.key: part for part in parts},
        figures=figures,
        rows=rows,
    )


def render(snapshot: Snapshot, *, fmt: str, language: str) -> bytes:
    """The pack of `snapshot` as PDF or .xlsx bytes, in `language`."""
    from . import pdf, xlsx

    rows = list(SnapshotRow.objects.filter(snapshot=snapshot).order_by("domain", "code", "pk"))
    organisation = organisation_name()
    with translation.override(language):
        pack = build(snapshot, rows, organisation=organisation, language=language)
        return pdf.render(pack) if fmt == "pdf" else xlsx.render(pack)


def filename(snapshot: Snapshot, fmt: str) -> str:
    """portfolioraad-2026-11-<scope>.pdf"""
    scope = slugify(snapshot.scope.name) or str(snapshot.scope_id)
    return f"portfolioraad-{snapshot.period:%Y-%m}-{scope}.{fmt}"
