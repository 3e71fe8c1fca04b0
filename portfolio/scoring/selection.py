"""Optimal 0/1 portfolio selection as a mixed-integer linear program (HiGHS via SciPy).

Why a MILP instead of ranking by score and filling the budget greedily: greedy ranking
ignores that a cheap, slightly less valuable project can leave room for two others, and it
cannot honour dependencies ("a needs b"), mutual exclusions or team capacity at the same
time. The MILP maximises total value under all of those at once and tells us how close to
proven optimal the answer is.

Pure computation on purpose: plain NumPy/dataclasses in and out, no Django, so the engine
can be tested exhaustively against brute force and reused from views, tasks and scripts.

Model, for candidates i and binary x_i (1 = selected)::

    maximise    sum_i v_i x_i
    subject to  sum_i C[i, y] x_i <= B[y]        for every year y
                sum_i D[i, r] x_i <= K[r]        for every resource r (team-month)
                x_a - x_b <= 0                   for every (a requires b)
                x_a + x_b <= 1                   for every (a excludes b)
                x_i = 1 for i in forced_in,  x_i = 0 for i in forced_out

Because costs and demand are non-negative, the problem is feasible exactly when the
requires-closure of the forced-in set fits every budget and capacity, contains no excluded
pair and no forced-out project. The cheap checks in ``diagnose_conflicts`` test precisely
that; the deletion filter is a safety net for numerical disagreements with the solver.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp

__all__ = [
    "Conflict",
    "FrontierPoint",
    "Selection",
    "SelectionProblem",
    "diagnose_conflicts",
    "efficient_frontier",
    "efficient_frontier_points",
    "select",
    "smallest_feasible_factor",
]

# scipy.optimize.milp status codes.
_MILP_OPTIMAL = 0
_MILP_LIMIT = 1
_MILP_INFEASIBLE = 2

# Relative slack when comparing a sum of costs with a budget: keeps the exact checks from
# flagging sums that differ from the bound only by floating-point rounding.
_RTOL = 1e-9

# Time allowed for each feasibility re-solve of the deletion filter.
_FEASIBILITY_TIME_LIMIT = 5.0

# Part of a time limit kept back from HiGHS for building the model before and reading the
# answer after, so ``select(time_limit=10)`` returns within 10 s (HiGHS itself overshoots
# its limit by about 10-40 ms).
_TIME_RESERVE_FRACTION = 0.01
_TIME_RESERVE_MIN = 0.05

# Frontier levels solved at the same time by default: enough to use a small server's
# cores, few enough not to starve the web workers on a big one.
_MAX_DEFAULT_WORKERS = 4


@dataclass(frozen=True, eq=False)
class SelectionProblem:
    """Input of the selection: candidates, yearly budgets, optional capacity and rules.

    ``eq=False`` because field-wise equality on NumPy arrays is ambiguous; compare the
    arrays explicitly when needed.
    """

    values: np.ndarray  # (n,) value per candidate, may be negative
    costs: np.ndarray  # (n, Y) cost per candidate per year, >= 0
    budgets: np.ndarray  # (Y,) budget per year, >= 0 (np.inf = no limit)
    demand: np.ndarray | None = None  # (n, R) resource demand, >= 0
    capacity: np.ndarray | None = None  # (R,) resource capacity, >= 0
    requires: tuple[tuple[int, int], ...] = ()  # (a, b): a can only go ahead with b
    excludes: tuple[tuple[int, int], ...] = ()  # (a, b): at most one of a and b
    forced_in: frozenset[int] = frozenset()  # must be selected (incl. already committed)
    forced_out: frozenset[int] = frozenset()  # must not be selected


@dataclass(frozen=True, eq=False)
class Selection:
    """Outcome of ``select``.

    ``status`` is "optimal" (within ``mip_rel_gap``), "time_limit" (feasible, optimality
    not proven; ``gap`` says how far off it may be) or "infeasible" (``selected`` is empty
    and ``conflicts`` explains why — never an empty portfolio without a reason).
    """

    selected: tuple[int, ...]
    value: float
    cost_per_year: np.ndarray
    demand_used: np.ndarray | None
    status: str
    gap: float
    solve_seconds: float
    conflicts: tuple[str, ...] = ()
    # Proven upper bound on the best value any portfolio can reach (HiGHS's dual bound):
    # the user can read "at most ``bound``" next to ``value``. inf when the solver stopped
    # before proving anything, nan for infeasible problems.
    bound: float = math.nan


@dataclass(frozen=True, eq=False)
class FrontierPoint:
    """One budget level of ``efficient_frontier_points``.

    ``status``, ``gap`` and ``bound`` are as in ``Selection``, for this level: a point
    stopped by its share of the time limit says so instead of silently looking optimal.
    ``carried`` is True when the solver found less here than at the level below in its
    time, so that level's portfolio was kept: it fits every larger budget.
    """

    budget_total: float
    value: float
    selected: tuple[int, ...]
    status: str
    gap: float
    bound: float
    solve_seconds: float
    carried: bool = False


@dataclass(frozen=True)
class Conflict:
    """One reason why no portfolio satisfies all constraints.

    ``kind`` is a stable machine code, ``detail`` carries the numbers and project indices
    a user needs to resolve it (which year, how much over, which dependency chain).
    """

    kind: str
    detail: Mapping[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        """Short string such as ``forced_in_over_budget:year=2`` for logs and UI keys."""
        if self.kind == "minimal_conflict":
            return f"{self.kind}:" + ";".join(self.detail["groups"])
        keys = _CODE_KEYS.get(self.kind, ())
        return f"{self.kind}:" + ",".join(f"{key}={self.detail[key]}" for key in keys)


_CODE_KEYS: dict[str, tuple[str, ...]] = {
    "forced_in_over_budget": ("year",),
    "forced_in_over_capacity": ("resource",),
    "forced_in_excluded": ("a", "b"),
    "forced_in_requires_forced_out": ("a", "b"),
    "requires_excluded": ("a", "b"),
    "closure_over_budget": ("year",),
    "closure_over_capacity": ("resource",),
}


# --------------------------------------------------------------------------- validation


def _as_float_array(name: str, data: Any, ndim: int) -> np.ndarray:
    """Convert to a float array of the given rank so the rest of the code can trust it."""
    array = np.asarray(data, dtype=float)
    if array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {array.shape}")
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN")
    return array


def _check_non_negative(name: str, array: np.ndarray) -> None:
    if (array < 0).any():
        raise ValueError(f"{name} must be non-negative")


def _check_index(name: str, index: Any, n: int) -> int:
    """Indices come from callers that may pass NumPy ints; reject anything else."""
    if isinstance(index, bool) or not isinstance(index, int | np.integer):
        raise ValueError(f"{name}: index {index!r} is not an integer")
    if not 0 <= int(index) < n:
        raise ValueError(f"{name}: index {int(index)} out of range for {n} candidates")
    return int(index)


def _check_pairs(name: str, pairs: Iterable[Any], n: int) -> tuple[tuple[int, int], ...]:
    checked = []
    for pair in pairs:
        if len(pair) != 2:
            raise ValueError(f"{name}: {pair!r} is not a pair")
        a, b = (_check_index(name, index, n) for index in pair)
        if a == b:
            raise ValueError(f"{name}: project {a} cannot refer to itself")
        checked.append((a, b))
    return tuple(checked)


def _validated(problem: SelectionProblem) -> SelectionProblem:
    """Return a normalised copy (float arrays, demand (n, 0) when absent) or raise ValueError.

    Normalising once keeps every later function free of None checks and dtype surprises.
    """
    values = _as_float_array("values", problem.values, 1)
    if not np.isfinite(values).all():
        raise ValueError("values must be finite")
    n = values.shape[0]
    costs = _as_float_array("costs", problem.costs, 2)
    budgets = _as_float_array("budgets", problem.budgets, 1)
    if costs.shape[0] != n:
        raise ValueError(f"costs has {costs.shape[0]} rows, expected {n} (one per candidate)")
    if costs.shape[1] != budgets.shape[0]:
        raise ValueError(f"costs has {costs.shape[1]} years but budgets has {budgets.shape[0]}")
    if not np.isfinite(costs).all():
        raise ValueError("costs must be finite")
    _check_non_negative("costs", costs)
    _check_non_negative("budgets", budgets)

    if (problem.demand is None) != (problem.capacity is None):
        raise ValueError("demand and capacity must be given together")
    if problem.demand is None:
        demand, capacity = np.zeros((n, 0)), np.zeros(0)
    else:
        demand = _as_float_array("demand", problem.demand, 2)
        capacity = _as_float_array("capacity", problem.capacity, 1)
        if demand.shape[0] != n:
            raise ValueError(f"demand has {demand.shape[0]} rows, expected {n}")
        if demand.shape[1] != capacity.shape[0]:
            raise ValueError(
                f"demand has {demand.shape[1]} resources but capacity has {capacity.shape[0]}"
            )
        if not np.isfinite(demand).all():
            raise ValueError("demand must be finite")
        _check_non_negative("demand", demand)
        _check_non_negative("capacities", capacity)

    forced_in = frozenset(_check_index("forced_in", i, n) for i in problem.forced_in)
    forced_out = frozenset(_check_index("forced_out", i, n) for i in problem.forced_out)
    both = forced_in & forced_out
    if both:
        raise ValueError(f"projects {sorted(both)} are both forced in and forced out")

    return SelectionProblem(
        values=values,
        costs=costs,
        budgets=budgets,
        demand=demand,
        capacity=capacity,
        requires=_check_pairs("requires", problem.requires, n),
        excludes=_check_pairs("excludes", problem.excludes, n),
        forced_in=forced_in,
        forced_out=forced_out,
    )


# --------------------------------------------------------------------------- MILP model


@dataclass(frozen=True, eq=False)
class _Rows:
    """All linear rows with the constraint group each row belongs to.

    Keeping the group label per row lets the deletion filter switch groups off by masking
    rows instead of rebuilding the model from scratch.
    """

    matrix: sparse.csr_array  # (m, n)
    upper: np.ndarray  # (m,)
    groups: tuple[str, ...]  # (m,)


def _build_rows(problem: SelectionProblem) -> _Rows:
    """Stack budget, capacity, requires and excludes rows as one sparse matrix.

    Sparse because capacity rows (teams x months) are mostly zero: a project uses a few
    teams in a few months, which keeps 2,000 candidates x 240 rows cheap.
    """
    n = problem.values.shape[0]
    blocks = [sparse.csr_array(problem.costs.T), sparse.csr_array(problem.demand.T)]
    uppers = [problem.budgets, problem.capacity]
    groups = [f"budget:year={y}" for y in range(problem.budgets.shape[0])]
    groups += [f"capacity:resource={r}" for r in range(problem.capacity.shape[0])]
    for name, pairs, coefficient_b, bound in (
        ("requires", problem.requires, -1.0, 0.0),
        ("excludes", problem.excludes, 1.0, 1.0),
    ):
        if not pairs:
            continue
        m = len(pairs)
        rows = np.repeat(np.arange(m), 2)
        cols = np.asarray(pairs, dtype=int).ravel()
        data = np.tile([1.0, coefficient_b], m)
        blocks.append(sparse.csr_array(sparse.coo_array((data, (rows, cols)), shape=(m, n))))
        uppers.append(np.full(m, bound))
        groups += [f"{name}:a={a},b={b}" for a, b in pairs]
    matrix = sparse.csr_array(sparse.vstack(blocks, format="csr"))
    return _Rows(matrix=matrix, upper=np.concatenate(uppers), groups=tuple(groups))


def _variable_bounds(
    n: int, forced_in: Iterable[int], forced_out: Iterable[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Forced projects are fixed through bounds, which HiGHS presolve removes for free."""
    lower, upper = np.zeros(n), np.ones(n)
    lower[list(forced_in)] = 1.0
    upper[list(forced_out)] = 0.0
    return lower, upper


def _run_milp(
    objective: np.ndarray,
    rows: _Rows,
    row_mask: np.ndarray | None,
    bounds: tuple[np.ndarray, np.ndarray],
    options: dict[str, Any],
) -> OptimizeResult:
    """Call HiGHS on all binary variables; ``row_mask`` switches rows off for diagnosis."""
    matrix, upper = rows.matrix, rows.upper
    if row_mask is not None:
        matrix, upper = matrix[row_mask], upper[row_mask]
    constraints = None
    if matrix.shape[0]:
        constraints = LinearConstraint(matrix, np.full(matrix.shape[0], -np.inf), upper)
    return milp(
        objective,
        integrality=np.ones(objective.shape[0]),
        bounds=Bounds(*bounds),
        constraints=constraints,
        options={"disp": False, **options},
    )


# ------------------------------------------------------------------------------ solve


@dataclass(frozen=True, eq=False)
class _Model:
    """What HiGHS solves, minus the budgets: the frontier builds it once for all levels."""

    values: np.ndarray  # (n,)
    rows: _Rows  # the first Y rows are the budgets
    lower_bounds: np.ndarray  # (n,) 1 for forced in
    upper_bounds: np.ndarray  # (n,) 0 for forced out


def _model(problem: SelectionProblem, rows: _Rows) -> _Model:
    n = problem.values.shape[0]
    lower, upper = _variable_bounds(n, problem.forced_in, problem.forced_out)
    return _Model(values=problem.values, rows=rows, lower_bounds=lower, upper_bounds=upper)


def _solve(
    model: _Model, budgets: np.ndarray, time_limit: float, mip_rel_gap: float
) -> OptimizeResult:
    upper = model.rows.upper.copy()
    upper[: budgets.shape[0]] = budgets
    constraints = None
    if model.rows.matrix.shape[0]:
        constraints = LinearConstraint(model.rows.matrix, np.full(upper.shape[0], -np.inf), upper)
    return milp(
        -model.values,
        integrality=np.ones(model.values.shape[0]),
        bounds=Bounds(model.lower_bounds, model.upper_bounds),
        constraints=constraints,
        options={"disp": False, "time_limit": time_limit, "mip_rel_gap": mip_rel_gap},
    )


def _solver_time(deadline: float, time_limit: float) -> float:
    """Seconds left for HiGHS before ``deadline``, minus a reserve for the work around it."""
    reserve = max(_TIME_RESERVE_MIN, _TIME_RESERVE_FRACTION * time_limit)
    return deadline - time.perf_counter() - reserve


def _check_time_limit(name: str, value: float) -> float:
    value = float(value)
    if not value > 0:
        raise ValueError(f"{name} must be positive")
    return value


# ------------------------------------------------------------------------------ select


def _selection_from_indices(
    problem: SelectionProblem,
    original: SelectionProblem,
    selected: Iterable[int],
    status: str,
    gap: float,
    seconds: float,
) -> Selection:
    """Recompute value and usage from the chosen indices, not from solver floats."""
    chosen = tuple(sorted(int(i) for i in selected))
    mask = np.zeros(problem.values.shape[0], dtype=bool)
    mask[list(chosen)] = True
    demand_used = None if original.demand is None else problem.demand[mask].sum(axis=0)
    return Selection(
        selected=chosen,
        value=float(problem.values[mask].sum()),
        cost_per_year=problem.costs[mask].sum(axis=0),
        demand_used=demand_used,
        status=status,
        gap=gap,
        solve_seconds=seconds,
    )


def _infeasible(
    problem: SelectionProblem, original: SelectionProblem, conflicts: tuple[Conflict, ...]
) -> Selection:
    demand_used = None if original.demand is None else np.zeros(problem.capacity.shape[0])
    return Selection(
        selected=(),
        value=0.0,
        cost_per_year=np.zeros(problem.budgets.shape[0]),
        demand_used=demand_used,
        status="infeasible",
        gap=math.inf,
        solve_seconds=0.0,
        conflicts=tuple(conflict.code for conflict in conflicts),
    )


def _reported_gap(result: OptimizeResult) -> float:
    """HiGHS reports gap None/NaN when it has nothing to compare; map that to 0 or inf."""
    gap = getattr(result, "mip_gap", None)
    if gap is None or not math.isfinite(gap):
        return 0.0 if result.status == _MILP_OPTIMAL else math.inf
    return max(float(gap), 0.0)


def _reported_bound(result: OptimizeResult, value: float) -> float:
    """Upper bound on the best value from HiGHS's dual bound (it minimises -value)."""
    dual = getattr(result, "mip_dual_bound", None)
    if dual is None or not math.isfinite(dual):
        return value if result.status == _MILP_OPTIMAL else math.inf
    return max(-float(dual), value)


def _relative_gap(bound: float, value: float) -> float:
    """HiGHS's definition, for portfolios we chose ourselves: (bound - value) / |value|."""
    if not math.isfinite(bound):
        return math.inf
    if value == 0:
        return 0.0 if bound <= 0 else math.inf
    return max(bound - value, 0.0) / abs(value)


def _chosen(
    problem: SelectionProblem, result: OptimizeResult
) -> tuple[str, np.ndarray | list[int]] | None:
    """Status and chosen indices from a HiGHS result; None when it proved infeasibility."""
    if result.status == _MILP_INFEASIBLE:
        return None
    if result.status == _MILP_OPTIMAL and result.x is not None:
        return "optimal", np.flatnonzero(result.x > 0.5)
    if result.status == _MILP_LIMIT:
        # Without an incumbent, fall back to the requires-closure of the forced-in set:
        # the cheap checks proved it feasible, so the user still gets a portfolio.
        if result.x is not None:
            return "time_limit", np.flatnonzero(result.x > 0.5)
        return "time_limit", sorted(_requires_closure(problem, problem.forced_in))
    raise RuntimeError(f"HiGHS failed (status {result.status}): {result.message}")


# Stands in for a solve that had no time left at all: same path as "stopped, no incumbent".
_NO_TIME = OptimizeResult(status=_MILP_LIMIT, x=None, mip_gap=None, message="no time left")


def select(
    problem: SelectionProblem, *, time_limit: float = 60.0, mip_rel_gap: float = 1e-4
) -> Selection:
    """Pick the subset of candidates with maximal total value under all constraints.

    Infeasible problems come back with status "infeasible" and the conflict codes from
    ``diagnose_conflicts`` so the user sees which commitment or rule to relax.

    ``time_limit`` bounds the whole call in seconds, so a web request can pass what it can
    afford; when it runs out the best portfolio found so far comes back with status
    "time_limit" and ``gap``/``bound`` say how far from the best possible it may be.

    ``mip_rel_gap`` 1e-4 is HiGHS's own default: the value is within 0.01% of the best
    possible and ``gap`` reports how close it is. Proving that can take minutes on 2,000
    candidates with 240 capacity rows (see docs/PERFORMANCE.md); within 10 s the proven
    gap is typically a few 1e-4.
    """
    started = time.perf_counter()
    time_limit = _check_time_limit("time_limit", time_limit)
    deadline = started + time_limit
    checked = _validated(problem)
    n = checked.values.shape[0]

    # Exact and cheap: when one of these fires no solver can find a portfolio.
    cheap = _cheap_conflicts(checked)
    if cheap:
        return _with_seconds(_infeasible(checked, problem, cheap), started)

    if n == 0:
        return _selection_from_indices(checked, problem, (), "optimal", 0.0, 0.0)
    rows = _build_rows(checked)
    model = _model(checked, rows)
    solver_time = _solver_time(deadline, time_limit)
    result = (
        _solve(model, checked.budgets, solver_time, float(mip_rel_gap))
        if solver_time > 0
        else _NO_TIME
    )
    outcome = _chosen(checked, result)
    if outcome is None:
        # Never an unexplained empty portfolio: if even the deletion filter finds the
        # problem feasible (solver tolerance noise), say so instead of returning nothing.
        conflicts = _diagnose_validated(checked, rows, deadline) or (
            Conflict("unexplained", {"message": str(result.message)}),
        )
        return _with_seconds(_infeasible(checked, problem, conflicts), started)
    status, chosen = outcome
    gap = _reported_gap(result) if result.x is not None else math.inf
    seconds = time.perf_counter() - started
    selection = _selection_from_indices(checked, problem, chosen, status, gap, seconds)
    bound = _reported_bound(result, selection.value) if result.x is not None else math.inf
    return replace(selection, bound=bound)


def _with_seconds(selection: Selection, started: float) -> Selection:
    return replace(selection, solve_seconds=time.perf_counter() - started)


# ------------------------------------------------------------------- efficient frontier


def efficient_frontier(
    problem: SelectionProblem,
    *,
    points: int = 25,
    time_limit: float = 25.0,
    time_limit_per_point: float = 10.0,
    mip_rel_gap: float = 1e-3,
    workers: int | None = None,
    low: float = 0.0,
    high: float = 1.0,
) -> list[tuple[float, float, tuple[int, ...]]]:
    """Best value per budget level as ``(total budget at that level, value, selected)``.

    The short form of ``efficient_frontier_points`` (see there), kept for callers that
    only draw the curve.
    """
    return [
        (point.budget_total, point.value, point.selected)
        for point in efficient_frontier_points(
            problem,
            points=points,
            time_limit=time_limit,
            time_limit_per_point=time_limit_per_point,
            mip_rel_gap=mip_rel_gap,
            workers=workers,
            low=low,
            high=high,
        )
    ]


def smallest_feasible_factor(problem: SelectionProblem) -> float:
    """The smallest factor on all yearly budgets at which the forced-in projects (and what
    they require) still fit: where a frontier starts to have points. 0 when nothing is
    forced or every budget is unlimited; inf when even the full closure needs a year
    without budget."""
    checked = _validated(problem)
    closure = sorted(_requires_closure(checked, checked.forced_in))
    if not closure:
        return 0.0
    need = checked.costs[closure].sum(axis=0)
    factor = 0.0
    for used, budget in zip(need, checked.budgets, strict=True):
        if not np.isfinite(budget) or used <= 0:
            continue
        factor = max(factor, used / budget if budget > 0 else math.inf)
    return float(factor)


def _default_workers() -> int:
    """Cores this process may use, at most 4: one HiGHS solve per core, leave the rest."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, _MAX_DEFAULT_WORKERS))


def efficient_frontier_points(
    problem: SelectionProblem,
    *,
    points: int = 25,
    time_limit: float = 25.0,
    time_limit_per_point: float = 10.0,
    mip_rel_gap: float = 1e-3,
    workers: int | None = None,
    low: float = 0.0,
    high: float = 1.0,
) -> list[FrontierPoint]:
    """Best value per budget level, to show what each extra euro buys.

    All yearly budgets are scaled by the same factor from ``low`` to ``high`` (``points``
    levels; by default 0 to 1, the last one the full budget; ``high`` above 1 shows what
    extra money would buy); capacity and rules stay as they are. Levels where no
    portfolio exists (e.g. forced-in projects that cost more than the scaled budget) are
    left out. Unlimited (np.inf) budgets stay unlimited at every level.

    ``time_limit`` bounds the whole frontier in seconds. Each level gets at most
    ``time_limit_per_point`` and at most an equal share of the time still left, so quick
    levels (small budgets solve fast) leave more time to the harder ones; each point
    reports its own status and gap. Levels are independent solves, so ``workers`` of them
    run at the same time (HiGHS releases the GIL); ``None`` uses the available cores, at
    most 4, and 1 solves them one after another.

    Values are non-decreasing: a portfolio that fits a smaller budget also fits a larger
    one, so when a time-limited solve comes back worse, the previous portfolio is kept
    (``carried``). SciPy's ``milp`` takes no starting solution, so this is the way the
    previous level helps the next.

    ``mip_rel_gap`` defaults to 0.1% rather than ``select``'s 1e-4: a chart cannot show
    the difference, and closing the last 0.1% is what makes 25 solves slow (measured on
    1,000 candidates x 240 capacity rows: ~25 s at 1e-3 versus > 3 min at 1e-6).
    """
    started = time.perf_counter()
    if points < 1:
        raise ValueError("points must be at least 1")
    time_limit = _check_time_limit("time_limit", time_limit)
    time_limit_per_point = _check_time_limit("time_limit_per_point", time_limit_per_point)
    workers = _default_workers() if workers is None else int(workers)
    if workers < 1:
        raise ValueError("workers must be at least 1")
    deadline = started + time_limit
    checked = _validated(problem)
    # Rows do not depend on the budgets: build them once and set the budgets per level.
    model = _model(checked, _build_rows(checked))
    if not 0.0 <= low <= high:
        raise ValueError("budget factors need 0 <= low <= high")
    factors = np.linspace(low, high, points) if points > 1 else np.full(1, high)
    finite = np.isfinite(checked.budgets)
    levels = [
        np.where(finite, np.where(finite, checked.budgets, 0.0) * factor, np.inf)
        for factor in factors
    ]
    workers = min(workers, len(levels))
    not_started = [len(levels)]
    lock = threading.Lock()

    def solve_level(budgets: np.ndarray) -> FrontierPoint | None:
        level_started = time.perf_counter()
        with lock:
            # Levels still to start, this one included, share what is left in rounds of
            # ``workers``; the last round gets all of it.
            rounds = math.ceil(not_started[0] / workers)
            not_started[0] -= 1
        level = replace(checked, budgets=budgets)
        if _cheap_conflicts(level):
            return None
        total = float(budgets.sum()) if budgets.size else 0.0
        if not checked.values.shape[0]:
            return FrontierPoint(total, 0.0, (), "optimal", 0.0, 0.0, 0.0)
        share = min(time_limit_per_point, (deadline - level_started) / rounds)
        solver_time = share - max(_TIME_RESERVE_MIN, _TIME_RESERVE_FRACTION * share)
        result = (
            _solve(model, budgets, solver_time, float(mip_rel_gap)) if solver_time > 0 else _NO_TIME
        )
        outcome = _chosen(level, result)
        if outcome is None:
            return None
        status, chosen = outcome
        selected = tuple(sorted(int(i) for i in chosen))
        value = float(checked.values[list(selected)].sum())
        return FrontierPoint(
            budget_total=total,
            value=value,
            selected=selected,
            status=status,
            gap=_reported_gap(result) if result.x is not None else math.inf,
            bound=_reported_bound(result, value) if result.x is not None else math.inf,
            solve_seconds=time.perf_counter() - level_started,
        )

    if workers == 1:
        solved = [solve_level(budgets) for budgets in levels]
    else:
        # The pool starts levels in order, smallest budget first, as workers come free.
        with ThreadPoolExecutor(max_workers=workers) as pool:
            solved = list(pool.map(solve_level, levels))

    frontier: list[FrontierPoint] = []
    for point in solved:
        if point is None:
            continue
        best = frontier[-1] if frontier else None
        if best is not None and best.value > point.value:
            point = replace(
                point,
                value=best.value,
                selected=best.selected,
                gap=_relative_gap(point.bound, best.value),
                bound=max(point.bound, best.value),
                carried=True,
            )
        frontier.append(point)
    return frontier


# ------------------------------------------------------------------ conflict diagnosis


def diagnose_conflicts(problem: SelectionProblem) -> tuple[Conflict, ...]:
    """Explain why no portfolio satisfies the constraints; empty when one exists.

    Cheap exact checks on the forced-in set and its requires-closure come first because
    they name the cause in the user's terms. Only when they find nothing while HiGHS still
    reports infeasibility do we run the (slower) deletion filter.
    """
    checked = _validated(problem)
    return _diagnose_validated(checked, _build_rows(checked))


def _diagnose_validated(
    problem: SelectionProblem, rows: _Rows, deadline: float | None = None
) -> tuple[Conflict, ...]:
    cheap = _cheap_conflicts(problem)
    if cheap:
        return cheap
    groups = _deletion_filter(problem, rows, deadline)
    if not groups:
        return ()
    return (Conflict("minimal_conflict", {"groups": groups}),)


def _exceeds(total: float, bound: float) -> bool:
    """True when a sum is over its bound by more than floating-point noise."""
    return total > bound + _RTOL * max(1.0, abs(bound))


def _requires_closure(problem: SelectionProblem, roots: Iterable[int]) -> dict[int, int | None]:
    """Breadth-first closure under "requires", mapping each project to its predecessor.

    Selecting a forces everything a requires (transitively), so the closure of the
    forced-in set is forced too; predecessors let us print the dependency chain.
    """
    needs: dict[int, list[int]] = {}
    for a, b in problem.requires:
        needs.setdefault(a, []).append(b)
    parents: dict[int, int | None] = dict.fromkeys(sorted(roots))
    queue = deque(parents)
    while queue:
        current = queue.popleft()
        for required in needs.get(current, ()):
            if required not in parents:
                parents[required] = current
                queue.append(required)
    return parents


def _chain(parents: Mapping[int, int | None], node: int) -> tuple[int, ...]:
    """Path from a forced-in root to ``node`` along requires edges."""
    path = [node]
    while parents[path[-1]] is not None:
        path.append(parents[path[-1]])  # type: ignore[arg-type]
    return tuple(reversed(path))


def _usage_conflicts(problem: SelectionProblem, closure: frozenset[int]) -> list[Conflict]:
    """Budget and capacity checks, first for the forced-in set, then for its closure."""
    conflicts: list[Conflict] = []
    forced = sorted(problem.forced_in)
    implied = sorted(closure)
    for unit, usage, limits, suffix in (
        ("year", problem.costs, problem.budgets, "budget"),
        ("resource", problem.demand, problem.capacity, "capacity"),
    ):
        amount = "cost" if unit == "year" else "demand"
        for k, limit in enumerate(limits):
            forced_total = float(usage[forced, k].sum())
            closure_total = float(usage[implied, k].sum())
            if _exceeds(forced_total, limit):
                kind, total, members = f"forced_in_over_{suffix}", forced_total, forced
            elif _exceeds(closure_total, limit):
                kind, total, members = f"closure_over_{suffix}", closure_total, implied
            else:
                continue
            detail = {
                unit: k,
                amount: total,
                suffix: float(limit),
                "projects": tuple(i for i in members if usage[i, k] > 0),
            }
            if kind.startswith("closure"):
                detail["added"] = tuple(i for i in implied if i not in problem.forced_in)
            conflicts.append(Conflict(kind, detail))
    return conflicts


_KIND_ORDER = (
    "forced_in_over_budget",
    "forced_in_over_capacity",
    "forced_in_excluded",
    "forced_in_requires_forced_out",
    "requires_excluded",
    "closure_over_budget",
    "closure_over_capacity",
)


def _cheap_conflicts(problem: SelectionProblem) -> tuple[Conflict, ...]:
    """All conflicts provable from the forced-in set and its requires-closure alone.

    With non-negative costs and demand these checks are complete: if none fires, selecting
    exactly the closure is a feasible portfolio.
    """
    parents = _requires_closure(problem, problem.forced_in)
    closure = frozenset(parents)
    conflicts = _usage_conflicts(problem, closure)
    for a, b in problem.excludes:
        if a in problem.forced_in and b in problem.forced_in:
            conflicts.append(Conflict("forced_in_excluded", {"a": a, "b": b}))
        elif a in closure and b in closure:
            detail = {"a": a, "b": b, "chain_a": _chain(parents, a), "chain_b": _chain(parents, b)}
            conflicts.append(Conflict("requires_excluded", detail))
    for b in sorted(closure & problem.forced_out):
        chain = _chain(parents, b)
        conflicts.append(
            Conflict("forced_in_requires_forced_out", {"a": chain[0], "b": b, "chain": chain})
        )
    # Most direct causes first: what the user committed to, then what that implies.
    return tuple(sorted(conflicts, key=lambda conflict: _KIND_ORDER.index(conflict.kind)))


def _deletion_filter(
    problem: SelectionProblem, rows: _Rows, deadline: float | None = None
) -> tuple[str, ...]:
    """Minimal set of constraint groups that is infeasible on its own.

    Classic deletion filter: drop one group at a time; if the rest is still infeasible the
    group is not needed for the conflict and stays dropped, otherwise it is kept. Each
    step is a feasibility-only solve (zero objective). Returns () when the full problem
    turns out to be feasible. Past ``deadline`` every step counts as "feasible", so the
    groups not yet tested stay in: the answer may be larger than minimal, never wrong.
    """
    n = problem.values.shape[0]
    row_groups = np.asarray(rows.groups, dtype=object)
    bound_groups = [f"forced_in:project={i}" for i in sorted(problem.forced_in)]
    bound_groups += [f"forced_out:project={i}" for i in sorted(problem.forced_out)]
    active = list(dict.fromkeys(rows.groups)) + bound_groups

    def infeasible(groups: set[str]) -> bool:
        mask = np.fromiter((g in groups for g in row_groups), dtype=bool, count=len(row_groups))
        forced_in = [i for i in problem.forced_in if f"forced_in:project={i}" in groups]
        forced_out = [i for i in problem.forced_out if f"forced_out:project={i}" in groups]
        time_limit = _FEASIBILITY_TIME_LIMIT
        if deadline is not None:
            time_limit = min(time_limit, deadline - time.perf_counter())
            if time_limit <= 0:
                return False
        result = _run_milp(
            np.zeros(n),
            rows,
            mask,
            _variable_bounds(n, forced_in, forced_out),
            {"time_limit": time_limit},
        )
        # A solve that times out without an answer counts as feasible, so the group is
        # kept: the result may be larger than minimal but never misses a cause.
        return result.status == _MILP_INFEASIBLE

    kept = set(active)
    if n == 0 or not infeasible(kept):
        return ()
    for group in active:
        kept.discard(group)
        if not infeasible(kept):
            kept.add(group)
    return tuple(group for group in active if group in kept)
