"""Scenarios: constraints, the optimal selection, comparison, adoption by the board."""

from decimal import Decimal
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pmo import access
from pmo.actors import Actor
from pmo.exports import FORMATS
from pmo.versioning import StaleError
from pmo.web.pages import render_page
from pmo.web.refusals import INVALID, refusal_status, refusal_text
from pmo.web.registers import EXPORT_PARAM
from pmo.web.widgets import expected_version

from ..assessment.models import AssessmentFramework
from ..assessment.selectors import candidate_choices, ranked, score_matrix
from .capacity import limiting_cells, load_table
from .exports import scenario_export
from .figures import cost_per_year_figure, frontier_figure
from .forms import CONSTRAINT_FIELDS, AdoptForm, ScenarioForm, ScenarioRuleForm, budget_years
from .messages import conflict_message
from .models import Scenario, ScenarioRule
from .rules import adoptable, comparison
from .selectors import (
    compared_scenarios,
    framework_scenarios,
    scenario_changes,
    scenario_queryset,
    scenario_rules,
    with_changes,
)
from .services import (
    scenario_adopt,
    scenario_create,
    scenario_request_solve,
    scenario_rule_add,
    scenario_rule_remove,
    scenario_update,
)

MAX_COMPARED = 4


def _scenario(request, pk, *, edit=False) -> Scenario:
    if edit:
        return access.get_editable_or_403(scenario_queryset(), request.user, pk=pk)
    return access.get_visible_or_404(scenario_queryset(), request.user, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def scenario_list(request: HttpRequest, pk: int) -> HttpResponse:
    framework = access.get_visible_or_404(AssessmentFramework, request.user, pk=pk)
    if request.method == "GET" and (fmt := request.GET.get(EXPORT_PARAM)) in FORMATS:
        scenarios = with_changes(list(framework_scenarios(framework)), framework)
        return scenario_export(framework, scenarios, fmt=fmt)
    years = budget_years()
    form = ScenarioForm(request.POST or None, years=years)
    if request.method == "POST":
        framework = access.get_editable_or_403(AssessmentFramework, request.user, pk=pk)
        if form.is_valid():
            data = form.cleaned_data
            scenario = scenario_create(
                actor=Actor.screen(request.user),
                framework=framework,
                name=data["name"],
                description=data["description"],
                budgets=form.budgets(),
                max_projects=data["max_projects"],
                capacity_tolerance_pct=data["capacity_tolerance_pct"],
                commit_running=data["commit_running"],
                creation_token=data["creation_token"],
            )
            if scenario.state != Scenario.State.DONE:  # a resent form may find it solved
                scenario_request_solve(actor=Actor.screen(request.user), scenario=scenario)
            return redirect("scenarios:scenario_detail", pk=scenario.pk)
    scenarios = with_changes(list(framework_scenarios(framework)), framework)
    return render_page(
        request,
        "portfolio/scenarios/scenario_list.html",
        {
            "framework": framework,
            "scenarios": scenarios,
            "form": form,
            "can_edit": access.is_editable(framework, request.user),
            "max_compared": MAX_COMPARED,
        },
        status=INVALID if form.errors else 200,
    )


def _result_context(scenario: Scenario, matrix) -> dict:
    """Rows in/out with value and cost, and the figures, from the stored result."""
    result = scenario.result or {}
    if not result or "error" in result:
        return {}  # a failed solve has its reason, not a selection, to show
    rows = ranked(matrix) if matrix.contribution else []
    chosen = set(result.get("selected", []))
    committed = set(result.get("committed", []))
    years = list(result.get("budgets", {}))
    context = {
        "result": result,
        "conflicts": [conflict_message(c) for c in result.get("conflicts", [])],
        "selected_rows": [r for r in rows if r.project.pk in chosen],
        "left_out_rows": [r for r in rows if r.project.pk not in chosen],
        "committed": committed,
        "statutory": set(result.get("statutory", [])),
        "years": [
            (year, result["cost_per_year"].get(year, 0.0), result["budgets"][year])
            for year in years
        ],
    }
    if result.get("capacity", {}).get("load"):
        # From the stored result: the page reads no demand or capacity of its own.
        context["load_months"], context["load_rows"] = load_table(result["capacity"])
        context["load_limits"] = limiting_cells(context["load_rows"])
        context["tolerance"] = result["capacity"].get("tolerance_pct")
    if result.get("status") != "infeasible":
        # The frontier's x is the budget available (all years), so the scenario sits at its
        # own total budget, not at what its choice happens to spend.
        total_budget = sum(result["budgets"].values())
        context["frontier_figure"] = frontier_figure(
            frontier=result.get("frontier", []),
            chosen=(total_budget, result["value"]),
            title=_("Efficiënte grens: de meeste waarde per budget"),
            budget_axis=_("totaal budget (€)"),
            value_axis=_("gewogen waarde"),
            frontier_label=_("beste portfolio bij dit budget"),
            chosen_label=_("dit scenario"),
        )
        context["cost_figure"] = cost_per_year_figure(
            years=years,
            series=[(scenario.name, [result["cost_per_year"][y] for y in years])],
            budgets=[result["budgets"][y] for y in years],
            title=_("Kosten per jaar tegenover het budget"),
            budget_label=_("budget"),
            axis_title=_("euro"),
        )
    return context


def _detail_context(request, scenario: Scenario, **extra) -> dict:
    editable = access.is_editable(scenario, request.user) and scenario.adopted_at is None
    projects = candidate_choices()
    years = budget_years()
    for year in scenario.budgets:
        if int(year) not in years:
            years.append(int(year))
    years.sort()
    initial = {
        "name": scenario.name,
        "description": scenario.description,
        "max_projects": scenario.max_projects,
        "capacity_tolerance_pct": scenario.capacity_tolerance_pct,
        "commit_running": scenario.commit_running,
        # As numbers, so the form shows them in the user's notation.
        **{f"budget_{year}": Decimal(amount) for year, amount in scenario.budgets.items()},
    }
    matrix = score_matrix(scenario.framework) if scenario.result else None
    changed = [] if scenario.adopted_at else scenario_changes(scenario, matrix)
    context = {
        "scenario": scenario,
        "framework": scenario.framework,
        "rules": scenario_rules(scenario),
        "can_edit": editable,
        "changed": changed,
        "can_adopt": access.can_decide(request.user)
        and adoptable(
            adopted=scenario.adopted_at is not None,
            result_is_current=scenario.result_is_current,
            status=scenario.result.get("status"),
            changed=changed,
        ),
        "form": ScenarioForm(initial=initial, years=years),
        "rule_form": ScenarioRuleForm(projects=projects),
        "adopt_form": AdoptForm(),
        "polling": scenario.state == Scenario.State.QUEUED,
    }
    context.update(_result_context(scenario, matrix))
    context.update(extra)
    return context


@login_required
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = _scenario(request, pk)
    if request.htmx and request.GET.get("wacht"):
        if scenario.state != Scenario.State.QUEUED:
            # The solve finished while the page polled: reload it whole, so the parts
            # outside the result (adoption form, rules) match the new result too.
            return HttpResponse(headers={"HX-Refresh": "true"})
        # Still solving: the poll only needs the progress, not the old result's tables.
        context = {"scenario": scenario, "framework": scenario.framework, "polling": True}
        return render_page(
            request, "portfolio/scenarios/scenario_detail.html", context, fragment="result"
        )
    context = _detail_context(request, scenario)
    return render_page(
        request, "portfolio/scenarios/scenario_detail.html", context, fragment="result"
    )


def _refused(request, scenario, message: str, status: int, **forms) -> HttpResponse:
    scenario.refresh_from_db()
    context = _detail_context(request, scenario, refused=message, **forms)
    return render_page(request, "portfolio/scenarios/scenario_detail.html", context, status=status)


def _change_then_solve(request, scenario: Scenario, write, **forms) -> HttpResponse:
    """Apply one change to the scenario's constraints and solve it again. A stale or
    invalid change re-renders the page with the reason (and the form) and changes nothing."""
    try:
        write(
            actor=Actor.screen(request.user),
            scenario=scenario,
            expected_version=expected_version(request.POST),
        )
    except StaleError as error:
        return _refused(request, scenario, refusal_text(error), refusal_status(error))
    except ValidationError as error:
        return _refused(request, scenario, refusal_text(error), INVALID, **forms)
    scenario.refresh_from_db()
    scenario_request_solve(actor=Actor.screen(request.user), scenario=scenario)
    return redirect("scenarios:scenario_detail", pk=scenario.pk)


@login_required
@require_POST
def scenario_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = _scenario(request, pk, edit=True)
    form = ScenarioForm(request.POST, years=budget_years())
    if not form.is_valid():
        return _refused(request, scenario, _("Controleer de voorwaarden."), INVALID, form=form)
    data = form.cleaned_data
    fields = {key: data[key] for key in CONSTRAINT_FIELDS}
    return _change_then_solve(
        request,
        scenario,
        partial(scenario_update, budgets=form.budgets(), **fields),
        form=form,
    )


@login_required
@require_POST
def rule_add(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = _scenario(request, pk, edit=True)
    form = ScenarioRuleForm(request.POST, projects=candidate_choices())
    if not form.is_valid():
        return _refused(request, scenario, _("Controleer de regel."), INVALID, rule_form=form)
    return _change_then_solve(
        request, scenario, partial(scenario_rule_add, **form.cleaned_data), rule_form=form
    )


@login_required
@require_POST
def rule_remove(request: HttpRequest, pk: int, rule_pk: int) -> HttpResponse:
    scenario = _scenario(request, pk, edit=True)
    rule = get_object_or_404(ScenarioRule, pk=rule_pk, scenario=scenario)
    return _change_then_solve(request, scenario, partial(scenario_rule_remove, rule=rule))


@login_required
@require_POST
def solve(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = _scenario(request, pk, edit=True)
    scenario_request_solve(actor=Actor.screen(request.user), scenario=scenario)
    return redirect("scenarios:scenario_detail", pk=pk)


@login_required
@require_POST
def adopt(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = _scenario(request, pk)
    access.require(access.can_decide(request.user))
    form = AdoptForm(request.POST)
    if not form.is_valid():
        return _refused(request, scenario, _("Leg de motivering vast."), INVALID, adopt_form=form)
    try:
        scenario_adopt(
            actor=Actor.screen(request.user),
            scenario=scenario,
            expected_version=expected_version(request.POST),
            reasoning=form.cleaned_data["reasoning"],
            meeting=form.cleaned_data["meeting"],
        )
    except StaleError as error:
        return _refused(request, scenario, refusal_text(error), refusal_status(error))
    except ValidationError as error:
        return _refused(request, scenario, refusal_text(error), INVALID, adopt_form=form)
    messages.success(request, _("Scenario vastgesteld; het besluit staat in de besluitenlijst."))
    return redirect("scenarios:scenario_detail", pk=pk)


@login_required
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Up to four scenarios of one framework side by side."""
    framework = access.get_visible_or_404(AssessmentFramework, request.user, pk=pk)
    # Ids a database can hold: a 20-digit "id" is no scenario, not an overflow (500).
    wanted = [int(v) for v in request.GET.getlist("s") if v.isdigit() and int(v) < 2**63][
        :MAX_COMPARED
    ]
    matrix = score_matrix(framework)
    scenarios = with_changes(compared_scenarios(framework, wanted), framework, matrix)
    rows = ranked(matrix) if matrix.contribution else []
    chosen = [
        set(s.result.get("selected", [])) if s.result_is_current and not s.changed else None
        for s in scenarios
    ]
    table, differing = comparison(rows, chosen)
    years = sorted({y for s in scenarios for y in s.result.get("budgets", {})})
    context = {
        "framework": framework,
        "scenarios": scenarios,
        "all_scenarios": framework.scenarios.order_by("name"),
        "wanted": wanted,
        "table": table,
        "differing": differing,
        "max_compared": MAX_COMPARED,
        "too_many": len(request.GET.getlist("s")) > MAX_COMPARED,
    }
    if scenarios and years:
        context["cost_figure"] = cost_per_year_figure(
            years=years,
            series=[
                (s.name, [s.result.get("cost_per_year", {}).get(y, 0.0) for y in years])
                for s in scenarios
            ],
            budgets=None,
            title=_("Kosten per jaar per scenario"),
            budget_label=_("budget"),
            axis_title=_("euro"),
        )
    return render_page(request, "portfolio/scenarios/scenario_compare.html", context)
