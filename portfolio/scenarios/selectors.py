"""Reads of scenarios that pages, the decision log and the API share."""

from dataclasses import dataclass

import numpy as np
from django.db.models import F, QuerySet, Value

from ..assessment.selectors import ScoreMatrix, score_matrix
from ..capacity import selectors as capacity_selectors
from ..projects.models import Phase, Project, ProjectBudget
from ..scoring.selection import SelectionProblem
from .capacity import CapacityRows, TeamLabel, capacity_rows, year_months
from .models import Scenario, ScenarioRule
from .rules import changed_inputs, input_fingerprint


def scenario_queryset() -> QuerySet[Scenario]:
    return Scenario.objects.select_related("framework", "adopted_by", "adopted_meeting")


def scenario_rules(scenario: Scenario):
    return scenario.rules.select_related("project", "other")


def framework_scenarios(framework) -> QuerySet[Scenario]:
    return framework.scenarios.select_related("adopted_by")


def compared_scenarios(framework, ids: list[int]) -> list[Scenario]:
    return list(framework.scenarios.filter(pk__in=ids).order_by("name"))


def adopted_scenarios(limit: int = 200) -> QuerySet[Scenario]:
    """Scenarios the board adopted, as entries of the decision log (newest first)."""
    return (
        Scenario.objects.exclude(adopted_at=None)
        .select_related("framework", "adopted_by", "adopted_meeting")
        .annotate(decided_at=F("adopted_at"), is_scenario=Value(True))
        .order_by("-adopted_at")[:limit]
    )


RUNNING_PHASES = (Phase.REALISATION, Phase.AFTERCARE)


@dataclass
class ScenarioProblem:
    problem: SelectionProblem
    projects: list[Project]
    years: list[str]
    committed: frozenset[int]  # indices forced in because they are already running
    scores: np.ndarray  # the contribution scores the values came from
    weights: np.ndarray
    statutory: frozenset[int] = frozenset()  # indices in by law, whatever the rules say
    # The team x month rows, after the project-count row when there is one.
    capacity: CapacityRows | None = None
    capacity_offset: int = 0  # the engine's resource index of the first capacity row

    def resource_label(self, resource: int):
        """(TeamLabel, month) of an engine resource, or None for the project count."""
        row = resource - self.capacity_offset
        if self.capacity is None or row < 0:
            return None
        return self.capacity.label(row)

    def inputs(self, scenario: Scenario) -> dict[str, object]:
        """What the solve depends on, by the names users know (rules.INPUT_LABELS):
        keyed by project id, so a fingerprint compares like with like."""
        ids = [p.pk for p in self.projects]
        problem = self.problem
        found: dict[str, object] = {
            "candidates": ids,
            "scores": dict(zip(ids, np.round(self.scores, 9).tolist(), strict=True)),
            "weights": np.round(self.weights, 9).tolist(),
            "costs": dict(zip(ids, np.round(problem.costs, 2).tolist(), strict=True)),
            "budgets": [scenario.budgets, scenario.max_projects],
            "rules": [
                sorted(ids[i] for i in problem.forced_in),
                sorted(ids[i] for i in problem.forced_out),
                sorted((ids[a], ids[b]) for a, b in problem.requires),
                sorted((ids[a], ids[b]) for a, b in problem.excludes),
            ],
        }
        if self.capacity is not None:
            # Only when capacity counts: a result stored without it stays comparable.
            found["capacity"] = self.capacity.inputs(ids)
        return found


def scenario_changes(scenario: Scenario, matrix: ScoreMatrix | None = None) -> list[str]:
    """What changed among the scenario's inputs since its result was computed (labels in
    the order of rules.INPUT_LABELS); empty when the result still holds or there is none."""
    if scenario.state != Scenario.State.DONE or not scenario.result:
        return []
    current = input_fingerprint(scenario_problem(scenario, matrix).inputs(scenario))
    return changed_inputs(scenario.result.get("inputs", {}), current)


def scenario_problem(scenario: Scenario, matrix: ScoreMatrix | None = None) -> ScenarioProblem:
    """The scenario as plain arrays: candidates, value per candidate, cost per year, rules.
    `matrix` lets a page that shows several scenarios read the scores once."""
    matrix = matrix or score_matrix(scenario.framework)
    projects = matrix.projects
    index = {p.pk: i for i, p in enumerate(projects)}
    values = matrix.values @ matrix.weights() if matrix.contribution else np.zeros(len(projects))
    years = sorted(scenario.budgets)
    year_column = {int(y): k for k, y in enumerate(years)}
    costs = np.zeros((len(projects), len(years)))
    rows = ProjectBudget.objects.filter(
        project_id__in=list(index), year__in=list(year_column)
    ).values_list("project_id", "year", "amount")
    for project_id, year, amount in rows:
        costs[index[project_id], year_column[year]] = float(amount)
    budgets = np.array([float(scenario.budgets[y]) for y in years])
    team_cells = team_rows(scenario, projects, years)
    demand, capacity = _resources(scenario, len(projects), team_cells)
    forced_in, forced_out, requires, excludes = set(), set(), [], []
    committed = frozenset(
        i for i, p in enumerate(projects) if scenario.commit_running and p.phase in RUNNING_PHASES
    )
    for rule in scenario.rules.all():
        a, b = index.get(rule.project_id), index.get(rule.other_id)
        if a is None or (rule.other_id is not None and b is None):
            continue  # the project left the candidates (closed or stopped) since
        if rule.kind == ScenarioRule.Kind.FORCED_IN:
            forced_in.add(a)
        elif rule.kind == ScenarioRule.Kind.FORCED_OUT:
            forced_out.add(a)
        elif rule.kind == ScenarioRule.Kind.REQUIRES:
            requires.append((a, b))
        else:
            excludes.append((a, b))
    # An explicit "falls out" for a running project overrides committing it; nothing
    # overrides the law: a statutory project is in every scenario.
    statutory = frozenset(i for i, p in enumerate(projects) if p.statutory)
    forced_out -= statutory
    forced_in |= (committed - forced_out) | statutory
    problem = SelectionProblem(
        values=values,
        costs=costs,
        budgets=budgets,
        demand=demand,
        capacity=capacity,
        requires=tuple(requires),
        excludes=tuple(excludes),
        forced_in=frozenset(forced_in),
        forced_out=frozenset(forced_out),
    )
    return ScenarioProblem(
        problem,
        projects,
        years,
        committed - forced_out,
        matrix.values,
        matrix.weights(),
        statutory,
        team_cells,
        capacity_offset=int(scenario.max_projects is not None),
    )


def _resources(
    scenario: Scenario, n: int, rows: CapacityRows | None
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The engine's demand (n, R) and capacity (R,): the project count first (when the
    scenario has a maximum), then a row per team and month (when capacity counts)."""
    demands, limits = [], []
    if scenario.max_projects is not None:
        demands.append(np.ones((n, 1)))
        limits.append(np.array([float(scenario.max_projects)]))
    if rows is not None and rows.cells:
        demands.append(rows.demand)
        limits.append(rows.limits)
    if not demands:
        return None, None
    return np.hstack(demands), np.concatenate(limits)


def team_rows(scenario: Scenario, projects: list[Project], years: list[str]) -> CapacityRows | None:
    """The scenario's team x month rows over every month of its budget years, for the
    teams some candidate asks hours of; None when capacity does not count. Four queries
    whatever the number of candidates: their demand, the teams, the teams' exceptions
    (team_capacity, THE capacity the heatmap shows) and the committed demand per cell."""
    if scenario.capacity_tolerance_pct is None:
        return None
    months = year_months(years)
    ids = [p.pk for p in projects]
    asked = capacity_selectors.project_demand(ids, months)
    team_ids = sorted({team for (_p, team, _m), hours in asked.items() if hours > 0})
    teams = list(capacity_selectors.team_queryset().filter(pk__in=team_ids)) if team_ids else []
    totals = capacity_selectors.demand_totals([t.pk for t in teams], months) if teams else {}
    committed: dict = {}
    for (team, month, status), hours in totals.items():
        if status in capacity_selectors.COMMITTED:
            committed[team, month] = committed.get((team, month), 0.0) + hours
    return capacity_rows(
        tolerance_pct=scenario.capacity_tolerance_pct,
        teams=[TeamLabel(t.pk, t.code, t.name) for t in teams],
        months=months,
        capacity=capacity_selectors.team_capacity(teams, months),
        committed=committed,
        asked=asked,
        ids=ids,
        # Running candidates' hours are in the heatmap's committed sum already.
        running=[p.pk for p in projects if p.status in capacity_selectors.COMMITTED],
    )


def with_changes(
    scenarios: list[Scenario], framework, matrix: ScoreMatrix | None = None
) -> list[Scenario]:
    """Each scenario with `.changed`: what changed since its solve (nothing for an
    adopted scenario: the board decided on what it saw). The scores are read once."""
    pending = [s for s in scenarios if s.adopted_at is None and s.state == Scenario.State.DONE]
    if pending and matrix is None:
        matrix = score_matrix(framework)
    for scenario in scenarios:
        scenario.changed = scenario_changes(scenario, matrix) if scenario in pending else []
    return scenarios
