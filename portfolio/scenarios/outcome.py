"""The solver's outcome as a scenario stores it: engine indices turned into what a user
recognises (project codes, calendar years, team and month) and the capacity part of the
result (each team's load per month with the selection)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..scoring.selection import Selection
from .capacity import capacity_result, month_key

if TYPE_CHECKING:
    from .selectors import ScenarioProblem


def conflict_detail(detail: dict, built: ScenarioProblem) -> dict:
    """Engine indices into what a user recognises: project codes, calendar years, and
    for a capacity row the team and month."""
    projects, years = built.projects, built.years
    readable: dict[str, Any] = {}
    for key, value in detail.items():
        if key == "year":
            readable[key] = years[value]
        elif key == "resource":
            readable.update(resource_readable(value, built))
        elif key in ("a", "b"):
            readable[key] = projects[value].code
        elif key in ("projects", "added", "chain", "chain_a", "chain_b"):
            readable[key] = [projects[i].code for i in value]
        elif key == "groups":
            readable[key] = [group_readable(g, built) for g in value]
        else:
            readable[key] = value
    return readable


def resource_readable(resource: int, built: ScenarioProblem) -> dict:
    """A capacity row as {"team", "team_code", "month": "YYYY-MM"}; the project count
    keeps its index."""
    label = built.resource_label(resource)
    if label is None:
        return {"resource": resource}
    team, month = label
    return {"team": team.name, "team_code": team.code, "month": month_key(month)}


def group_readable(group: Any, built: ScenarioProblem) -> dict:
    """The engine's ConstraintGroup as stored: {"kind": ..., "year" | "a", "b" | "project"
    | "team", "team_code", "month"}. The project-count row stays {"kind": "capacity"}."""
    found: dict[str, Any] = {"kind": group.kind}
    if group.year is not None:
        found["year"] = built.years[group.year]
    if group.resource is not None:
        found.update(resource_readable(group.resource, built))
        found.pop("resource", None)
    for key in ("a", "b", "project"):
        index = getattr(group, key)
        if index is not None:
            found[key] = built.projects[index].code
    return found


def capacity_part(built: ScenarioProblem, selection: Selection) -> dict:
    """Each team's load per month with the selection, and the cells that kept a project
    out; only the tolerance and the teams when there is no selection."""
    if selection.status == "infeasible":
        return capacity_result(built.capacity, selected=None)
    chosen = set(selection.selected)
    return capacity_result(
        built.capacity,
        selected=sorted(chosen),
        open_=set(range(len(built.projects))) - chosen - built.problem.forced_out,
        values=np.asarray(built.problem.values, dtype=float),
        codes=[p.code for p in built.projects],
    )
