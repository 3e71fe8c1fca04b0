"""The board's dashboard: one scope's snapshot for one period, with the key figures and
their trend, the charts (each with its table), "since the last board" and the drill-down
domain → programme → project (an htmx fragment of the same view and template).

Only the snapshot is read. The page's queries are fixed whatever the number of projects:
session, user and roles; the visible scopes; the scope's periods; the period's latest
build ("nu bouwen"); the snapshot; the tiles of its last 12 periods; the RAG matrix's page
of rows and the bubble chart's rows. The drill fragment reads the scope, the snapshot and
the two row reads.
"""

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pmo import access
from pmo.periods import period_start, shift
from pmo.web.pages import PAGE_PARAM, render_page

from .. import figures as fig
from .. import selectors
from ..models import Scope, Snapshot, SnapshotRow
from ..models.scopes import can_schedule_dashboards
from ..selectors import NONE_ID, Drill
from .builds import controls_context
from .sections import chart, labels, scope_sections, table

PAGE = "reporting/dashboard.html"
MATRIX_SIZE = 25
# The groups table's money columns (in € mln): name in the template, key in the figures.
MONEY_COLUMNS = (
    ("budget", "budget"),
    ("eac", "eac"),
    ("actuals", "actuals"),
    ("benefits", "benefits_realised"),
    ("risk", "risk_exposure"),
)


def require_dashboards(user) -> None:
    """404 for who can have no dashboard at all (no role that reads everything, no org
    unit); a projectleider without one of their own gets a friendly page instead."""
    if not access.can_see_dashboards(user):
        raise Http404(_("Niet gevonden"))


def scope_url(scope: Scope, **query) -> str:
    url = reverse("reporting:scope_dashboard", args=[scope.pk])
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def _month(period: dt.date) -> str:
    return date_format(period, "F Y")


def parse_period(text: str | None) -> dt.date | None:
    try:
        return dt.datetime.strptime(text or "", "%Y-%m").date()
    except ValueError:
        return None


def chosen_period(
    text: str | None, periods: list[dt.date]
) -> tuple[dt.date | None, str, dt.date | None]:
    """The period ?periode=YYYY-MM asks for (the newest without it); else why there is no
    dashboard for it, in the user's words; and the period "Nu bouwen" builds: the one
    shown, the one asked for when it has begun, or else the period just closed (whose
    reports the board discusses)."""
    current = period_start(timezone.localdate())
    if not text:
        return (
            (periods[0] if periods else None),
            "",
            (periods[0] if periods else shift(current, -1)),
        )
    period = parse_period(text)
    if period is None:
        problem = _("„%(text)s” is geen periode. Kies een maand uit de lijst.")
        return None, problem % {"text": text[:20]}, current
    if period in periods:
        return period, "", period
    if period > current:
        problem = _(
            "%(month)s ligt in de toekomst. Het dashboard van een periode wordt gebouwd "
            "als die periode begonnen is."
        )
        return None, problem % {"month": _month(period)}, current
    problem = _("Voor %(month)s is geen dashboard gebouwd. Kies een periode uit de lijst.")
    return None, problem % {"month": _month(period)}, period


def _wants_fragment(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    # A history restore after "back" needs the whole page, as a boosted request does.
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The user's own dashboard (the organisation's, else their unit's); ?dashboard=<id>
    is the scope selector's choice and goes to that dashboard's address."""
    user = request.user
    require_dashboards(user)
    scopes = selectors.visible_scopes(user=user)
    asked = request.GET.get("dashboard")
    if asked:
        scope = next((s for s in scopes if str(s.pk) == asked), None)
        if scope is None:
            raise Http404(_("Niet gevonden"))
        return redirect(scope_url(scope, periode=request.GET.get("periode")))
    scope = selectors.default_scope(scopes, user=user)
    if scope is None:
        return render_page(request, PAGE, _base(request, None, scopes, []))
    return scope_page(request, scope, scopes)


@login_required
def scope_dashboard(request: HttpRequest, scope_id: int) -> HttpResponse:
    """One scope's dashboard; an htmx request gets only the drill-down section."""
    user = request.user
    require_dashboards(user)
    if _wants_fragment(request):
        return drill_fragment(request, access.get_visible_or_404(Scope, user, pk=scope_id))
    scopes = selectors.visible_scopes(user=user)
    scope = next((s for s in scopes if s.pk == scope_id), None)
    if scope is None:
        raise Http404(_("Niet gevonden"))
    return scope_page(request, scope, scopes)


def _base(request: HttpRequest, scope: Scope | None, scopes, periods) -> dict:
    user = request.user
    return {
        "scope": scope,
        "scopes": scopes,
        "periods": [{"value": f"{p:%Y-%m}", "date": p} for p in periods],
        "can_schedule": can_schedule_dashboards(user),
        # Only for the page saying there is no dashboard yet (one query, for that page).
        "own_unit": None if scope or access.reads_everything(user) else user.org_unit,
    }


def scope_page(request: HttpRequest, scope: Scope, scopes: list[Scope]) -> HttpResponse:
    periods = selectors.snapshot_periods(scope=scope)
    period, problem, to_build = chosen_period(request.GET.get("periode"), periods)
    context = _base(request, scope, scopes, periods) | {"period": period, "problem": problem}
    # "Nu bouwen" (reporting/views/builds.py) for the period shown, else the one to build.
    context |= controls_context(request.user, scope, to_build) | {"build_period": to_build}
    if problem:
        return render_page(request, PAGE, context, status=404)
    snapshot = selectors.current_snapshot(scope=scope, period=period) if period else None
    if snapshot is None:
        return render_page(request, PAGE, context)
    trend = selectors.tile_trend(snapshot=snapshot)
    context |= {"snapshot": snapshot, **scope_sections(snapshot, trend)}
    context |= drill_context(request, scope, snapshot)
    return render_page(request, PAGE, context)


def requested_snapshot(request: HttpRequest, scope: Scope):
    """The current snapshot of ?periode= (the newest without it); 404 for a garbled
    period or one without a snapshot (a fragment or a file has no page to explain it)."""
    text = request.GET.get("periode")
    period = parse_period(text) if text else None
    if text and period is None:
        raise Http404(_("Niet gevonden"))
    snapshot = selectors.current_snapshot(scope=scope, period=period)
    if snapshot is None:
        raise Http404(_("Niet gevonden"))
    return snapshot


def drill_fragment(request: HttpRequest, scope: Scope) -> HttpResponse:
    snapshot = requested_snapshot(request, scope)
    context = {"scope": scope, "snapshot": snapshot}
    context |= drill_context(request, scope, snapshot)
    return render_page(request, PAGE, context, fragment="drill")


# ------------------------------------------------------------------------ drill-down


def _name(group: dict, *, programme: bool) -> str:
    """A group's name in the page's language: the groups without an id are ours."""
    if group.get("id") is None:
        return _("Zonder programma") if programme else _("Zonder domein")
    return group.get("name") or ""


def _key(value) -> int:
    return NONE_ID if value is None else value


def matrix_rows(rows: list[SnapshotRow]) -> list[dict]:
    """Each row's colours per dimension with the direction since last period."""
    text = labels()
    phases, words, dimensions = text["phases"], dict(text["colours"]), text["dimensions"]
    out = []
    for row in rows:
        previous = row.previous or {}
        cells = []
        for key, _label in dimensions:
            now, before = getattr(row, key), previous.get(key)
            cells.append(
                {
                    "colour": now,
                    "word": words.get(now or "", now),
                    "previous_word": words.get(before or "", before),
                    "trend": fig.rag_trend(now, before),
                }
            )
        out.append(
            {
                "row": row,
                "phase": phases.get(row.phase, row.phase),
                "url": reverse("projects:project_detail", kwargs={"code": row.code}),
                "cells": cells,
            }
        )
    return out


def drill_context(request: HttpRequest, scope: Scope, snapshot: Snapshot) -> dict:
    """The drill section at ?domein=&programma=: its breadcrumbs, the groups one level
    down with their charts, the RAG matrix's page and the bubble chart."""
    drill, valid = selectors.parse_drill(request.GET)
    figures = snapshot.figures or {}
    found = selectors.drill_groups(figures, drill)
    notice = ""
    if not valid or not found["found"]:
        notice = _("Dit onderdeel komt in deze periode niet voor; u ziet het hele dashboard.")
        drill = Drill()
        found = selectors.drill_groups(figures, drill)
    period = request.GET.get("periode", "")

    def url(**query) -> str:
        return scope_url(scope, periode=period, **query)

    domain, programme = found["domain"], found["programme"]
    crumbs = [{"label": scope.name, "url": url()}]
    if domain is not None:
        crumbs.append(
            {"label": _name(domain, programme=False), "url": url(domein=_key(domain["id"]))}
        )
    if programme is not None:
        crumbs.append({"label": _name(programme, programme=True), "url": ""})
    in_view = programme or domain
    count = in_view["projects"] if in_view else snapshot.project_count
    rows = selectors.CountedRows(selectors.drill_rows(snapshot, drill), count)
    page = Paginator(rows, MATRIX_SIZE).get_page(request.GET.get(PAGE_PARAM))
    groups = [
        {
            **group,
            **{f"{name}_mln": fig.mln(group.get(field)) for name, field in MONEY_COLUMNS},
            "label": _name(group, programme=domain is not None),
            "url": url(domein=_key(group["id"]))
            if domain is None
            else url(domein=drill.domain, programma=_key(group["id"])),
        }
        for group in found["groups"]
    ]
    query = urlencode({"periode": period, **drill.query()} if period else drill.query())
    return {
        "drill": drill,
        "drill_notice": notice,
        "drill_title": crumbs[-1]["label"],
        "scope_path": scope_url(scope),
        "crumbs": crumbs,
        "in_view": in_view
        and {**in_view, **{f"{n}_mln": fig.mln(in_view.get(f)) for n, f in MONEY_COLUMNS}},
        "groups": groups,
        "group_charts": _group_charts(groups, figures, drill, snapshot.pk),
        "matrix_page": page,
        "matrix": matrix_rows(page.object_list),
        "matrix_query": urlencode(
            {"periode": period, **drill.query()} if period else drill.query()
        ),
        "dimensions": labels()["dimensions"],
        "bubble": _bubble_chart(selectors.bubble_points(snapshot, drill), snapshot.pk),
        "export_query": query,
    }


def _group_charts(groups: list[dict], figures: dict, drill: Drill, key: int) -> list[dict]:
    """The groups' colours and money, and budget against actuals per year (of the
    domain in view, or of all)."""
    names = [g["label"] for g in groups]
    text = labels()
    charts = []
    if groups:
        charts.append(
            chart(
                f"groups-rag-{key}",
                fig.rag_bars_figure(
                    names=names,
                    counts=[g.get("rag") or {} for g in groups],
                    colours=text["colours"],
                    title=_("Projecten per totaalbeeld"),
                    axis_title=_("Aantal projecten"),
                ),
            )
        )
        charts.append(
            chart(
                f"groups-money-{key}",
                fig.money_by_group_figure(
                    names=names,
                    series=[
                        (_("Budget"), [g.get("budget") or 0 for g in groups]),
                        (_("Prognose (EAC)"), [g.get("eac") or 0 for g in groups]),
                        (_("Werkelijke kosten"), [g.get("actuals") or 0 for g in groups]),
                    ],
                    title=_("Budget, prognose en realisatie (€ mln)"),
                    axis_title=_("€ mln"),
                ),
            )
        )
    lines = [
        line
        for line in figures.get("budget_by_year") or []
        if drill.domain is None or _key(line.get("domain_id")) == drill.domain
    ]
    if lines:
        years = sorted({line["year"] for line in lines})
        budget = {y: sum(ln["budget"] or 0 for ln in lines if ln["year"] == y) for y in years}
        actuals = {y: sum(ln["actuals"] or 0 for ln in lines if ln["year"] == y) for y in years}
        charts.append(
            chart(
                f"years-{key}",
                fig.budget_by_year_figure(
                    years=years,
                    series=[
                        (_("Budget"), [budget[y] for y in years]),
                        (_("Werkelijke kosten"), [actuals[y] for y in years]),
                    ],
                    title=_("Budget en realisatie per jaar (€ mln)"),
                    axis_title=_("€ mln"),
                ),
            )
        )
    return charts


def _bubble_chart(points: list[dict], key: int) -> dict | None:
    if not points:
        return None
    text = labels()
    colour = dict(text["colours"])
    figure = fig.bubble_figure(
        points=points,
        colours=text["colours"],
        title=_("Prioriteit en voortgang (grootte: budget)"),
        x_title=_("Prioriteitswaarde"),
        y_title=_("Voortgang"),
        budget_label=_("Budget"),
    )
    rows = [
        (
            f"{p['code']} {p['name']}",
            [p["priority"], p["progress"], fig.mln(p["budget"]), colour.get(p["rag"] or "")],
        )
        for p in points
    ]
    columns = [_("Prioriteitswaarde"), _("Voortgang (%)"), _("Budget (€ mln)"), _("Totaal")]
    return chart(f"bubble-{key}", figure, table(_("Prioriteit en voortgang"), columns, rows))
