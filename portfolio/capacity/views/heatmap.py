"""The capacity heatmap: team x month, demand against capacity with over-allocation
flagged and listed; a cell's projects (a page, or a fragment the grid opens in place);
a what-if that moves one project's demand in time and shows the change before it is
saved; the figures as Excel or CSV (views/heatmap_export.py).

Who reads the whole portfolio sees it (access.can_see_capacity); others get 404. The
page's queries are fixed: the filters' org units, the teams, their exceptions and the
demand totals (selectors.capacity_figures), plus two for a what-if (the project, its
demand) whatever the number of projects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from pmo import access
from pmo.actors import Actor
from pmo.web.pages import render_page
from pmo.web.refusals import submit

from ...projects.models import Project
from .. import selectors
from ..filters import FILTER_FIELDS, HeatmapFilterForm, ShiftSaveForm, WhatIfForm
from ..heatmap import Heatmap, TeamRow, Unit, build, plan_window, shift_delta
from ..models import Team
from ..rules import load_level, load_pct, months_between
from ..services.demand import demand_shift
from .heatmap_grid import grid_rows, total_cells

PAGE = "portfolio/capacity/heatmap.html"
CELL = "portfolio/capacity/heatmap_cell.html"


def require_capacity(user) -> None:
    """404 for whoever may not read the whole portfolio: the heatmap sums every project."""
    if not access.can_see_capacity(user):
        raise Http404(_("Niet gevonden"))


def team_rows(teams: list[Team]) -> list[TeamRow]:
    return [TeamRow(t.pk, t.code, t.name, t.org_unit.name, t.hours_per_fte) for t in teams]


def filter_query(data: QueryDict, **extra) -> str:
    """The filters of `data` as a query string (the what-if left off), plus `extra`."""
    query = QueryDict(mutable=True)
    for name in FILTER_FIELDS:
        if data.get(name):
            query[name] = data[name]
    for name, value in extra.items():
        query[name] = value
    return query.urlencode()


@dataclass
class WhatIf:
    """A project's demand moved `months`: the change per cell, or why it changes nothing."""

    project: Project
    months: int
    delta: dict = field(default_factory=dict)
    counted: bool = True

    @property
    def distance(self) -> int:
        return abs(self.months)


def whatif_for(user, form: WhatIfForm, filters: HeatmapFilterForm) -> WhatIf | None:
    """The what-if the form asks for, with its errors on the form (two queries)."""
    if not form.asked or not form.is_valid():
        return None
    code, months = form.cleaned_data["project"], form.cleaned_data["verschuiving"] or 0
    project = selectors.whatif_project(user=user, code=code)
    if project is None:
        form.add_error("project", _("Er is geen project met code %(code)s.") % {"code": code})
        return None
    shown = filters.months
    window = plan_window(shown, months)
    demand = selectors.project_demand([project.pk], months_between(*window))
    if not demand:
        form.add_error(
            "project",
            _("%(code)s vraagt in de getoonde maanden geen capaciteit.") % {"code": code},
        )
        return None
    counted = project.status in selectors.COMMITTED or (
        project.status in selectors.PROPOSED and filters.include_proposals
    )
    plan = {(team, month): hours for (_project, team, month), hours in demand.items()}
    delta = shift_delta(plan, months, shown) if counted else {}
    return WhatIf(project=project, months=months, delta=delta, counted=counted)


def heatmap_context(request: HttpRequest, **forms) -> dict:
    filters = HeatmapFilterForm(request.GET)
    whatif_form = WhatIfForm(request.GET)
    whatif = whatif_for(request.user, whatif_form, filters)
    heatmap = _built(filters, whatif.delta if whatif else None)
    save_form = forms.get("save_form")
    if save_form is None and whatif and whatif.project.can_edit and whatif.months:
        save_form = ShiftSaveForm(
            initial={
                "project": whatif.project.code,
                "verschuiving": whatif.months,
                "version": whatif.project.plan_version,
            }
        )
    return {
        "filters": filters,
        "whatif_form": whatif_form,
        "whatif": whatif,
        "heatmap": heatmap,
        "grid": grid_rows(heatmap),
        "total_cells": total_cells(heatmap),
        "digits": "2g" if heatmap.unit == Unit.FTE else "0g",
        "save_form": save_form,
        "filter_query": filter_query(request.GET),
        "query": request.GET.urlencode(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def heatmap(request: HttpRequest) -> HttpResponse:
    """The heatmap (GET: nothing is saved, a what-if included); POST saves a what-if."""
    require_capacity(request.user)
    if request.method == "POST":
        return shift_save(request)
    return render_page(request, PAGE, heatmap_context(request))


def shift_save(request: HttpRequest) -> HttpResponse:
    """Save the shown what-if: the project's whole demand plan moved, against the plan
    version the page showed (409 when someone changed it since, 422 when refused)."""
    form = ShiftSaveForm(request.POST)
    code = (request.POST.get("project") or "").strip().upper()
    project = selectors.whatif_project(user=request.user, code=code)
    if project is None:
        raise Http404(_("Niet gevonden"))
    access.require(project.can_edit)
    status, _saved = submit(
        form,
        lambda: demand_shift(
            actor=Actor.screen(request.user),
            project=project,
            expected_version=form.cleaned_data["version"],
            months=form.cleaned_data["verschuiving"],
        ),
    )
    if status == 200:
        months = form.cleaned_data["verschuiving"]
        text = ngettext(
            "De capaciteitsvraag van %(code)s is %(months)s maand verschoven.",
            "De capaciteitsvraag van %(code)s is %(months)s maanden verschoven.",
            abs(months),
        )
        messages.success(request, text % {"code": project.code, "months": f"{months:+d}"})
        return redirect(f"{reverse('capacity:heatmap')}?{filter_query(request.GET)}")
    return render_page(request, PAGE, heatmap_context(request, save_form=form), status=status)


def parse_month(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError as exc:
        raise Http404(_("Niet gevonden")) from exc


@dataclass(frozen=True)
class CellProject:
    project: Project
    hours: float
    share: int | None


def cell_context(user, team: Team, month: dt.date) -> dict:
    """One cell: the projects `user` may see, named, largest first, with their share of
    the cell; the hours of the others counted; the team's capacity that month."""
    demands, hidden = selectors.cell_projects(team=team, month=month, user=user)
    capacity = selectors.team_capacity([team], [month])[0][0]
    total = sum(float(d.hours) for d in demands) + hidden
    projects = [
        CellProject(d.project, float(d.hours), load_pct(float(d.hours), total)) for d in demands
    ]
    return {
        "team": team,
        "month": month,
        "projects": projects,
        "hidden": hidden,
        "total": total,
        "proposed": sum(p.hours for p in projects if p.project.status in selectors.PROPOSED),
        "capacity": capacity,
        "pct": load_pct(total, capacity),
        "level": load_level(total, capacity),
    }


@login_required
def heatmap_cell(request: HttpRequest, team: str, month: str) -> HttpResponse:
    """The projects that make one cell: a page, or the fragment the heatmap opens in
    place below the grid."""
    require_capacity(request.user)
    day = parse_month(month)
    found = access.get_visible_or_404(selectors.team_queryset(), request.user, code=team)
    context = {
        **cell_context(request.user, found, day),
        "inline": bool(getattr(request, "htmx", False)),
        "back_query": filter_query(request.GET, van=month),
    }
    return render_page(request, CELL, context, fragment="drill")


def shown_heatmap(request: HttpRequest) -> Heatmap:
    """The figures the page shows for the request's filters (the export's rows)."""
    return _built(HeatmapFilterForm(request.GET))


def _built(filters: HeatmapFilterForm, delta=None) -> Heatmap:
    teams = selectors.heatmap_teams(filters.org_unit)
    figures = selectors.capacity_figures(months=filters.months, teams=teams)
    return build(
        team_rows(teams),
        figures.months,
        figures.capacity,
        figures.committed,
        figures.proposed,
        include_proposals=filters.include_proposals,
        unit=filters.unit,
        delta=delta,
    )
