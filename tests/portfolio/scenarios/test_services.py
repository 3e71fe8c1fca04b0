"""Scenarios: the problem built from the database, solving, conflicts, staleness, adoption."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pmo.actors import Actor
from pmo.models import AuditEntry
from pmo.versioning import StaleError
from portfolio.assessment.models import Criterion, Score
from portfolio.projects.models import Phase, Project, ProjectBudget
from portfolio.scenarios.messages import conflict_message
from portfolio.scenarios.models import Scenario, ScenarioRule
from portfolio.scenarios.selectors import scenario_changes, scenario_problem
from portfolio.scenarios.services import (
    parse_budgets,
    scenario_adopt,
    scenario_create,
    scenario_request_solve,
    scenario_rule_add,
    scenario_solve,
    scenario_update,
)
from tests.support.factories import ProjectBudgetFactory, ProjectFactory, scored_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio():
    """Four proposals: values 3, 2, 1.5 and -1 (weights .75/.25), each costing 100k in
    2027; a running project of value 0.5 costing 50k."""
    proposals = [
        ProjectFactory(code=f"P{i}", phase=Phase.DEFINITION, status="voorgesteld") for i in range(4)
    ]
    running = ProjectFactory(code="R0", phase=Phase.REALISATION)
    projects = [*proposals, running]
    framework = scored_framework(projects, values=[(3, 3), (2, 2), (2, 0), (-1, -1), (1, -1)])
    for project in proposals:
        ProjectBudgetFactory(project=project, year=2027, amount=Decimal("100000"))
    ProjectBudgetFactory(project=running, year=2027, amount=Decimal("50000"))
    return framework, {p.code: p for p in projects}


def create(analyst, framework, **kwargs):
    kwargs.setdefault("budgets", {"2027": "250000"})
    return scenario_create(actor=Actor.screen(analyst), framework=framework, name="S", **kwargs)


def test_budgets_must_name_an_amount_for_at_least_one_year():
    assert parse_budgets({"2027": "10", "2028": ""}) == {"2027": "10"}
    with pytest.raises(ValidationError):
        parse_budgets({"2027": ""})
    with pytest.raises(ValidationError):
        parse_budgets({"2027": "-5"})


def test_the_problem_holds_values_costs_and_committed_projects(analyst, portfolio):
    framework, projects = portfolio
    scenario = create(analyst, framework)
    built = scenario_problem(scenario)
    codes = [p.code for p in built.projects]
    values = dict(zip(codes, built.problem.values, strict=True))
    assert values["P0"] == pytest.approx(3.0) and values["P3"] == pytest.approx(-1.0)
    assert built.problem.costs[codes.index("R0"), 0] == 50000
    assert {codes[i] for i in built.problem.forced_in} == {"R0"}


def test_solving_picks_the_best_portfolio_within_budget(analyst, portfolio):
    framework, projects = portfolio
    scenario = create(analyst, framework)
    solved = scenario_solve(scenario_id=scenario.pk, version=scenario.version)
    chosen = {p.code for p in projects.values() if p.pk in solved.result["selected"]}
    # 250k: R0 (committed, 50k) + the two best proposals (200k).
    assert chosen == {"R0", "P0", "P1"}
    assert solved.result["status"] == "optimal"
    assert solved.result["cost_per_year"] == {"2027": 250000.0}
    assert solved.result["frontier"], "the efficient frontier comes with the result"
    assert solved.result_is_current


def test_a_rule_that_requires_another_project_changes_the_choice(analyst, portfolio):
    framework, projects = portfolio
    scenario = create(analyst, framework)
    scenario_rule_add(
        actor=Actor.screen(analyst),
        scenario=scenario,
        expected_version=scenario.version,
        kind=ScenarioRule.Kind.REQUIRES,
        project=projects["P0"],
        other=projects["P3"],
    )
    solved = scenario_solve(scenario_id=scenario.pk, version=scenario.version)
    chosen = {p.code for p in projects.values() if p.pk in solved.result["selected"]}
    # P0 with P3 is worth 3 - 1 = 2, the same as P1 alone, but both do not fit together
    # with P1; the optimum takes P0+P3 or P1+P2 (3.5): P1+P2 wins.
    assert chosen == {"R0", "P1", "P2"}


def test_conflicting_constraints_are_named_not_an_empty_selection(analyst, portfolio):
    framework, projects = portfolio
    scenario = create(analyst, framework, budgets={"2027": "120000"})
    scenario_rule_add(
        actor=Actor.screen(analyst),
        scenario=scenario,
        expected_version=scenario.version,
        kind=ScenarioRule.Kind.FORCED_IN,
        project=projects["P0"],
    )
    solved = scenario_solve(scenario_id=scenario.pk, version=scenario.version)
    assert solved.result["status"] == "infeasible"
    assert solved.result["selected"] == []
    (conflict,) = solved.result["conflicts"]
    assert conflict["kind"] == "forced_in_over_budget"
    message = conflict_message(conflict)
    assert "P0" in message and "R0" in message and "2027" in message
    assert "150.000" in message and "120.000" in message


def test_excluded_pair_both_forced_in_is_named(analyst, portfolio):
    framework, projects = portfolio
    scenario = create(analyst, framework)
    for kind, project, other in (
        (ScenarioRule.Kind.FORCED_IN, "P1", None),
        (ScenarioRule.Kind.FORCED_IN, "P2", None),
        (ScenarioRule.Kind.EXCLUDES, "P1", "P2"),
    ):
        scenario_rule_add(
            actor=Actor.screen(analyst),
            scenario=scenario,
            expected_version=scenario.version,
            kind=kind,
            project=projects[project],
            other=projects[other] if other else None,
        )
    solved = scenario_solve(scenario_id=scenario.pk, version=scenario.version)
    messages = [conflict_message(c) for c in solved.result["conflicts"]]
    assert any("P1" in m and "P2" in m and "sluiten elkaar uit" in m for m in messages)


def test_a_maximum_number_of_projects_is_a_constraint(analyst, portfolio):
    framework, projects = portfolio
    scenario = create(analyst, framework, budgets={"2027": "1000000"}, max_projects=2)
    solved = scenario_solve(scenario_id=scenario.pk, version=scenario.version)
    chosen = {p.code for p in projects.values() if p.pk in solved.result["selected"]}
    assert chosen == {"R0", "P0"}


def test_a_late_solve_for_an_old_version_stores_nothing(analyst, portfolio):
    framework, _projects = portfolio
    scenario = create(analyst, framework)
    old = scenario.version
    scenario_update(
        actor=Actor.screen(analyst),
        scenario=scenario,
        expected_version=old,
        budgets={"2027": "100000"},
    )
    assert scenario_solve(scenario_id=scenario.pk, version=old) is None
    scenario.refresh_from_db()
    assert scenario.result == {} and not scenario.result_is_current


def test_editing_with_a_stale_version_is_refused(analyst, portfolio):
    framework, _projects = portfolio
    scenario = create(analyst, framework)
    with pytest.raises(StaleError):
        scenario_update(
            actor=Actor.screen(analyst),
            scenario=scenario,
            expected_version=scenario.version + 1,
            name="X",
        )


def test_requesting_a_solve_runs_the_task_after_commit(
    analyst, portfolio, django_capture_on_commit_callbacks
):
    framework, _projects = portfolio
    scenario = create(analyst, framework)
    with django_capture_on_commit_callbacks(execute=True):
        scenario_request_solve(actor=Actor.screen(analyst), scenario=scenario)
    scenario.refresh_from_db()
    assert scenario.state == Scenario.State.DONE and scenario.result_is_current


def test_adoption_needs_a_current_result_and_reasoning_and_is_recorded(
    analyst, board_member, portfolio
):
    framework, _projects = portfolio
    scenario = create(analyst, framework)
    with pytest.raises(ValidationError, match="actueel"):
        scenario_adopt(
            actor=Actor.screen(board_member),
            scenario=scenario,
            expected_version=scenario.version,
            reasoning="Akkoord",
        )
    scenario_solve(scenario_id=scenario.pk, version=scenario.version)
    with pytest.raises(ValidationError):
        scenario_adopt(
            actor=Actor.screen(board_member),
            scenario=scenario,
            expected_version=scenario.version,
            reasoning=" ",
        )
    adopted = scenario_adopt(
        actor=Actor.screen(board_member),
        scenario=scenario,
        expected_version=scenario.version,
        reasoning="Past binnen de begroting",
    )
    assert adopted.adopted_by == board_member and adopted.result_is_current
    entry = AuditEntry.objects.filter(actor=board_member).latest("at")
    assert entry.changes == {"vastgesteld": ["", "Past binnen de begroting"]}
    # An adopted scenario no longer changes.
    with pytest.raises(ValidationError, match="vastgesteld"):
        scenario_update(
            actor=Actor.screen(analyst),
            scenario=adopted,
            expected_version=adopted.version,
            name="Anders",
        )


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ("score", "scores"),
        ("weight", "gewichten"),
        ("cost", "kosten"),
        ("closed", "kandidaten"),
    ],
)
def test_a_scenario_whose_inputs_changed_since_its_solve_is_stale_and_not_adoptable(
    analyst, board_member, portfolio, change, named
):
    """A changed score, weight, cost or candidate makes the solved result 'verouderd'
    with what changed; the board cannot adopt it until it is solved again."""
    framework, projects = portfolio
    scenario = create(analyst, framework)
    solved = scenario_solve(scenario_id=scenario.pk, version=scenario.version)
    assert scenario_changes(solved) == []
    if change == "score":
        Score.objects.filter(project=projects["P3"], criterion__name="Veiligheid").update(value=3)
    elif change == "weight":
        Criterion.objects.filter(framework=framework, name="Veiligheid").update(weight=0.5)
    elif change == "cost":
        ProjectBudget.objects.filter(project=projects["P1"]).update(amount=Decimal("90000"))
    else:
        Project.objects.filter(pk=projects["P2"].pk).update(status="gestopt")
    assert scenario_changes(solved) == [named]
    with pytest.raises(ValidationError, match=named):
        scenario_adopt(
            actor=Actor.screen(board_member),
            scenario=solved,
            expected_version=solved.version,
            reasoning="Akkoord",
        )
    again = scenario_solve(scenario_id=scenario.pk, version=solved.version)
    assert scenario_changes(again) == []
    scenario_adopt(
        actor=Actor.screen(board_member),
        scenario=again,
        expected_version=again.version,
        reasoning="Akkoord",
    )


def test_a_result_solved_before_inputs_were_kept_is_not_vouched_for(analyst, portfolio):
    framework, _projects = portfolio
    scenario = create(analyst, framework)
    solved = scenario_solve(scenario_id=scenario.pk, version=scenario.version)
    Scenario.objects.filter(pk=solved.pk).update(
        result={k: v for k, v in solved.result.items() if k != "inputs"}
    )
    solved.refresh_from_db()
    assert "scores" in scenario_changes(solved)


def test_a_statutory_project_is_in_every_scenario_whatever_the_rules(analyst, portfolio):
    """P3 has the worst value; marked statutory it is taken in, even against a rule."""
    framework, projects = portfolio
    Project.objects.filter(pk=projects["P3"].pk).update(statutory=True)
    scenario = create(analyst, framework)
    scenario_rule_add(
        actor=Actor.screen(analyst),
        scenario=scenario,
        expected_version=scenario.version,
        kind=ScenarioRule.Kind.FORCED_OUT,
        project=projects["P3"],
    )
    scenario.refresh_from_db()
    solved = scenario_solve(scenario_id=scenario.pk, version=scenario.version)
    assert projects["P3"].pk in solved.result["selected"]
    assert solved.result["statutory"] == [projects["P3"].pk]


def test_amounts_too_large_for_the_solver_fail_with_their_own_reason(
    analyst, portfolio, monkeypatch, client
):
    """The engine refuses amounts HiGHS cannot represent (BadlyScaledError); the scenario
    says so instead of inventing a conflict or asking to try again. The models' amount
    fields cannot hold such amounts today, so the engine's refusal is simulated here."""
    from portfolio.scenarios import services
    from portfolio.scoring.selection import BadlyScaledError

    def too_large(problem, **kwargs):
        raise BadlyScaledError("costs", 2e15, 1e15)

    monkeypatch.setattr(services, "select", too_large)
    framework, _projects = portfolio
    scenario = create(analyst, framework)
    assert scenario_solve(scenario_id=scenario.pk, version=scenario.version) is None
    scenario.refresh_from_db()
    assert scenario.state == Scenario.State.FAILED
    assert scenario.result == {"error": "badly_scaled", "input": "costs", "largest": 2e15}
    client.force_login(analyst)
    page = client.get(reverse("scenarios:scenario_detail", args=[scenario.pk])).text
    assert "De bedragen zijn te groot om mee te rekenen" in page
    assert "Probeer het opnieuw" not in page


def test_a_failed_solve_shows_its_page_with_the_retry_advice(analyst, portfolio, client):
    framework, _projects = portfolio
    scenario = create(analyst, framework)
    Scenario.objects.filter(pk=scenario.pk).update(
        state=Scenario.State.FAILED, result={"error": "RuntimeError: HiGHS refused the model"}
    )
    client.force_login(analyst)
    response = client.get(reverse("scenarios:scenario_detail", args=[scenario.pk]))
    assert response.status_code == 200
    assert "De berekening is mislukt. Probeer het opnieuw" in response.text
