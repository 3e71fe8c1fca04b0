"""The selection engine against brute force, hand-made conflicts, the frontier and bad input.

Pure NumPy/SciPy: no database, so these run without the db fixture.
"""

import time
from dataclasses import replace

import numpy as np
import pytest
from scipy.optimize import OptimizeResult

from portfolio.scoring.selection import (
    Conflict,
    ConstraintGroup,
    FrontierPoint,
    SelectionProblem,
    diagnose_conflicts,
    efficient_frontier,
    efficient_frontier_points,
    select,
)
from portfolio.scoring.selection import conflicts as engine_conflicts
from portfolio.scoring.selection import frontier as engine_frontier
from portfolio.scoring.selection import problem as engine_problem
from portfolio.scoring.selection import solve as engine_solve

TOL = 1e-6


# ------------------------------------------------------------------------------ helpers


def random_problem(seed: int) -> SelectionProblem:
    """Small random instance with budgets at 40-60% of total cost and a few rules."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 11))
    years = int(rng.integers(2, 4))
    resources = int(rng.integers(0, 4))
    values = rng.normal(4.0, 5.0, n)  # roughly one in five negative
    costs = rng.uniform(0.0, 10.0, (n, years)) * (rng.random((n, years)) > 0.15)
    budgets = costs.sum(axis=0) * rng.uniform(0.4, 0.6, years)
    demand = capacity = None
    if resources:
        demand = rng.uniform(0.0, 5.0, (n, resources)) * (rng.random((n, resources)) > 0.3)
        capacity = demand.sum(axis=0) * rng.uniform(0.4, 0.6, resources)

    def pairs(count: int) -> tuple[tuple[int, int], ...]:
        found = []
        for _ in range(count):
            a, b = rng.choice(n, size=2, replace=False)
            found.append((int(a), int(b)))
        return tuple(found)

    order = rng.permutation(n)
    forced_in_count = int(rng.integers(0, 3))
    forced_out_count = int(rng.integers(0, 2))
    return SelectionProblem(
        values=values,
        costs=costs,
        budgets=budgets,
        demand=demand,
        capacity=capacity,
        requires=pairs(int(rng.integers(0, 4))),
        excludes=pairs(int(rng.integers(0, 3))),
        forced_in=frozenset(int(i) for i in order[:forced_in_count]),
        forced_out=frozenset(
            int(i) for i in order[forced_in_count : forced_in_count + forced_out_count]
        ),
    )


def feasible_mask(problem: SelectionProblem, subsets: np.ndarray) -> np.ndarray:
    """Which rows of a 0/1 matrix (subsets x n) satisfy every constraint of the problem."""
    ok = (subsets @ problem.costs <= problem.budgets + 1e-9).all(axis=1)
    if problem.demand is not None:
        ok &= (subsets @ problem.demand <= problem.capacity + 1e-9).all(axis=1)
    for a, b in problem.requires:
        ok &= subsets[:, a] <= subsets[:, b]
    for a, b in problem.excludes:
        ok &= subsets[:, a] + subsets[:, b] <= 1
    for i in problem.forced_in:
        ok &= subsets[:, i] == 1
    for i in problem.forced_out:
        ok &= subsets[:, i] == 0
    return ok


def brute_force(problem: SelectionProblem) -> float | None:
    """Best value over all 2^n subsets, or None when no subset is feasible."""
    n = len(problem.values)
    subsets = (np.arange(2**n)[:, None] >> np.arange(n)) & 1
    ok = feasible_mask(problem, subsets)
    if not ok.any():
        return None
    return float((subsets[ok] @ problem.values).max())


def indicator(n: int, selected: tuple[int, ...]) -> np.ndarray:
    x = np.zeros((1, n), dtype=int)
    x[0, list(selected)] = 1
    return x


def simple(**overrides) -> SelectionProblem:
    """Four projects, two years, two resources; overrides set the rules under test."""
    base = SelectionProblem(
        values=np.array([5.0, 4.0, 3.0, -1.0]),
        costs=np.array([[4.0, 1.0], [3.0, 1.0], [2.0, 1.0], [1.0, 0.0]]),
        budgets=np.array([8.0, 10.0]),
        demand=np.array([[2.0, 0.0], [1.0, 1.0], [0.0, 3.0], [1.0, 1.0]]),
        capacity=np.array([3.0, 4.0]),
    )
    return replace(base, **overrides)


def only(conflicts: tuple[Conflict, ...], kind: str) -> list[Conflict]:
    return [conflict for conflict in conflicts if conflict.kind == kind]


def codes(conflicts: tuple[Conflict, ...]) -> tuple[str, ...]:
    assert all(isinstance(conflict, Conflict) for conflict in conflicts)
    return tuple(conflict.code for conflict in conflicts)


# ------------------------------------------------------------------------- brute force


@pytest.mark.parametrize("seed", range(200))
def test_matches_brute_force(seed):
    problem = random_problem(seed)
    expected = brute_force(problem)
    result = select(problem)

    if expected is None:
        assert result.status == "infeasible"
        assert result.selected == ()
        assert result.conflicts
        assert all(isinstance(conflict, Conflict) for conflict in result.conflicts)
        assert diagnose_conflicts(problem)
        return

    n = len(problem.values)
    assert result.status == "optimal"
    assert result.value == pytest.approx(expected, abs=TOL)
    assert feasible_mask(problem, indicator(n, result.selected))[0]
    assert list(result.selected) == sorted(set(result.selected))
    assert result.value == pytest.approx(problem.values[list(result.selected)].sum())
    np.testing.assert_allclose(result.cost_per_year, problem.costs[list(result.selected)].sum(0))
    if problem.demand is None:
        assert result.demand_used is None
    else:
        np.testing.assert_allclose(result.demand_used, problem.demand[list(result.selected)].sum(0))
    assert 0.0 <= result.gap <= 1e-6
    assert result.conflicts == ()
    assert diagnose_conflicts(problem) == ()


def test_random_instances_cover_both_outcomes():
    """Guard the generator: the brute-force test means little if all cases look alike."""
    outcomes = [brute_force(random_problem(seed)) is None for seed in range(200)]
    assert 5 <= sum(outcomes) <= 150


# ------------------------------------------------------------------- cheap conflicts


def test_forced_in_over_budget():
    problem = simple(forced_in=frozenset({0, 1}), budgets=np.array([6.0, 10.0]))
    conflicts = diagnose_conflicts(problem)
    [conflict] = only(conflicts, "forced_in_over_budget")
    assert conflict.detail == {"year": 0, "cost": 7.0, "budget": 6.0, "projects": (0, 1)}
    result = select(problem)
    assert result.status == "infeasible"
    assert result.selected == ()
    assert "forced_in_over_budget:year=0" in codes(result.conflicts)
    assert conflict in result.conflicts


def test_forced_in_over_capacity():
    problem = simple(forced_in=frozenset({0, 1, 3}))
    [conflict] = diagnose_conflicts(problem)
    assert conflict.kind == "forced_in_over_capacity"
    assert conflict.detail == {
        "resource": 0,
        "demand": 4.0,
        "capacity": 3.0,
        "projects": (0, 1, 3),
    }
    assert codes(select(problem).conflicts) == ("forced_in_over_capacity:resource=0",)


def test_forced_in_excluded():
    problem = simple(forced_in=frozenset({0, 2}), excludes=((1, 3), (2, 0)))
    [conflict] = diagnose_conflicts(problem)
    assert conflict.kind == "forced_in_excluded"
    assert conflict.detail == {"a": 2, "b": 0}
    assert codes(select(problem).conflicts) == ("forced_in_excluded:a=2,b=0",)


def test_forced_in_requires_forced_out_follows_chains():
    problem = simple(
        budgets=np.array([10.0, 10.0]),
        requires=((0, 1), (1, 2)),
        forced_in=frozenset({0}),
        forced_out=frozenset({2}),
    )
    [conflict] = diagnose_conflicts(problem)
    assert conflict.kind == "forced_in_requires_forced_out"
    assert conflict.detail == {"a": 0, "b": 2, "chain": (0, 1, 2)}
    assert codes(select(problem).conflicts) == ("forced_in_requires_forced_out:a=0,b=2",)


def test_requires_excluded_with_forced_project():
    problem = simple(
        budgets=np.array([10.0, 10.0]),
        requires=((0, 1), (1, 2)),
        excludes=((2, 0),),
        forced_in=frozenset({0}),
    )
    [conflict] = diagnose_conflicts(problem)
    assert conflict.kind == "requires_excluded"
    assert conflict.detail == {"a": 2, "b": 0, "chain_a": (0, 1, 2), "chain_b": (0,)}


def test_requires_excluded_between_two_implied_projects():
    problem = simple(
        budgets=np.array([10.0, 10.0]),
        requires=((0, 1), (0, 2)),
        excludes=((1, 2),),
        forced_in=frozenset({0}),
    )
    [conflict] = diagnose_conflicts(problem)
    assert conflict.kind == "requires_excluded"
    assert conflict.detail == {"a": 1, "b": 2, "chain_a": (0, 1), "chain_b": (0, 2)}
    assert codes(select(problem).conflicts) == ("requires_excluded:a=1,b=2",)


def test_closure_over_budget():
    problem = simple(budgets=np.array([6.0, 10.0]), requires=((0, 1),), forced_in=frozenset({0}))
    [conflict] = diagnose_conflicts(problem)
    assert conflict.kind == "closure_over_budget"
    assert conflict.detail == {
        "year": 0,
        "cost": 7.0,
        "budget": 6.0,
        "projects": (0, 1),
        "added": (1,),
    }
    assert codes(select(problem).conflicts) == ("closure_over_budget:year=0",)


def test_closure_over_capacity():
    problem = simple(capacity=np.array([3.0, 3.5]), requires=((1, 2),), forced_in=frozenset({1}))
    [conflict] = diagnose_conflicts(problem)
    assert conflict.kind == "closure_over_capacity"
    assert conflict.detail == {
        "resource": 1,
        "demand": 4.0,
        "capacity": 3.5,
        "projects": (1, 2),
        "added": (2,),
    }
    assert codes(select(problem).conflicts) == ("closure_over_capacity:resource=1",)


def test_several_conflicts_are_all_reported_most_direct_first():
    problem = simple(
        budgets=np.array([6.0, 10.0]),
        capacity=np.array([3.0, 10.0]),
        forced_in=frozenset({0, 1, 2, 3}),
        excludes=((0, 2),),
    )
    kinds = [conflict.kind for conflict in diagnose_conflicts(problem)]
    assert kinds == ["forced_in_over_budget", "forced_in_over_capacity", "forced_in_excluded"]


def test_feasible_problem_has_no_conflicts():
    problem = simple(requires=((0, 1),), forced_in=frozenset({0}))
    assert diagnose_conflicts(problem) == ()
    assert select(problem).status == "optimal"


def switch_off_cheap_checks(monkeypatch) -> None:
    """The cheap checks are complete, so only without them does the deletion filter run."""
    monkeypatch.setattr(engine_conflicts, "cheap_conflicts", lambda problem: ())
    monkeypatch.setattr(engine_solve, "cheap_conflicts", lambda problem: ())


def test_deletion_filter_finds_minimal_conflicting_groups(monkeypatch):
    """With the cheap checks switched off, the fallback must isolate the same cause."""
    switch_off_cheap_checks(monkeypatch)
    problem = simple(
        budgets=np.array([6.0, 10.0]),
        forced_in=frozenset({0, 1}),
        forced_out=frozenset({3}),
        requires=((2, 3),),
        excludes=((1, 3),),
    )
    [conflict] = diagnose_conflicts(problem)
    assert conflict.kind == "minimal_conflict"
    assert set(conflict.detail["groups"]) == {
        ConstraintGroup("budget", year=0),
        ConstraintGroup("forced_in", project=0),
        ConstraintGroup("forced_in", project=1),
    }
    result = select(problem)
    assert result.status == "infeasible"
    assert result.selected == ()
    [code] = codes(result.conflicts)
    assert code.startswith("minimal_conflict:")
    assert "budget:year=0" in code


@pytest.mark.parametrize(
    ("overrides", "groups"),
    [
        (
            {"requires": ((0, 1),), "excludes": ((1, 0),), "forced_in": frozenset({0})},
            (
                ConstraintGroup("requires", a=0, b=1),
                ConstraintGroup("excludes", a=1, b=0),
                ConstraintGroup("forced_in", project=0),
            ),
        ),
        (
            {"requires": ((2, 1),), "forced_in": frozenset({2}), "forced_out": frozenset({1})},
            (
                ConstraintGroup("requires", a=2, b=1),
                ConstraintGroup("forced_in", project=2),
                ConstraintGroup("forced_out", project=1),
            ),
        ),
        (
            {"forced_in": frozenset({0, 1, 3})},
            (
                ConstraintGroup("capacity", resource=0),
                ConstraintGroup("forced_in", project=0),
                ConstraintGroup("forced_in", project=1),
                ConstraintGroup("forced_in", project=3),
            ),
        ),
    ],
)
def test_minimal_conflict_names_typed_constraint_groups(monkeypatch, overrides, groups):
    switch_off_cheap_checks(monkeypatch)
    problem = simple(budgets=np.array([10.0, 10.0]), **overrides)
    result = select(problem)
    assert result.status == "infeasible"
    [conflict] = result.conflicts
    assert isinstance(conflict, Conflict)
    assert conflict.kind == "minimal_conflict"
    assert all(isinstance(group, ConstraintGroup) for group in conflict.detail["groups"])
    # Row groups in model order (budgets, capacity, requires, excludes), then the bounds.
    assert conflict.detail["groups"] == groups
    assert conflict.code == "minimal_conflict:" + ";".join(group.code for group in groups)
    assert diagnose_conflicts(problem) == (conflict,)


def test_constraint_group_codes_and_fields():
    assert ConstraintGroup("budget", year=2).code == "budget:year=2"
    assert ConstraintGroup("capacity", resource=0).code == "capacity:resource=0"
    assert ConstraintGroup("excludes", a=3, b=1).code == "excludes:a=3,b=1"
    assert ConstraintGroup("forced_out", project=4).code == "forced_out:project=4"
    with pytest.raises(ValueError, match="unknown constraint group kind"):
        ConstraintGroup("deadline", year=0)
    with pytest.raises(ValueError, match="a requires group needs b"):
        ConstraintGroup("requires", a=1)
    with pytest.raises(ValueError, match="a budget group takes no project"):
        ConstraintGroup("budget", year=0, project=1)


def test_time_limit_without_incumbent_falls_back_to_forced_closure(monkeypatch):
    """HiGHS may stop before finding any portfolio; the forced closure is always feasible."""
    monkeypatch.setattr(
        engine_problem,
        "milp",
        lambda *args, **kwargs: OptimizeResult(
            status=1, x=None, mip_gap=None, message="Time limit reached"
        ),
    )
    result = select(simple(requires=((0, 1),), forced_in=frozenset({0})))
    assert result.status == "time_limit"
    assert result.selected == (0, 1)
    assert result.value == pytest.approx(9.0)
    assert result.gap == float("inf")


# ------------------------------------------------------------------ efficient frontier


def frontier_problem() -> SelectionProblem:
    rng = np.random.default_rng(7)
    n = 12
    costs = rng.uniform(1.0, 10.0, (n, 3))
    costs[[0, 5, 9]] = 0.0  # free projects; 9 has negative value
    values = rng.uniform(1.0, 10.0, n)
    values[9] = -2.0
    return SelectionProblem(
        values=values,
        costs=costs,
        budgets=costs.sum(axis=0) * 0.5,
        requires=((3, 4),),
        excludes=((6, 7),),
    )


def test_efficient_frontier():
    problem = frontier_problem()
    # Same gap as select(), so the last point must match it exactly.
    frontier = efficient_frontier(problem, points=25, mip_rel_gap=1e-6)

    assert len(frontier) == 25
    levels = [level for level, _, _ in frontier]
    np.testing.assert_allclose(levels, np.linspace(0, 1, 25) * problem.budgets.sum())
    values = [value for _, value, _ in frontier]
    assert all(later >= earlier for earlier, later in zip(values, values[1:], strict=False))
    assert values[-1] > values[0]

    full = select(problem)
    assert values[-1] == pytest.approx(full.value, abs=TOL)

    _, first_value, first_selected = frontier[0]
    assert first_selected == (0, 5)
    assert not problem.costs[list(first_selected)].any()
    assert first_value == pytest.approx(problem.values[[0, 5]].sum())

    n = len(problem.values)
    for factor, (_, value, chosen) in zip(np.linspace(0, 1, 25), frontier, strict=True):
        scaled = replace(problem, budgets=problem.budgets * factor)
        assert feasible_mask(scaled, indicator(n, chosen))[0]
        assert value == pytest.approx(problem.values[list(chosen)].sum())


def test_efficient_frontier_keeps_unlimited_years_unlimited():
    problem = replace(frontier_problem(), budgets=np.array([np.inf, 0.0, np.inf]))
    frontier = efficient_frontier(problem, points=3)
    assert [level for level, _, _ in frontier] == [np.inf] * 3
    # Only year 1 binds, at zero: exactly the projects free in that year are affordable.
    free_in_year_1 = problem.costs[:, 1] == 0
    assert all(free_in_year_1[list(chosen)].all() for _, _, chosen in frontier)


def test_efficient_frontier_single_point_is_full_budget():
    problem = frontier_problem()
    [(level, value, chosen)] = efficient_frontier(problem, points=1)
    assert level == pytest.approx(problem.budgets.sum())
    assert value == pytest.approx(select(problem).value)


def test_efficient_frontier_skips_levels_without_any_portfolio():
    problem = replace(frontier_problem(), forced_in=frozenset({1}))
    frontier = efficient_frontier(problem, points=5)
    assert len(frontier) < 5
    assert all(1 in chosen for _, _, chosen in frontier)
    assert frontier[-1][1] == pytest.approx(select(problem).value)


# -------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"values": np.ones((4, 1))}, "values must be 1-dimensional"),
        ({"values": np.array([1.0, np.nan, 1.0, 1.0])}, "values contains NaN"),
        ({"costs": np.ones((3, 2))}, "costs has 3 rows, expected 4"),
        ({"budgets": np.ones(3)}, "costs has 2 years but budgets has 3"),
        ({"costs": -np.ones((4, 2))}, "costs must be non-negative"),
        ({"budgets": np.array([1.0, -1.0])}, "budgets must be non-negative"),
        ({"capacity": np.array([1.0, -1.0])}, "capacities must be non-negative"),
        ({"demand": -np.ones((4, 2))}, "demand must be non-negative"),
        ({"capacity": None}, "demand and capacity must be given together"),
        ({"demand": np.ones((5, 2))}, "demand has 5 rows, expected 4"),
        ({"capacity": np.ones(3)}, "demand has 2 resources but capacity has 3"),
        ({"forced_in": frozenset({4})}, "forced_in: index 4 out of range"),
        ({"forced_out": frozenset({-1})}, "forced_out: index -1 out of range"),
        ({"requires": ((0, 9),)}, "requires: index 9 out of range"),
        ({"excludes": ((0, 1.5),)}, "excludes: index 1.5 is not an integer"),
        (
            {"forced_in": frozenset({1, 2}), "forced_out": frozenset({2})},
            r"projects \[2\] are both forced in and forced out",
        ),
        ({"requires": ((1, 1),)}, "requires: project 1 cannot refer to itself"),
        ({"excludes": ((2, 2),)}, "excludes: project 2 cannot refer to itself"),
    ],
)
def test_invalid_input_is_rejected(overrides, message):
    problem = simple(**overrides)
    with pytest.raises(ValueError, match=message):
        select(problem)
    with pytest.raises(ValueError, match=message):
        diagnose_conflicts(problem)
    with pytest.raises(ValueError, match=message):
        efficient_frontier(problem, points=2)


def test_frontier_needs_at_least_one_point():
    with pytest.raises(ValueError, match="points must be at least 1"):
        efficient_frontier(simple(), points=0)


def test_no_candidates_gives_empty_optimal_selection():
    problem = SelectionProblem(values=np.zeros(0), costs=np.zeros((0, 2)), budgets=np.ones(2))
    result = select(problem)
    assert result.status == "optimal"
    assert result.selected == ()
    assert result.value == 0.0


# ------------------------------------------------- projects of no value required by others


def chain_problem(**overrides) -> SelectionProblem:
    """0 is worth 5 but needs 1, which needs 2; 1 and 2 are worth less than nothing."""
    base = SelectionProblem(
        values=np.array([5.0, -1.0, -2.0, -1.0, 0.0]),
        costs=np.ones((5, 1)),
        budgets=np.array([4.0]),
        requires=((0, 1), (1, 2)),
    )
    return replace(base, **overrides)


def test_required_negative_projects_are_chosen_when_needed():
    result = select(chain_problem())
    assert result.selected == (0, 1, 2)
    assert result.value == pytest.approx(2.0)


def test_required_negative_projects_are_left_out_when_not_worth_it():
    result = select(chain_problem(values=np.array([2.5, -1.0, -2.0, -1.0, 0.0])))
    assert result.selected == ()
    assert result.value == 0.0


def test_negative_project_in_a_requires_cycle_with_a_valuable_one():
    assert select(chain_problem(requires=((0, 1), (1, 0)))).selected == (0, 1)


def test_forced_in_negative_project_is_kept():
    assert select(chain_problem(forced_in=frozenset({3}))).selected == (0, 1, 2, 3)


# ----------------------------------------------------------------------- time limits


def hard_problem(n: int = 400, seed: int = 5) -> SelectionProblem:
    """Random multi-dimensional knapsack: HiGHS needs well over a second to prove it."""
    rng = np.random.default_rng(seed)
    costs = rng.random((n, 5)) * rng.choice([1.0, 5.0, 20.0], size=(n, 1))
    demand = rng.random((n, 120)) * (rng.random((n, 120)) < 0.05)
    return SelectionProblem(
        values=rng.normal(1.0, 1.0, n),
        costs=costs,
        budgets=costs.sum(axis=0) * 0.5,
        demand=demand,
        capacity=demand.sum(axis=0) * 0.6,
    )


def test_select_honours_its_time_limit():
    problem = hard_problem()
    started = time.perf_counter()
    result = select(problem, time_limit=0.5)
    assert time.perf_counter() - started < 0.5 + 0.2
    assert result.status == "time_limit"
    assert feasible_mask(problem, indicator(len(problem.values), result.selected))[0]
    assert result.bound > result.value
    assert result.gap == pytest.approx((result.bound - result.value) / result.value, rel=1e-3)


def test_select_without_time_for_the_solver_returns_the_forced_closure():
    problem = replace(hard_problem(), requires=((0, 1),), forced_in=frozenset({0}))
    result = select(problem, time_limit=1e-3)
    assert result.status == "time_limit"
    assert result.selected == (0, 1)
    assert result.gap == result.bound == float("inf")


def test_optimal_selection_reports_its_bound():
    result = select(simple())
    assert result.status == "optimal"
    assert result.bound == pytest.approx(result.value, rel=1e-4)


@pytest.mark.parametrize("limit", [0.0, -1.0, float("nan")])
def test_time_limits_must_be_positive(limit):
    with pytest.raises(ValueError, match="time_limit must be positive"):
        select(simple(), time_limit=limit)
    with pytest.raises(ValueError, match="time_limit must be positive"):
        efficient_frontier(simple(), time_limit=limit)
    with pytest.raises(ValueError, match="time_limit_per_point must be positive"):
        efficient_frontier(simple(), time_limit_per_point=limit)


def test_deletion_filter_past_its_deadline_may_explain_less_but_never_wrongly():
    infeasible = simple(forced_in=frozenset({0, 1}), budgets=np.array([6.0, 10.0]))
    problem = engine_problem.validated(infeasible)
    rows = engine_problem.build_rows(problem)
    assert ConstraintGroup("budget", year=0) in engine_conflicts._deletion_filter(problem, rows)
    assert engine_conflicts._deletion_filter(problem, rows, time.perf_counter() - 1.0) == ()


# ------------------------------------------------------------------ frontier report


def test_frontier_points_report_status_gap_and_bound():
    problem = frontier_problem()
    points = efficient_frontier_points(problem, points=6, mip_rel_gap=1e-6)
    assert [(p.budget_total, p.value, p.selected) for p in points] == efficient_frontier(
        problem, points=6, mip_rel_gap=1e-6
    )
    for point in points:
        assert isinstance(point, FrontierPoint)
        assert point.status == "optimal"
        assert 0.0 <= point.gap <= 1e-6
        assert point.bound >= point.value - TOL
        assert not point.carried


def test_frontier_is_the_same_with_one_worker_or_several():
    problem = frontier_problem()
    one = efficient_frontier(problem, points=9, mip_rel_gap=1e-6, workers=1)
    several = efficient_frontier(problem, points=9, mip_rel_gap=1e-6, workers=3)
    np.testing.assert_allclose(
        [(level, value) for level, value, _ in one],
        [(level, value) for level, value, _ in several],
        atol=TOL,
    )


@pytest.mark.parametrize("workers", [1, 2])
def test_frontier_stays_within_its_total_time_limit(workers):
    problem = hard_problem(400)
    started = time.perf_counter()
    points = efficient_frontier_points(problem, points=8, time_limit=1.5, workers=workers)
    # The limit bounds the solver; starting the worker processes on a busy two-core
    # machine adds up to half a second (0.3 s was seen to fail under the full suite).
    assert time.perf_counter() - started < 1.5 + 0.6
    assert len(points) == 8
    values = [point.value for point in points]
    assert values == sorted(values)
    assert any(point.status == "time_limit" for point in points)
    for factor, point in zip(np.linspace(0, 1, 8), points, strict=True):
        scaled = replace(problem, budgets=problem.budgets * factor)
        assert feasible_mask(scaled, indicator(len(problem.values), point.selected))[0]
        assert point.gap >= 0.0
        assert point.bound >= point.value


def test_frontier_keeps_the_previous_portfolio_when_a_level_comes_back_worse(monkeypatch):
    """A time-limited level may find less than the level below; that one still fits."""
    problem = frontier_problem()
    real_solve = engine_frontier.solve_model
    calls = []

    def weak_last_level(model, budgets, time_limit, mip_rel_gap):
        calls.append(budgets)
        result = real_solve(model, budgets, time_limit, mip_rel_gap)
        if len(calls) == 3:
            return OptimizeResult(
                status=1,
                x=np.zeros(len(problem.values)),
                mip_gap=1.0,
                mip_dual_bound=result.mip_dual_bound,
                message="Time limit reached",
            )
        return result

    monkeypatch.setattr(engine_frontier, "solve_model", weak_last_level)
    _, second, third = efficient_frontier_points(problem, points=3, workers=1)
    assert third.carried
    assert third.status == "time_limit"
    assert third.selected == second.selected
    assert third.value == second.value
    assert third.bound >= third.value
    assert third.gap == pytest.approx((third.bound - third.value) / third.value)


def test_frontier_without_candidates():
    problem = SelectionProblem(values=np.zeros(0), costs=np.zeros((0, 2)), budgets=np.ones(2))
    points = efficient_frontier_points(problem, points=3)
    assert [(p.value, p.selected, p.status) for p in points] == [(0.0, (), "optimal")] * 3


def test_frontier_needs_at_least_one_worker():
    with pytest.raises(ValueError, match="workers must be at least 1"):
        efficient_frontier(simple(), points=2, workers=0)


def test_frontier_from_the_smallest_feasible_budget_past_the_full_one():
    from portfolio.scoring.selection import smallest_feasible_factor

    problem = SelectionProblem(
        values=np.array([1.0, 2.0, 3.0]),
        costs=np.array([[40.0], [30.0], [50.0]]),
        budgets=np.array([100.0]),
        forced_in=frozenset({0}),
    )
    assert smallest_feasible_factor(problem) == pytest.approx(0.4)
    assert smallest_feasible_factor(replace(problem, forced_in=frozenset())) == 0.0
    frontier = efficient_frontier(problem, points=5, low=0.4, high=1.2, workers=1)
    budgets = [point[0] for point in frontier]
    assert budgets == pytest.approx([40.0, 60.0, 80.0, 100.0, 120.0])
    # 40: only the forced one; 80: + the 30; 100: 0 + 2 (40 + 50 = 90); 120: all three.
    assert [point[1] for point in frontier] == pytest.approx([1.0, 1.0, 3.0, 4.0, 6.0])
    with pytest.raises(ValueError):
        efficient_frontier(problem, low=1.0, high=0.5)
