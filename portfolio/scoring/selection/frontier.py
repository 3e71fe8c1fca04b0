"""The efficient frontier: the best portfolio per budget level, to show what money buys.

Each level is an independent ``select``-like solve on the same model with scaled budgets;
levels run in parallel threads (HiGHS releases the GIL) within one total time limit.
"""

from __future__ import annotations

import math
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import numpy as np

from .conflicts import cheap_conflicts, requires_closure
from .problem import (
    MAX_DEFAULT_WORKERS,
    FrontierPoint,
    SelectionProblem,
    build_model,
    build_rows,
    solve_model,
    validated,
)
from .solve import (
    NO_TIME,
    check_gap,
    check_time_limit,
    leave_reserve,
    relative_gap,
    reported_bound,
    reported_gap,
    solver_outcome,
)


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
    checked = validated(problem)
    closure = sorted(requires_closure(checked, checked.forced_in))
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
    return max(1, min(cores, MAX_DEFAULT_WORKERS))


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

    ``time_limit`` bounds the whole frontier in seconds (``math.inf``: no limit, and the
    same for ``time_limit_per_point``). Each level gets at most
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
    time_limit = check_time_limit("time_limit", time_limit)
    time_limit_per_point = check_time_limit("time_limit_per_point", time_limit_per_point)
    mip_rel_gap = check_gap(mip_rel_gap)
    workers = _default_workers() if workers is None else int(workers)
    if workers < 1:
        raise ValueError("workers must be at least 1")
    deadline = started + time_limit
    checked = validated(problem)
    # Rows do not depend on the budgets: build them once and set the budgets per level.
    model = build_model(checked, build_rows(checked))
    if not 0.0 <= low <= high < math.inf:
        raise ValueError("budget factors need 0 <= low <= high, both finite")
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
        if cheap_conflicts(level):
            return None
        total = float(budgets.sum()) if budgets.size else 0.0
        if not checked.values.shape[0]:
            return FrontierPoint(total, 0.0, (), "optimal", 0.0, 0.0, 0.0)
        share = min(time_limit_per_point, (deadline - level_started) / rounds)
        solver_time = leave_reserve(share, share)
        result = (
            solve_model(model, budgets, solver_time, mip_rel_gap) if solver_time > 0 else NO_TIME
        )
        outcome = solver_outcome(level, result)
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
            gap=reported_gap(result) if result.x is not None else math.inf,
            bound=reported_bound(result, value) if result.x is not None else math.inf,
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
                gap=relative_gap(point.bound, best.value),
                bound=max(point.bound, best.value),
                carried=True,
            )
        frontier.append(point)
    return frontier
