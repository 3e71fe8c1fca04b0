"""The teams and one team's capacity: its default and its exceptions per month.

Everyone signed in reads them (a projectleider plans demand on the teams); who may change
a team (the PMO) changes its default and sets or clears one month's exception, each
against the team's version: a stale form is refused with 409 naming who changed what,
the input kept; bad input is 422 with the errors at their fields. With htmx the forms
swap the team's capacity in place; without, they post and come back to the page.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from pmo import access
from pmo.actors import Actor
from pmo.exports import FORMATS, ExportColumn, export_response
from pmo.web.pages import render_page
from pmo.web.refusals import submit

from .. import selectors
from ..forms import TeamForm, TeamMonthClearForm, TeamMonthForm, parse_month
from ..models import Team
from ..rules import add_months, capacity_hours, month_start, months_between
from ..services.teams import team_month_clear, team_month_set, team_update

LIST = "portfolio/capacity/team_list.html"
DETAIL = "portfolio/capacity/team_detail.html"
LIST_MONTHS = 12
DETAIL_MONTHS = 18


def _months(count: int) -> list[dt.date]:
    first = month_start(timezone.localdate())
    return months_between(first, add_months(first, count - 1))


def _default_hours(team: Team) -> float:
    return capacity_hours(selectors.formation(team))


def _export_columns(months: list[dt.date]) -> list[ExportColumn]:
    columns = [
        ExportColumn(gettext_lazy("Code"), lambda r: r.team.code),
        ExportColumn(gettext_lazy("Team"), lambda r: r.team.name),
        ExportColumn(gettext_lazy("Organisatieonderdeel"), lambda r: r.team.org_unit.name),
        ExportColumn(gettext_lazy("Formatie (fte)"), lambda r: r.team.fte, kind="number"),
        ExportColumn(gettext_lazy("Uren per fte per maand"), lambda r: r.team.hours_per_fte),
        ExportColumn(gettext_lazy("Inzetbaar (%)"), lambda r: r.team.availability_pct),
        ExportColumn(gettext_lazy("Standaard uren per maand"), lambda r: r.default, kind="number"),
    ]
    for index, month in enumerate(months):
        columns.append(ExportColumn(f"{month:%Y-%m}", lambda r, i=index: r.hours[i], kind="number"))
    return columns


class TeamLine:
    """A team with its default hours a month and its capacity in each month shown."""

    def __init__(self, team: Team, hours: list[float]):
        self.team, self.hours = team, [round(h, 1) for h in hours]
        self.default = round(_default_hours(team), 1)


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    """The teams with their formation and the next 12 months' capacity (two queries)."""
    access.require_area(Team, request.user)
    months = _months(LIST_MONTHS)
    teams = list(selectors.team_queryset().visible_to(request.user))
    lines = [
        TeamLine(t, h) for t, h in zip(teams, selectors.team_capacity(teams, months), strict=True)
    ]
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        return export_response(
            lines, _export_columns(months), fmt=fmt, title=_("Capaciteit per team")
        )
    return render_page(request, LIST, {"lines": lines, "months": months})


class MonthLine:
    """One month of a team's capacity: hours, fte-equivalent and its exception if any."""

    def __init__(self, month: dt.date, hours: float, hours_per_fte: int, exception):
        self.month, self.hours, self.exception = month, round(hours, 1), exception
        self.fte = round(hours / hours_per_fte, 2) if hours_per_fte else None


def _detail_context(request, team: Team, *, can_edit: bool, **forms) -> dict:
    months = _months(DETAIL_MONTHS)
    exceptions = selectors.team_months(team, months)
    (hours,) = selectors.team_capacity([team], months)
    lines = [
        MonthLine(m, h, team.hours_per_fte, exceptions.get(m))
        for m, h in zip(months, hours, strict=True)
    ]
    context = {
        "team": team,
        "lines": lines,
        "default_hours": round(_default_hours(team), 1),
        "can_edit": can_edit,
    }
    if can_edit:
        # ?maand=2027-07 fills the month form with that month's exception, if it has one.
        chosen = parse_month(request.GET.get("maand"))
        exception = None
        if chosen:
            exception = exceptions.get(chosen) or selectors.team_months(team, [chosen]).get(chosen)
        context["team_form"] = forms.get("team_form") or TeamForm(team=team)
        context["month_form"] = forms.get("month_form") or TeamMonthForm(
            team=team, exception=exception, month=chosen or months[0]
        )
        context["clear_error"] = forms.get("clear_error")
    return context


@login_required
@require_http_methods(["GET", "POST"])
def team_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The team's capacity for 18 months from this month; its forms for who may change it.
    The posted `onderdeel` says which: the default, a month's exception, or clearing one."""
    team = access.get_visible_or_404(
        Team.objects.select_related("org_unit"), request.user, code=code
    )
    can_edit = access.is_editable(team, request.user)
    if request.method == "GET":
        context = _detail_context(request, team, can_edit=can_edit)
        return render_page(request, DETAIL, context, fragment="capacity")
    access.require(can_edit)
    actor = Actor.screen(request.user)
    part = request.POST.get("onderdeel")
    forms: dict = {}
    if part == "standaard":
        form = forms["team_form"] = TeamForm(request.POST, team=team)
        status, _done = submit(
            form,
            lambda: team_update(
                actor=actor,
                team=team,
                expected_version=form.cleaned_data["version"],
                **form.values(),
            ),
        )
        done = _("De standaardcapaciteit is opgeslagen.")
    elif part == "wissen":
        form = TeamMonthClearForm(request.POST)
        status, _done = submit(
            form,
            lambda: team_month_clear(
                actor=actor,
                team=team,
                expected_version=form.cleaned_data["version"],
                month=form.cleaned_data["month"],
            ),
        )
        if status != 200:
            # The clear button has no fields to show its refusal at: it goes above the table.
            forms["clear_error"] = " ".join(
                str(e) for errors in form.errors.values() for e in errors
            )
        done = _("De afwijking is gewist; de standaard geldt weer.")
    else:
        form = forms["month_form"] = TeamMonthForm(request.POST, team=team)
        status, _done = submit(
            form,
            lambda: team_month_set(
                actor=actor,
                team=team,
                expected_version=form.cleaned_data["version"],
                **form.values(),
            ),
        )
        done = _("De afwijkende maand is opgeslagen.")
    if status == 200:
        if not request.htmx:
            messages.success(request, done)
            return redirect("capacity:team_detail", code=team.code)
        team.refresh_from_db()
        context = _detail_context(request, team, can_edit=True)
        context["saved"] = done
        return render_page(request, DETAIL, context, fragment="capacity")
    context = _detail_context(request, team, can_edit=True, **forms)
    return render_page(request, DETAIL, context, fragment="capacity", status=status)
