"""``select``: the optimal portfolio for one problem, or the conflicts that rule one out.

The model and its HiGHS calls live in ``problem``, the diagnosis in ``conflicts``; this
module turns solver results into a ``Selection`` and keeps the whole call within its time
limit. The result helpers are shared with ``frontier``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import replace

import numpy as np
from scipy.optimize import OptimizeResult

from .conflicts import Conflict, cheap_conflicts, diagnose_validated, requires_closure
from .problem import (
    MILP_INFEASIBLE,
    MILP_LIMIT,
    MILP_OPTIMAL,
    TIME_RESERVE_FRACTION,
    TIME_RESERVE_MIN,
    Selection,
    SelectionProblem,
    build_model,
    build_rows,
    solve_model,
    validated,
)

# -------------------------------------------------------------------------- time limits


def leave_reserve(seconds: float, time_limit: float) -> float:
    """``seconds`` minus the reserve for the work around HiGHS; no limit stays no limit.

    Subtracting an infinite reserve from infinite seconds would give NaN, which fails
    every ``> 0`` test: an unlimited call would never reach the solver.
    """
    if math.isinf(seconds):
        return math.inf
    return seconds - max(TIME_RESERVE_MIN, TIME_RESERVE_FRACTION * time_limit)


def check_time_limit(name: str, value: float) -> float:
    """Seconds, positive; ``math.inf`` is no limit."""
    value = float(value)
    if not value > 0:
        raise ValueError(f"{name} must be positive")
    return value


def check_gap(value: float) -> float:
    value = float(value)
    if not value >= 0:  # NaN too: HiGHS would take it without a word
        raise ValueError("mip_rel_gap must be zero or positive")
    return value


# ----------------------------------------------------------------------- result helpers


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
        conflicts=conflicts,
    )


def reported_gap(result: OptimizeResult) -> float:
    """HiGHS reports gap None/NaN when it has nothing to compare; map that to 0 or inf."""
    gap = getattr(result, "mip_gap", None)
    if gap is None or not math.isfinite(gap):
        return 0.0 if result.status == MILP_OPTIMAL else math.inf
    return max(float(gap), 0.0)


def reported_bound(result: OptimizeResult, value: float) -> float:
    """Upper bound on the best value from HiGHS's dual bound (it minimises -value)."""
    dual = getattr(result, "mip_dual_bound", None)
    if dual is None or not math.isfinite(dual):
        return value if result.status == MILP_OPTIMAL else math.inf
    return max(-float(dual), value)


def relative_gap(bound: float, value: float) -> float:
    """HiGHS's definition, for portfolios we chose ourselves: (bound - value) / |value|."""
    if not math.isfinite(bound):
        return math.inf
    if value == 0:
        return 0.0 if bound <= 0 else math.inf
    return max(bound - value, 0.0) / abs(value)


def solver_outcome(
    problem: SelectionProblem, result: OptimizeResult
) -> tuple[str, np.ndarray | list[int]] | None:
    """Status and chosen indices from a HiGHS result; None when it proved infeasibility."""
    if result.status == MILP_INFEASIBLE:
        return None
    if result.status == MILP_OPTIMAL and result.x is not None:
        return "optimal", np.flatnonzero(result.x > 0.5)
    if result.status == MILP_LIMIT:
        # Without an incumbent, fall back to the requires-closure of the forced-in set:
        # the cheap checks proved it feasible, so the user still gets a portfolio.
        if result.x is not None:
            return "time_limit", np.flatnonzero(result.x > 0.5)
        return "time_limit", sorted(requires_closure(problem, problem.forced_in))
    raise RuntimeError(f"HiGHS failed (status {result.status}): {result.message}")


# Stands in for a solve that had no time left at all: same path as "stopped, no incumbent".
NO_TIME = OptimizeResult(status=MILP_LIMIT, x=None, mip_gap=None, message="no time left")


# ------------------------------------------------------------------------------- select


def select(
    problem: SelectionProblem, *, time_limit: float = 60.0, mip_rel_gap: float = 1e-4
) -> Selection:
    """Pick the subset of candidates with maximal total value under all constraints.

    Infeasible problems come back with status "infeasible" and the ``Conflict`` objects of
    ``diagnose_conflicts`` so the user sees which commitment or rule to relax.

    ``time_limit`` bounds the whole call in seconds, so a web request can pass what it can
    afford (``math.inf``: no limit); when it runs out the best portfolio found so far
    comes back with status "time_limit" and ``gap``/``bound`` say how far from the best
    possible it may be.

    Input the solver cannot represent (costs or demand of 1e15 and more, values of 1e20
    and more) raises ``BadlyScaledError``, a ``ValueError``: rescaling fixes it, retrying
    does not.

    ``mip_rel_gap`` 1e-4 is HiGHS's own default: the value is within 0.01% of the best
    possible and ``gap`` reports how close it is. Proving that can take minutes on 2,000
    candidates with 240 capacity rows (see docs/PERFORMANCE.md); within 10 s the proven
    gap is typically a few 1e-4.
    """
    started = time.perf_counter()
    time_limit = check_time_limit("time_limit", time_limit)
    mip_rel_gap = check_gap(mip_rel_gap)
    deadline = started + time_limit
    checked = validated(problem)
    n = checked.values.shape[0]

    # Exact and cheap: when one of these fires no solver can find a portfolio.
    cheap = cheap_conflicts(checked)
    if cheap:
        return _with_seconds(_infeasible(checked, problem, cheap), started)

    if n == 0:
        return _selection_from_indices(checked, problem, (), "optimal", 0.0, 0.0)
    rows = build_rows(checked)
    model = build_model(checked, rows)
    solver_time = leave_reserve(deadline - time.perf_counter(), time_limit)
    result = (
        solve_model(model, checked.budgets, solver_time, mip_rel_gap)
        if solver_time > 0
        else NO_TIME
    )
    outcome = solver_outcome(checked, result)
    if outcome is None:
        # Never an unexplained empty portfolio: if even the deletion filter finds the
        # problem feasible (solver tolerance noise), say so instead of returning nothing.
        conflicts = diagnose_validated(checked, rows, deadline) or (
            Conflict("unexplained", {"message": str(result.message)}),
        )
        return _with_seconds(_infeasible(checked, problem, conflicts), started)
    status, chosen = outcome
    gap = reported_gap(result) if result.x is not None else math.inf
    seconds = time.perf_counter() - started
    selection = _selection_from_indices(checked, problem, chosen, status, gap, seconds)
    bound = reported_bound(result, selection.value) if result.x is not None else math.inf
    return replace(selection, bound=bound)


def _with_seconds(selection: Selection, started: float) -> Selection:
    return replace(selection, solve_seconds=time.perf_counter() - started)
