"""A dashboard's project rows as Excel or CSV, at the drill level the page shows
(?periode=&domein=&programma=&format=xlsx|csv): the snapshot's copied values, typed so
a spreadsheet sums money, percentages and dates."""

from operator import attrgetter

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pmo import access
from pmo.exports import FORMATS, ExportColumn, export_response

from .. import selectors
from ..models import Scope, SnapshotRow
from .dashboard import requested_snapshot, require_dashboards
from .sections import labels


def columns() -> list[ExportColumn]:
    text = labels()
    phases, colours = text["phases"], dict(text["colours"])

    def colour(field: str):
        return lambda row: colours.get(getattr(row, field) or "", "")

    def previous(row) -> str:
        return colours.get((row.previous or {}).get("rag_overall") or "", "")

    def label(field: str) -> str:
        return str(SnapshotRow._meta.get_field(field).verbose_name).capitalize()

    def get(field: str):
        return attrgetter(field)

    return [
        ExportColumn(_("Code"), get("code")),
        ExportColumn(_("Naam"), get("name")),
        ExportColumn(_("Domein"), get("domain")),
        ExportColumn(_("Organisatieonderdeel"), get("org_unit")),
        ExportColumn(_("Programma"), lambda r: r.programme or _("Zonder programma")),
        ExportColumn(_("Fase"), lambda r: phases.get(r.phase, r.phase)),
        ExportColumn(_("Rapportageperiode"), get("report_period"), kind="date"),
        *(ExportColumn(label(key), colour(key)) for key, _label in text["dimensions"]),
        ExportColumn(_("Totaal vorige periode"), previous),
        ExportColumn(_("Buiten tolerantie"), lambda r: _("ja") if r.is_exception else _("nee")),
        ExportColumn(_("Voortgang (%)"), get("progress_pct"), kind="percent"),
        ExportColumn(_("Baseline start"), get("baseline_start"), kind="date"),
        ExportColumn(_("Baseline einde"), get("baseline_end"), kind="date"),
        ExportColumn(_("Prognose einde"), get("forecast_end"), kind="date"),
        ExportColumn(_("Budget"), get("budget"), kind="money"),
        ExportColumn(_("Prognose kosten (EAC)"), get("eac"), kind="money"),
        ExportColumn(_("Werkelijke kosten"), get("actuals"), kind="money"),
        ExportColumn(_("Uitloop mijlpalen (dagen)"), get("milestone_slip_days"), kind="integer"),
        ExportColumn(_("Prioriteitswaarde"), get("priority_value"), kind="number"),
        ExportColumn(_("Rang"), get("priority_rank"), kind="integer"),
        ExportColumn(_("Baten gepland"), get("benefits_planned"), kind="money"),
        ExportColumn(_("Baten gerealiseerd"), get("benefits_realised"), kind="money"),
        ExportColumn(_("Risicoblootstelling"), get("risk_exposure"), kind="money"),
        ExportColumn(_("Bezetting teams (%)"), get("capacity_load_pct"), kind="percent"),
        ExportColumn(
            _("ESG-thema's"),
            lambda r: ", ".join(text["esg"].get(k, k) for k in r.esg_themes or []),
        ),
    ]


@login_required
def rows_export(request: HttpRequest, scope_id: int) -> HttpResponse:
    """The rows of the period shown (the newest without ?periode=), at the drill level
    shown; the file's name says which."""
    user = request.user
    require_dashboards(user)
    scope = access.get_visible_or_404(Scope, user, pk=scope_id)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        raise Http404(_("Niet gevonden"))
    snapshot = requested_snapshot(request, scope)
    drill, valid = selectors.parse_drill(request.GET)
    found = selectors.drill_groups(snapshot.figures or {}, drill)
    if not valid or not found["found"]:
        raise Http404(_("Niet gevonden"))
    parts = [scope.name, date_format(snapshot.period, "Y-m")]
    for group, programme in ((found["domain"], False), (found["programme"], True)):
        if group is not None:
            parts.append(
                group.get("name")
                if group.get("id") is not None
                else (_("Zonder programma") if programme else _("Zonder domein"))
            )
    title = _("Dashboard %(what)s") % {"what": " ".join(str(p) for p in parts)}
    return export_response(selectors.export_rows(snapshot, drill), columns(), fmt=fmt, title=title)
