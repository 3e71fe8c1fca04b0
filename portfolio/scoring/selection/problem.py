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

HiGHS represents values below 1e20 and costs and demand below 1e15 in magnitude; beyond
that ``validated`` raises ``BadlyScaledError`` rather than let HiGHS refuse the model.

Because costs and demand are non-negative, the problem is feasible exactly when the
requires-closure of the forced-in set fits every budget and capacity, contains no excluded
pair and no forced-out project. The cheap checks in ``diagnose_conflicts`` test precisely
that; the deletion filter is a safety net for numerical disagreements with the solver.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp

if TYPE_CHECKING:
    from .conflicts import Conflict, ConstraintGroup

# scipy.optimize.milp status codes.
MILP_OPTIMAL = 0
MILP_LIMIT = 1
MILP_INFEASIBLE = 2

# Time allowed for each feasibility re-solve of the deletion filter.
FEASIBILITY_TIME_LIMIT = 5.0

# Part of a time limit kept back from HiGHS for building the model before and reading the
# answer after, so ``select(time_limit=10)`` returns within 10 s (HiGHS itself overshoots
# its limit by about 10-40 ms).
TIME_RESERVE_FRACTION = 0.01
TIME_RESERVE_MIN = 0.05

# Frontier levels solved at the same time by default: enough to use a small server's
# cores, few enough not to starve the web workers on a big one.
MAX_DEFAULT_WORKERS = 4

# HiGHS's defaults for what it can represent: it refuses a model with a constraint
# coefficient of 1e15 or more (large_matrix_value) and reads an objective coefficient of
# 1e20 or more as infinite (infinite_cost).
LARGEST_COEFFICIENT = 1e15
LARGEST_VALUE = 1e20


class BadlyScaledError(ValueError):
    """Input too large for the solver to represent: rescaling helps, retrying does not.

    ``name`` is the input ("values", "costs" or "demand"), ``largest`` its largest
    magnitude and ``limit`` the bound it must stay below.
    """

    def __init__(self, name: str, largest: float, limit: float) -> None:
        super().__init__(
            f"{name} must stay below {limit:.0e} in magnitude for the solver, got "
            f"{largest:.3g}: express them in a larger unit (e.g. thousands)"
        )
        self.name, self.largest, self.limit = name, largest, limit


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
    conflicts: tuple[Conflict, ...] = ()
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


def _check_scale(name: str, array: np.ndarray, limit: float) -> None:
    largest = float(np.abs(array).max()) if array.size else 0.0
    if largest >= limit:
        raise BadlyScaledError(name, largest, limit)


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


def validated(problem: SelectionProblem) -> SelectionProblem:
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
    _check_scale("values", values, LARGEST_VALUE)
    _check_scale("costs", costs, LARGEST_COEFFICIENT)
    _check_scale("demand", demand, LARGEST_COEFFICIENT)

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
class Rows:
    """All linear rows with the constraint group each row belongs to.

    Keeping the group label per row lets the deletion filter switch groups off by masking
    rows instead of rebuilding the model from scratch.
    """

    matrix: sparse.csr_array  # (m, n)
    upper: np.ndarray  # (m,)
    groups: tuple[ConstraintGroup, ...]  # (m,)


def build_rows(problem: SelectionProblem) -> Rows:
    """Stack budget, capacity, requires and excludes rows as one sparse matrix.

    Sparse because capacity rows (teams x months) are mostly zero: a project uses a few
    teams in a few months, which keeps 2,000 candidates x 240 rows cheap.
    """
    # Deferred: conflicts.py builds on this module, the group type is the only way back.
    from .conflicts import ConstraintGroup

    n = problem.values.shape[0]
    blocks = [sparse.csr_array(problem.costs.T), sparse.csr_array(problem.demand.T)]
    uppers = [problem.budgets, problem.capacity]
    groups = [ConstraintGroup("budget", year=y) for y in range(problem.budgets.shape[0])]
    groups += [ConstraintGroup("capacity", resource=r) for r in range(problem.capacity.shape[0])]
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
        groups += [ConstraintGroup(name, a=a, b=b) for a, b in pairs]
    matrix = sparse.csr_array(sparse.vstack(blocks, format="csr"))
    return Rows(matrix=matrix, upper=np.concatenate(uppers), groups=tuple(groups))


def variable_bounds(
    n: int, forced_in: Iterable[int], forced_out: Iterable[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Forced projects are fixed through bounds, which HiGHS presolve removes for free."""
    lower, upper = np.zeros(n), np.ones(n)
    lower[list(forced_in)] = 1.0
    upper[list(forced_out)] = 0.0
    return lower, upper


def _highs_matrix(matrix: sparse.csr_array) -> sparse.csc_array:
    """The rows as HiGHS reads them: CSC with 32-bit indices.

    Stacking sparse blocks can give 64-bit indices; SciPy 1.13 and 1.14 pass them on
    unconverted and HiGHS fails with "Buffer dtype mismatch" (later versions convert).
    """
    matrix = sparse.csc_array(matrix)
    matrix.indices = matrix.indices.astype(np.int32, copy=False)
    matrix.indptr = matrix.indptr.astype(np.int32, copy=False)
    return matrix


def _highs(
    objective: np.ndarray,
    matrix: sparse.csr_array,
    upper: np.ndarray,
    bounds: tuple[np.ndarray, np.ndarray],
    options: dict[str, Any],
) -> OptimizeResult:
    """The one call of HiGHS: all variables binary, every row ``matrix @ x <= upper``."""
    constraints = None
    if matrix.shape[0]:
        constraints = LinearConstraint(
            _highs_matrix(matrix), np.full(matrix.shape[0], -np.inf), upper
        )
    result = milp(
        objective,
        integrality=np.ones(objective.shape[0]),
        bounds=Bounds(*bounds),
        constraints=constraints,
        options={"disp": False, **options},
    )
    # SciPy gives a model HiGHS refuses the status of an infeasible one; ``validated``
    # keeps such input out, so this is a bug to report, never conflicts to invent.
    if result.status == MILP_INFEASIBLE and "model error" in str(result.message).lower():
        raise RuntimeError(f"HiGHS refused the model: {result.message}")
    return result


def run_milp(
    objective: np.ndarray,
    rows: Rows,
    row_mask: np.ndarray | None,
    bounds: tuple[np.ndarray, np.ndarray],
    options: dict[str, Any],
) -> OptimizeResult:
    """Call HiGHS on all binary variables; ``row_mask`` switches rows off for diagnosis."""
    matrix, upper = rows.matrix, rows.upper
    if row_mask is not None:
        matrix, upper = matrix[row_mask], upper[row_mask]
    return _highs(objective, matrix, upper, bounds, options)


@dataclass(frozen=True, eq=False)
class Model:
    """What HiGHS solves, minus the budgets: the frontier builds it once for all levels."""

    values: np.ndarray  # (n,)
    rows: Rows  # the first Y rows are the budgets
    lower_bounds: np.ndarray  # (n,) 1 for forced in
    upper_bounds: np.ndarray  # (n,) 0 for forced out


def build_model(problem: SelectionProblem, rows: Rows) -> Model:
    n = problem.values.shape[0]
    lower, upper = variable_bounds(n, problem.forced_in, problem.forced_out)
    return Model(values=problem.values, rows=rows, lower_bounds=lower, upper_bounds=upper)


def solve_model(
    model: Model, budgets: np.ndarray, time_limit: float, mip_rel_gap: float
) -> OptimizeResult:
    upper = model.rows.upper.copy()
    upper[: budgets.shape[0]] = budgets
    return _highs(
        -model.values,
        model.rows.matrix,
        upper,
        (model.lower_bounds, model.upper_bounds),
        {"time_limit": time_limit, "mip_rel_gap": mip_rel_gap},
    )
