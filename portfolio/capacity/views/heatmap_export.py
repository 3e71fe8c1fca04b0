"""The heatmap's figures as a file, with the filters the page shows: one row per team and
month, numbers and months as such so a spreadsheet can sum, sort and chart them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmo.exports import FORMATS, ExportColumn, export_response

from ..heatmap import Cell, Unit
from ..rules import Load
from .heatmap import require_capacity, shown_heatmap

LEVELS = {
    Load.EMPTY: gettext_lazy("geen capaciteit en geen vraag"),
    Load.FREE: gettext_lazy("ruimte"),
    Load.TIGHT: gettext_lazy("krap"),
    Load.OVER: gettext_lazy("overbelast"),
}


def columns(unit: Unit) -> list[ExportColumn]:
    digits = 2 if unit == Unit.FTE else 1
    label = _("fte") if unit == Unit.FTE else _("uren")

    def figure(name: str):
        return lambda cell: round(getattr(cell, name), digits)

    return [
        ExportColumn(_("Teamcode"), lambda c: c.team.code),
        ExportColumn(_("Team"), lambda c: c.team.name),
        ExportColumn(_("Organisatieonderdeel"), lambda c: c.team.org_unit),
        ExportColumn(_("Maand"), lambda c: c.month),
        ExportColumn(_("Capaciteit (%(unit)s)") % {"unit": label}, figure("capacity")),
        ExportColumn(_("Vraag lopend (%(unit)s)") % {"unit": label}, figure("committed")),
        ExportColumn(_("Vraag voorstellen (%(unit)s)") % {"unit": label}, figure("proposed")),
        ExportColumn(_("Bezetting (%)"), lambda c: c.pct),
        ExportColumn(_("Niveau"), lambda c: str(LEVELS[c.level])),
    ]


@login_required
def heatmap_export(request: HttpRequest) -> HttpResponse:
    """?<the page's filters>&format=xlsx|csv. The load and level count the proposals when
    the page does (voorstellen meetellen)."""
    require_capacity(request.user)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        raise Http404(_("Niet gevonden"))
    heatmap = shown_heatmap(request)
    cells: list[Cell] = [cell for row in heatmap.rows for cell in row.cells]
    return export_response(cells, columns(heatmap.unit), fmt=fmt, title=_("Capaciteit en vraag"))
