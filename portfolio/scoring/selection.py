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
import time
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp

__all__ = [
    "Conflict",
    "Selection",
    "SelectionProblem",
    "diagnose_conflicts",
    "efficient_frontier",
    "select",
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


def select(
    problem: SelectionProblem, *, time_limit: float = 60.0, mip_rel_gap: float = 1e-4
) -> Selection:
    """Pick the subset of candidates with maximal total value under all constraints.

    Infeasible problems come back with status "infeasible" and the conflict codes from
    ``diagnose_conflicts`` so the user sees which commitment or rule to relax.

    ``mip_rel_gap`` 1e-4 is HiGHS's own default: the value is within 0.01% of the best
    possible and ``gap`` reports how close it is. At 1e-6, 2,000 candidates with 240
    capacity rows ran into the 60 s limit; at 1e-4 they solve in about 2 s.
    """
    started = time.perf_counter()
    checked = _validated(problem)
    n = checked.values.shape[0]

    # Exact and cheap: when one of these fires no solver can find a portfolio.
    cheap = _cheap_conflicts(checked)
    if cheap:
        return _with_seconds(_infeasible(checked, problem, cheap), started)

    if n == 0:
        return _selection_from_indices(checked, problem, (), "optimal", 0.0, 0.0)
    rows = _build_rows(checked)
    bounds = _variable_bounds(n, checked.forced_in, checked.forced_out)
    result = _run_milp(
        -checked.values,
        rows,
        None,
        bounds,
        {"time_limit": float(time_limit), "mip_rel_gap": float(mip_rel_gap)},
    )
    if result.status == _MILP_INFEASIBLE:
        # Never an unexplained empty portfolio: if even the deletion filter finds the
        # problem feasible (solver tolerance noise), say so instead of returning nothing.
        conflicts = _diagnose_validated(checked, rows) or (
            Conflict("unexplained", {"message": str(result.message)}),
        )
        return _with_seconds(_infeasible(checked, problem, conflicts), started)
    if result.status == _MILP_OPTIMAL and result.x is not None:
        chosen = np.flatnonzero(result.x > 0.5)
        status = "optimal"
    elif result.status == _MILP_LIMIT:
        # Without an incumbent, fall back to the requires-closure of the forced-in set:
        # the cheap checks above proved it feasible, so the user still gets a portfolio.
        chosen = (
            np.flatnonzero(result.x > 0.5)
            if result.x is not None
            else sorted(_requires_closure(checked, checked.forced_in))
        )
        status = "time_limit"
    else:
        raise RuntimeError(f"HiGHS failed (status {result.status}): {result.message}")
    gap = _reported_gap(result) if result.x is not None else math.inf
    seconds = time.perf_counter() - started
    return _selection_from_indices(checked, problem, chosen, status, gap, seconds)


def _with_seconds(selection: Selection, started: float) -> Selection:
    return replace(selection, solve_seconds=time.perf_counter() - started)


# ------------------------------------------------------------------- efficient frontier


def efficient_frontier(
    problem: SelectionProblem,
    *,
    points: int = 25,
    time_limit_per_point: float = 10.0,
    mip_rel_gap: float = 1e-3,
) -> list[tuple[float, float, tuple[int, ...]]]:
    """Best value per budget level, to show what each extra euro buys.

    All yearly budgets are scaled by the same factor from 0 to 1 (``points`` levels, the
    last one the full budget); capacity and rules stay as they are. Each entry is
    ``(total budget at that level, value, selected)``. Levels where no portfolio exists
    (e.g. forced-in projects that cost more than the scaled budget) are left out.

    Values are non-decreasing: a portfolio that fits a smaller budget also fits a larger
    one, so when a time-limited solve comes back worse, the previous portfolio is kept.

    ``mip_rel_gap`` defaults to 0.1% rather than ``select``'s 1e-4: a chart cannot show
    the difference, and closing the last 0.1% is what makes 25 solves slow (measured on
    1,000 candidates x 240 capacity rows: ~25 s at 1e-3 versus > 3 min at 1e-6).
    Unlimited (np.inf) budgets stay unlimited at every level.
    """
    if points < 1:
        raise ValueError("points must be at least 1")
    checked = _validated(problem)
    factors = np.linspace(0.0, 1.0, points) if points > 1 else np.ones(1)
    frontier: list[tuple[float, float, tuple[int, ...]]] = []
    best: tuple[float, tuple[int, ...]] | None = None
    for factor in factors:
        finite = np.isfinite(checked.budgets)
        scaled_budgets = np.where(finite, np.where(finite, checked.budgets, 0.0) * factor, np.inf)
        level = replace(checked, budgets=scaled_budgets)
        result = select(level, time_limit=time_limit_per_point, mip_rel_gap=mip_rel_gap)
        if result.status != "infeasible" and (best is None or result.value >= best[0]):
            best = (result.value, result.selected)
        if best is None:
            continue
        total = float(scaled_budgets.sum()) if scaled_budgets.size else 0.0
        frontier.append((total, best[0], best[1]))
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


def _diagnose_validated(problem: SelectionProblem, rows: _Rows) -> tuple[Conflict, ...]:
    cheap = _cheap_conflicts(problem)
    if cheap:
        return cheap
    groups = _deletion_filter(problem, rows)
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


def _deletion_filter(problem: SelectionProblem, rows: _Rows) -> tuple[str, ...]:
    """Minimal set of constraint groups that is infeasible on its own.

    Classic deletion filter: drop one group at a time; if the rest is still infeasible the
    group is not needed for the conflict and stays dropped, otherwise it is kept. Each
    step is a feasibility-only solve (zero objective). Returns () when the full problem
    turns out to be feasible.
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
        result = _run_milp(
            np.zeros(n),
            rows,
            mask,
            _variable_bounds(n, forced_in, forced_out),
            {"time_limit": _FEASIBILITY_TIME_LIMIT},
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
