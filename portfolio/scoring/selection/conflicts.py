"""Why no portfolio satisfies the constraints: typed conflicts and how they are found.

Cheap exact checks on the forced-in set and its requires-closure come first (with
non-negative costs and demand they are complete, see the model in ``problem``); the
deletion filter re-solves with constraint groups switched off and is the safety net for
numerical disagreements with the solver.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .problem import (
    FEASIBILITY_TIME_LIMIT,
    MILP_INFEASIBLE,
    Rows,
    SelectionProblem,
    build_rows,
    run_milp,
    validated,
    variable_bounds,
)

# The index fields that identify a group of each kind, in the order ``code`` lists them.
_GROUP_FIELDS: dict[str, tuple[str, ...]] = {
    "budget": ("year",),
    "capacity": ("resource",),
    "requires": ("a", "b"),
    "excludes": ("a", "b"),
    "forced_in": ("project",),
    "forced_out": ("project",),
}


@dataclass(frozen=True)
class ConstraintGroup:
    """One group of the model that the deletion filter switches on or off as a whole.

    ``budget`` is the row of ``year``, ``capacity`` the row of ``resource``, ``requires``
    and ``excludes`` the row of the pair (``a``, ``b``), ``forced_in`` and ``forced_out``
    the bound on ``project``. All are engine indices; the caller maps them to names.
    """

    kind: str
    year: int | None = None
    resource: int | None = None
    a: int | None = None
    b: int | None = None
    project: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in _GROUP_FIELDS:
            raise ValueError(f"unknown constraint group kind {self.kind!r}")
        needed = _GROUP_FIELDS[self.kind]
        for name in ("year", "resource", "a", "b", "project"):
            if (getattr(self, name) is None) == (name in needed):
                state = "needs" if name in needed else "takes no"
                raise ValueError(f"a {self.kind} group {state} {name}")

    @property
    def code(self) -> str:
        """Short string such as ``budget:year=0`` or ``requires:a=2,b=3``."""
        keys = _GROUP_FIELDS[self.kind]
        return f"{self.kind}:" + ",".join(f"{key}={getattr(self, key)}" for key in keys)


@dataclass(frozen=True)
class Conflict:
    """One reason why no portfolio satisfies all constraints.

    ``kind`` is a stable machine code, ``detail`` carries the numbers and project indices
    a user needs to resolve it (which year, how much over, which dependency chain). For
    "minimal_conflict", ``detail["groups"]`` is the tuple of ``ConstraintGroup`` that
    cannot all hold together.
    """

    kind: str
    detail: Mapping[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        """Short string such as ``forced_in_over_budget:year=2`` for logs and UI keys."""
        if self.kind == "minimal_conflict":
            return f"{self.kind}:" + ";".join(group.code for group in self.detail["groups"])
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


# ------------------------------------------------------------------------ shared checks

# Relative slack when comparing a sum of costs with a budget: keeps the exact checks from
# flagging sums that differ from the bound only by floating-point rounding.
_RTOL = 1e-9


def exceeds(total: float, bound: float) -> bool:
    """True when a sum is over its bound by more than floating-point noise."""
    return total > bound + _RTOL * max(1.0, abs(bound))


def requires_closure(problem: SelectionProblem, roots: Iterable[int]) -> dict[int, int | None]:
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


# ------------------------------------------------------------------- conflict diagnosis


def diagnose_conflicts(problem: SelectionProblem) -> tuple[Conflict, ...]:
    """Explain why no portfolio satisfies the constraints; empty when one exists.

    Cheap exact checks on the forced-in set and its requires-closure come first because
    they name the cause in the user's terms. Only when they find nothing while HiGHS still
    reports infeasibility do we run the (slower) deletion filter.
    """
    checked = validated(problem)
    return diagnose_validated(checked, build_rows(checked))


def diagnose_validated(
    problem: SelectionProblem, rows: Rows, deadline: float | None = None
) -> tuple[Conflict, ...]:
    """``diagnose_conflicts`` for a problem that already went through ``validated``."""
    cheap = cheap_conflicts(problem)
    if cheap:
        return cheap
    groups = _deletion_filter(problem, rows, deadline)
    if not groups:
        return ()
    return (Conflict("minimal_conflict", {"groups": groups}),)


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
            if exceeds(forced_total, limit):
                kind, total, members = f"forced_in_over_{suffix}", forced_total, forced
            elif exceeds(closure_total, limit):
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


def cheap_conflicts(problem: SelectionProblem) -> tuple[Conflict, ...]:
    """All conflicts provable from the forced-in set and its requires-closure alone.

    With non-negative costs and demand these checks are complete: if none fires, selecting
    exactly the closure is a feasible portfolio.
    """
    parents = requires_closure(problem, problem.forced_in)
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
    problem: SelectionProblem, rows: Rows, deadline: float | None = None
) -> tuple[ConstraintGroup, ...]:
    """Minimal set of constraint groups that is infeasible on its own.

    Classic deletion filter: drop one group at a time; if the rest is still infeasible the
    group is not needed for the conflict and stays dropped, otherwise it is kept. Each
    step is a feasibility-only solve (zero objective). Returns () when the full problem
    turns out to be feasible. Past ``deadline`` every step counts as "feasible", so the
    groups not yet tested stay in: the answer may be larger than minimal, never wrong.
    """
    n = problem.values.shape[0]
    row_groups = rows.groups
    bound_groups = [ConstraintGroup("forced_in", project=i) for i in sorted(problem.forced_in)]
    bound_groups += [ConstraintGroup("forced_out", project=i) for i in sorted(problem.forced_out)]
    active = list(dict.fromkeys(row_groups)) + bound_groups

    def infeasible(groups: set[ConstraintGroup]) -> bool:
        mask = np.fromiter((g in groups for g in row_groups), dtype=bool, count=len(row_groups))
        forced_in = [g.project for g in bound_groups if g.kind == "forced_in" and g in groups]
        forced_out = [g.project for g in bound_groups if g.kind == "forced_out" and g in groups]
        time_limit = FEASIBILITY_TIME_LIMIT
        if deadline is not None:
            time_limit = min(time_limit, deadline - time.perf_counter())
            if time_limit <= 0:
                return False
        result = run_milp(
            np.zeros(n),
            rows,
            mask,
            variable_bounds(n, forced_in, forced_out),
            {"time_limit": time_limit},
        )
        # A solve that times out without an answer counts as feasible, so the group is
        # kept: the result may be larger than minimal but never misses a cause.
        return result.status == MILP_INFEASIBLE

    kept = set(active)
    if n == 0 or not infeasible(kept):
        return ()
    for group in active:
        kept.discard(group)
        if not infeasible(kept):
            kept.add(group)
    return tuple(group for group in active if group in kept)
