"""The weerstandsvermogen page: per portfolio and org unit the beschikbare capaciteit, the
benodigde from the newest simulation at 70/80/90/95 % with ratio and class, the
distribution as a chart with its table, the risks that contribute most, the ratio over
earlier runs; asking for a new run (the page follows it), the capacity and policy forms,
and the paragraph's tables as one Excel file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pmo import access
from pmo.actors import Actor
from pmo.web.pages import render_page
from pmo.web.refusals import submit

from .. import selectors, services
from ..figures import distribution_figure
from ..forms.resistance import CapacityForm, PolicyForm, SimulationForm
from ..models import CapacityStatement
from ..rules import resistance as classes
from ..services import resistance
from .resistance_export import paragraph_workbook

PAGE = "risks/resistance.html"


def _scope(request: HttpRequest):
    """The portfolio and org unit the page is about (?portfolio=, ?eenheid=)."""
    portfolios = list(selectors.resistance.portfolios())
    wanted = request.GET.get("portfolio") or request.POST.get("portfolio")
    portfolio = next((p for p in portfolios if str(p.pk) == wanted), None)
    portfolio = portfolio or (portfolios[0] if portfolios else None)
    if portfolio is None:
        raise Http404
    unit_id = request.GET.get("eenheid") or request.POST.get("eenheid")
    units = list(selectors.resistance.org_units())
    unit = next((u for u in units if str(u.pk) == unit_id), None)
    return portfolio, unit, portfolios, units


def scope_url(name: str, portfolio, unit, **extra) -> str:
    query = {"portfolio": portfolio.pk, **({"eenheid": unit.pk} if unit else {}), **extra}
    return f"{reverse(name)}?{urlencode(query)}"


def _class_rows(policy):
    try:
        return classes.ranges(classes.bounds_from_data(policy.class_bounds))
    except classes.InvalidInput:
        return ()


def _context(request, portfolio, unit, portfolios, units, **forms) -> dict:
    shown_pk = request.GET.get("run")
    runs = selectors.runs(
        portfolio, unit, shown_pk=int(shown_pk) if shown_pk and shown_pk.isdigit() else None
    )
    policy = services.policy_for(portfolio)
    statement = resistance.statement_for(
        portfolio.pk, unit.pk if unit else None, timezone.localdate()
    )
    shown = runs.shown
    figure = None
    if shown is not None and shown.results.get("histogram"):
        histogram = shown.results["histogram"]
        figure = distribution_figure(
            edges=histogram["edges"],
            counts=histogram["counts"],
            required=float(shown.required or 0),
            available=float(shown.available) if shown.available is not None else None,
            title=_("Verdeling van het totale financiële gevolg"),
            labels={
                "share": _("aandeel van de iteraties"),
                "cumulative": _("cumulatief"),
                "amount": _("totaal gevolg van de risico's"),
                "required": _("benodigd"),
                "available": _("beschikbaar"),
            },
        )
    can_edit = access.edits_everything(request.user)
    return {
        "portfolio": portfolio,
        "unit": unit,
        "portfolios": portfolios,
        "units": units,
        "runs": runs,
        "shown": shown,
        "chosen_certainty": float(shown.certainty) / 100 if shown else None,
        "polling": runs.waiting is not None,
        "policy": policy,
        "class_rows": _class_rows(policy),
        "statement": statement,
        "available": resistance.capacity_total(statement),
        "figure": figure,
        "can_edit": can_edit,
        "simulation_form": forms.get("simulation_form") or (SimulationForm() if can_edit else None),
        "scope_query": urlencode(
            {"portfolio": portfolio.pk, **({"eenheid": unit.pk} if unit else {})}
        ),
    }


@login_required
def resistance_page(request: HttpRequest) -> HttpResponse:
    access.require_area(CapacityStatement, request.user)
    portfolio, unit, portfolios, units = _scope(request)
    if request.GET.get("export") == "xlsx":
        return paragraph_workbook(_context(request, portfolio, unit, portfolios, units))
    context = _context(request, portfolio, unit, portfolios, units)
    if request.htmx and request.GET.get("wacht"):
        if not context["polling"]:
            # The run finished while the page polled: reload it whole, so that every
            # part (figure, tables, history) shows the new run.
            return HttpResponse(headers={"HX-Refresh": "true"})
        return render_page(request, PAGE, context, fragment="progress")
    return render_page(request, PAGE, context)


@login_required
@require_POST
def simulation_request(request: HttpRequest) -> HttpResponse:
    access.require_area(CapacityStatement, request.user)
    access.require(access.edits_everything(request.user))
    portfolio, unit, portfolios, units = _scope(request)
    form = SimulationForm(request.POST)
    status, _run = submit(
        form,
        lambda: resistance.simulation_request(
            actor=Actor.screen(request.user),
            portfolio=portfolio,
            org_unit=unit,
            iterations=form.cleaned_data["iterations"],
            seed=form.cleaned_data["seed"],
        ),
    )
    if status == 200:
        messages.success(request, _("De berekening is gestart."))
        return redirect(scope_url("risks:resistance", portfolio, unit))
    context = _context(request, portfolio, unit, portfolios, units, simulation_form=form)
    return render_page(request, PAGE, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def capacity_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """State the beschikbare capaciteit (new, or correct a statement)."""
    access.require_area(CapacityStatement, request.user)
    access.require(access.edits_everything(request.user))
    statement = get_object_or_404(CapacityStatement, pk=pk) if pk else None
    if statement:
        portfolio, unit = statement.portfolio, statement.org_unit
    else:
        portfolio, unit, _portfolios, _units = _scope(request)
    initial = {"org_unit": unit, "as_of": timezone.localdate()} if not statement else None
    form = CapacityForm(request.POST or None, instance=statement, initial=initial)
    status = 200
    if request.method == "POST":
        actor = Actor.screen(request.user)

        def write():
            data = form.cleaned_data
            if statement is None:
                return resistance.capacity_create(
                    actor=actor,
                    portfolio=portfolio,
                    org_unit=data["org_unit"],
                    as_of=data["as_of"],
                    notes=data["notes"],
                    components=form.component_rows(),
                )
            return resistance.capacity_update(
                actor=actor,
                statement=statement,
                expected_version=data["version"],
                as_of=data["as_of"],
                notes=data["notes"],
                components=form.component_rows(),
            )

        status, saved = submit(form, write)
        if status == 200:
            messages.success(request, _("De beschikbare weerstandscapaciteit is vastgelegd."))
            return redirect(scope_url("risks:resistance", portfolio, saved.org_unit))
    context = {"form": form, "statement": statement, "portfolio": portfolio, "unit": unit}
    return render_page(request, "risks/capacity_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest) -> HttpResponse:
    access.require_area(CapacityStatement, request.user)
    access.require(access.edits_everything(request.user))
    portfolio, unit, _portfolios, _units = _scope(request)
    policy = services.policy_for(portfolio)
    form = PolicyForm(request.POST or None, policy=policy)
    status = 200
    if request.method == "POST":
        status, _saved = submit(
            form,
            lambda: resistance.policy_save(
                actor=Actor.screen(request.user),
                portfolio=portfolio,
                expected_version=form.cleaned_data["version"],
                **form.values(),
            ),
        )
        if status == 200:
            messages.success(request, _("Het risicobeleid is opgeslagen."))
            return redirect(scope_url("risks:resistance", portfolio, unit))
    context = {"form": form, "policy": policy, "portfolio": portfolio, "unit": unit}
    return render_page(request, "risks/policy_form.html", context, status=status)
