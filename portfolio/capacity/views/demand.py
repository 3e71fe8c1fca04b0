"""A project's demand grid: hours per team (rows) and month (columns), entered by its
projectleider and saved as a whole against the plan's one version.

Who sees the project sees the grid (404 otherwise); who may change it edits it (a POST
by anyone else is 403). A stale save is refused with 409 naming who changed which cells
since, an invalid cell with 422 and its error at that cell; both keep the user's input.
htmx posts the grid and swaps it in place; without JavaScript the same form posts and
comes back to the page. Each cell shows, small, the team's load that month over all
projects (selectors.capacity_figures): the page's queries stay fixed whatever the number
of projects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pmo import access
from pmo.actors import Actor
from pmo.versioning import StaleError
from pmo.web.pages import render_page
from pmo.web.refusals import INVALID, STALE, refusal_text

from ...projects.models import Project
from .. import selectors
from ..forms import DemandGrid, cell_name, parse_month
from ..models import Team
from ..rules import add_months, load_level, load_pct, month_count, month_start, months_between
from ..services.demand import cell_key, demand_plan_save

GRID = "portfolio/capacity/demand_grid.html"
MAX_MONTHS = 36
DEFAULT_MONTHS = 12


def grid_months(project: Project, data) -> list[dt.date]:
    """The months shown: the project's planned start to end month (this month and the
    eleven after it when dates are missing), at most 36; `from` (yyyy-mm) and `months`
    page through time."""
    start = month_start(project.planned_start or timezone.localdate())
    end = month_start(project.planned_end) if project.planned_end else None
    if end is None or end < start:
        end = add_months(start, DEFAULT_MONTHS - 1)
    count = month_count(start, end) + 1
    start = parse_month(data.get("from")) or start
    count = whole(data.get("months")) or count
    count = min(max(count, 1), MAX_MONTHS)
    return months_between(start, add_months(start, count - 1))


def whole(text: str | None) -> int | None:
    """A posted whole number (ASCII digits only), or None."""
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def number_text(hours: Decimal | None) -> str:
    """Hours as a number box's value: "12.5", "40"; empty for none."""
    if hours is None:
        return ""
    return f"{hours.normalize():f}"


@dataclass
class GridCell:
    month: dt.date
    name: str
    text: str
    hours: Decimal | None
    error: str = ""
    load: int | None = None
    level: str = ""


@dataclass
class GridRow:
    team: Team
    cells: list[GridCell] = field(default_factory=list)
    total: Decimal = Decimal(0)
    outside: Decimal = Decimal(0)


def _row_ids(saved: dict, teams: list[Team], posted: list[int] | None) -> list[int]:
    """The rows: those posted (in their order), then every team with saved demand."""
    rows = list(posted or [])
    with_demand = {team_id for team_id, _month in saved}
    rows += [t.pk for t in teams if t.pk in with_demand and t.pk not in rows]
    return rows


def _grid_context(
    request, project: Project, months: list[dt.date], *, can_edit: bool, grid=None, **extra
) -> dict:
    teams = list(selectors.team_queryset())
    by_id = {t.pk: t for t in teams}
    saved = selectors.plan_cells(project)
    row_teams = [by_id[pk] for pk in _row_ids(saved, teams, grid.rows if grid else None)]
    figures = selectors.capacity_figures(months=months, teams=row_teams)
    shown = set(months)
    rows, column_totals = [], [Decimal(0)] * len(months)
    for r, team in enumerate(row_teams):
        row = GridRow(team)
        row.outside = sum(
            (h for (t, m), h in saved.items() if t == team.pk and m not in shown), Decimal(0)
        )
        for c, month in enumerate(months):
            key = (team.pk, month)
            if grid is not None and key in grid.texts:
                text, hours = grid.texts[key], grid.cells.get(key)
            else:
                hours = saved.get(key)
                text = number_text(hours)
            demand = figures.committed[r][c] + figures.proposed[r][c]
            capacity = figures.capacity[r][c]
            cell = GridCell(month, cell_name(team.pk, month), text, hours)
            cell.error = grid.errors.get(key, "") if grid is not None else ""
            cell.load = load_pct(demand, capacity)
            cell.level = load_level(demand, capacity).value
            row.cells.append(cell)
            if hours is not None and not cell.error:
                row.total += hours
                column_totals[c] += hours
        rows.append(row)
    version = grid.version if grid is not None else selectors.plan_version(project)
    window = f"months={len(months)}"
    return {
        "project": project,
        "months": months,
        "rows": rows,
        "column_totals": column_totals,
        "grand_total": sum(column_totals, Decimal(0)),
        "version": version,
        "can_edit": can_edit,
        "addable": [t for t in teams if t not in row_teams] if can_edit else [],
        "query": f"from={months[0]:%Y-%m}&{window}",
        "earlier": f"from={add_months(months[0], -len(months)):%Y-%m}&{window}",
        "later": f"from={add_months(months[0], len(months)):%Y-%m}&{window}",
        "any_errors": bool(grid and grid.errors),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def demand_grid(request: HttpRequest, code: str) -> HttpResponse:
    project = access.get_visible_or_404(Project, request.user, code=code)
    can_edit = access.is_editable(project, request.user)
    months = grid_months(project, request.GET)
    if request.method == "GET":
        context = _grid_context(request, project, months, can_edit=can_edit)
        return render_page(request, GRID, context, fragment="grid")
    access.require(can_edit)
    team_ids = set(Team.objects.values_list("pk", flat=True))
    grid = DemandGrid.posted(request.POST, months=months, teams=team_ids)
    if "toevoegen" in request.POST:
        # Adding a row saves nothing: the grid comes back with the input and a new row.
        added = whole(request.POST.get("team"))
        if added in team_ids and added not in grid.rows:
            grid.rows.append(added)
        grid.errors = {}
        context = _grid_context(request, project, months, can_edit=True, grid=grid)
        return render_page(request, GRID, context, fragment="grid")
    status, refusal = 200, ""
    if not grid.is_valid():
        status, refusal = (
            INVALID,
            _("De capaciteitsvraag is niet opgeslagen. Verbeter de gemarkeerde cellen."),
        )
    else:
        try:
            demand_plan_save(
                actor=Actor.screen(request.user),
                project=project,
                expected_version=grid.version,
                cells=grid.cells,
            )
        except StaleError as error:
            status, refusal = STALE, refusal_text(error)
            grid.version = error.current_version
        except ValidationError as error:
            status, refusal = INVALID, refusal_text(error)
            _errors_at_cells(grid, error)
    if status != 200:
        context = _grid_context(request, project, months, can_edit=True, grid=grid, refusal=refusal)
        return render_page(request, GRID, context, fragment="grid", status=status)
    done = _("De capaciteitsvraag is opgeslagen.")
    if not request.htmx:
        messages.success(request, done)
        url = reverse("capacity:demand_grid", args=[project.code])
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    context = _grid_context(request, project, months, can_edit=True, saved=done)
    return render_page(request, GRID, context, fragment="grid")


def _errors_at_cells(grid: DemandGrid, error: ValidationError) -> None:
    """The service's refusals (keyed "team id:yyyy-mm") at the cells they name."""
    if not hasattr(error, "error_dict"):
        return
    for key in grid.texts:
        messages_ = error.error_dict.get(cell_key(*key))
        if messages_:
            grid.errors[key] = "; ".join(m for e in messages_ for m in e.messages)
