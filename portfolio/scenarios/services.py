"""Scenarios: constraints, the optimal selection (HiGHS MILP via the pure engine), adoption.

Solving runs as a Celery task after commit; the result is stored with the scenario
version it was computed for, so a result for constraints that changed meanwhile is never
shown as current, and a late task never overwrites a newer result.
"""

import uuid
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.actors import Actor
from pmo.audit import audit_record, audit_version_bump
from pmo.models import AuditEntry
from pmo.queue import requested, send_on_commit
from pmo.versioning import lock
from pmo.webhooks.events import emit
from pmo.webhooks.models import Event

from ..assessment.models import AssessmentFramework
from ..governance.models import BoardMeeting
from ..governance.rules import too_early
from ..projects.models import Project
from ..scoring.selection import (
    BadlyScaledError,
    diagnose_conflicts,
    efficient_frontier,
    select,
    smallest_feasible_factor,
)
from .models import Scenario, ScenarioRule
from .outcome import capacity_part, conflict_detail
from .rules import PAIR_KINDS, adoptable, budget_errors, input_fingerprint, rule_errors
from .selectors import scenario_changes, scenario_problem

# A web user waits for the answer; these bound the solver (the gap is reported).
SELECT_TIME_LIMIT = 20.0
FRONTIER_POINTS = 15
FRONTIER_TIME_LIMIT = 20.0
FRONTIER_TIME_LIMIT_PER_POINT = 4.0
FRONTIER_HIGH = 1.25


def parse_budgets(raw: dict[str, Any]) -> dict[str, str]:
    """{year: amount} checked by the same rule the form uses, or a field error."""
    budgets, problem = budget_errors(raw)
    if problem:
        raise ValidationError({"budgets": problem})
    return budgets


def _locked(scenario: Scenario, expected_version: int) -> Scenario:
    current = lock(Scenario.objects, pk=scenario.pk, expected_version=expected_version)
    if current.adopted_at is not None:
        raise ValidationError(
            _("Dit scenario is vastgesteld door de portfolioraad en verandert niet meer.")
        )
    return current


def _created_with(token: uuid.UUID | None, framework, actor: Actor) -> Scenario | None:
    if token is None:
        return None
    return Scenario.objects.filter(
        creation_token=token, framework=framework, created_by=actor.saved_user
    ).first()


@transaction.atomic
def scenario_create(
    *,
    actor: Actor,
    framework: AssessmentFramework,
    name: str,
    budgets: dict[str, Any],
    description: str = "",
    max_projects: int | None = None,
    capacity_tolerance_pct: int | None = None,
    commit_running: bool = True,
    creation_token: uuid.UUID | None = None,
) -> Scenario:
    """A new scenario; the same form sent again (the same token) returns the first one."""
    earlier = _created_with(creation_token, framework, actor)
    if earlier is not None:
        return earlier
    scenario = Scenario(
        creation_token=creation_token,
        framework=framework,
        name=name,
        description=description,
        budgets=parse_budgets(budgets),
        max_projects=max_projects,
        capacity_tolerance_pct=capacity_tolerance_pct,
        commit_running=commit_running,
        created_by=actor.saved_user,
    )
    scenario.full_clean()
    try:
        with transaction.atomic():
            scenario.save()
    except IntegrityError:
        # The same form, sent twice at once: the other request's insert won.
        earlier = _created_with(creation_token, framework, actor)
        if earlier is None:
            raise
        return earlier
    audit_record(
        actor=actor,
        instance=scenario,
        action=AuditEntry.Action.CREATE,
        changes={},
    )
    return scenario


@transaction.atomic
def scenario_update(
    *, actor: Actor, scenario: Scenario, expected_version: int, **fields: Any
) -> Scenario:
    allowed = {
        "name",
        "description",
        "budgets",
        "max_projects",
        "capacity_tolerance_pct",
        "commit_running",
    }
    if set(fields) - allowed:
        raise ValueError(f"not editable: {sorted(set(fields) - allowed)}")
    current = _locked(scenario, expected_version)
    if "budgets" in fields:
        fields["budgets"] = parse_budgets(fields["budgets"])
    before = {name: str(getattr(current, name)) for name in fields}
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    current.save(update_fields=list(fields))
    audit_version_bump(
        current,
        actor=actor,
        changes={k: [before[k], str(v)] for k, v in fields.items()},
        caller=scenario,
    )
    return current


@transaction.atomic
def scenario_rule_add(
    *,
    actor: Actor,
    scenario: Scenario,
    expected_version: int,
    kind: str,
    project: Project,
    other: Project | None = None,
) -> ScenarioRule:
    current = _locked(scenario, expected_version)
    errors = rule_errors(kind=kind, project=project, other=other)
    if errors:
        raise ValidationError(errors)
    pair = kind in PAIR_KINDS
    rule = ScenarioRule(scenario=current, kind=kind, project=project, other=other if pair else None)
    rule.full_clean()
    rule.save()
    audit_version_bump(current, actor=actor, changes={"regel": ["", str(rule)]}, caller=scenario)
    return rule


@transaction.atomic
def scenario_rule_remove(
    *, actor: Actor, scenario: Scenario, expected_version: int, rule: ScenarioRule
) -> None:
    current = _locked(scenario, expected_version)
    text = str(rule)
    rule.delete()
    audit_version_bump(current, actor=actor, changes={"regel": [text, ""]}, caller=scenario)


# ------------------------------------------------------------------------------ solving


def scenario_solve(*, scenario_id: int, version: int) -> Scenario | None:
    """Solve the scenario as it was at `version`; store the result unless it changed since.

    Returns None (and stores nothing) when the scenario moved on: a newer solve follows.
    A failure leaves the state "failed" with its error in the result, then raises: the
    task reports it and retries only a named transient error.
    """
    scenario = Scenario.objects.select_related("framework").get(pk=scenario_id)
    if scenario.version != version:
        return None
    try:
        return _solve_and_store(scenario, version)
    except OperationalError:
        raise  # transient: the task retries, the state stays "queued"
    except BadlyScaledError as error:
        # Retrying cannot help: the amounts are too large for the solver. Say which.
        _store_failure(
            scenario_id,
            version,
            {"error": "badly_scaled", "input": error.name, "largest": error.largest},
        )
        return None
    except Exception as error:
        _store_failure(scenario_id, version, {"error": f"{type(error).__name__}: {error}"[:500]})
        raise


def _store_failure(scenario_id: int, version: int, result: dict) -> None:
    Scenario.objects.filter(pk=scenario_id, version=version).update(
        state=Scenario.State.FAILED, result=result, solved_version=None, solved_at=timezone.now()
    )


def _solve_and_store(scenario: Scenario, version: int) -> Scenario | None:
    built = scenario_problem(scenario)
    selection = select(built.problem, time_limit=SELECT_TIME_LIMIT)
    projects, years = built.projects, built.years
    result: dict[str, Any] = {
        "status": selection.status,
        "gap": selection.gap if np.isfinite(selection.gap) else None,
        "seconds": round(selection.solve_seconds, 3),
        "value": round(selection.value, 6),
        "selected": [projects[i].pk for i in selection.selected],
        "candidates": len(projects),
        "committed": sorted(projects[i].pk for i in built.committed),
        "statutory": sorted(projects[i].pk for i in built.statutory),
        "cost_per_year": {y: float(c) for y, c in zip(years, selection.cost_per_year, strict=True)},
        "budgets": {y: float(scenario.budgets[y]) for y in years},
        "max_projects": scenario.max_projects,
        "conflicts": [],
        "frontier": [],
        "inputs": input_fingerprint(built.inputs(scenario)),
    }
    if built.capacity is not None:
        result["capacity"] = capacity_part(built, selection)
    if selection.status == "infeasible":
        result["conflicts"] = [
            {"kind": c.kind, "detail": conflict_detail(dict(c.detail), built)}
            for c in diagnose_conflicts(built.problem)
        ]
    else:
        # From the budget the committed projects need up to a quarter more than the
        # scenario's: below that nothing fits, above it the board sees what more buys.
        frontier = efficient_frontier(
            built.problem,
            points=FRONTIER_POINTS,
            time_limit=FRONTIER_TIME_LIMIT,
            time_limit_per_point=FRONTIER_TIME_LIMIT_PER_POINT,
            low=min(smallest_feasible_factor(built.problem), 1.0),
            high=FRONTIER_HIGH,
        )
        result["frontier"] = [[budget, value, len(chosen)] for budget, value, chosen in frontier]
    with transaction.atomic():
        updated = Scenario.objects.filter(pk=scenario.pk, version=version).update(
            result=result,
            solved_version=version,
            solved_at=timezone.now(),
            state=Scenario.State.DONE,
        )
    if not updated:
        return None
    scenario.refresh_from_db()
    return scenario


@transaction.atomic
def scenario_request_solve(*, actor: Actor, scenario: Scenario) -> Scenario:
    """Mark the scenario as being solved and send the solve after commit; an unreachable
    broker leaves it marked, and the recovery job sends it later (pmo/queue.py)."""
    Scenario.objects.filter(pk=scenario.pk).update(state=Scenario.State.QUEUED, **requested())
    scenario.refresh_from_db(fields=["state", "version", "job_requested_at", "job_sent"])
    send_on_commit(scenario)
    return scenario


@transaction.atomic
def scenario_adopt(
    *,
    actor: Actor,
    scenario: Scenario,
    expected_version: int,
    reasoning: str,
    meeting: BoardMeeting | None = None,
) -> Scenario:
    """The board adopts the scenario's current selection; recorded as a decision."""
    current = _locked(scenario, expected_version)
    changed = scenario_changes(current)
    if changed:
        raise ValidationError(
            _(
                "Sinds de berekening zijn %(inputs)s gewijzigd: bereken het scenario opnieuw "
                "voordat u het vaststelt."
            )
            % {"inputs": ", ".join(changed)}
        )
    if not adoptable(
        adopted=False,  # _locked refused an adopted scenario already
        result_is_current=current.result_is_current,
        status=current.result.get("status"),
    ):
        raise ValidationError(
            _("Alleen een actueel berekend scenario met een geldige selectie is vast te stellen.")
        )
    if not reasoning.strip():
        raise ValidationError({"reasoning": _("Leg de motivering van het besluit vast.")})
    early = too_early(meeting, timezone.localdate())
    if early:
        raise ValidationError({"meeting": early})
    current.adopted_by, current.adopted_at = actor.saved_user, timezone.now()
    current.adoption_reasoning, current.adopted_meeting = reasoning.strip(), meeting
    current.save(
        update_fields=["adopted_by", "adopted_at", "adoption_reasoning", "adopted_meeting"]
    )
    # Adoption changes no constraint, so the version (and the result's validity) stays.
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.UPDATE,
        changes={"vastgesteld": ["", reasoning]},
    )
    selected = current.result.get("selected", [])
    emit(
        Event.SCENARIO_ADOPTED,
        {"scenario": current.pk, "framework": current.framework_id, "selected": selected},
    )
    return current
