"""Writes to the stakeholder register: record a stakeholder of a project or programme,
change it (versioned), and its communication actions (add, change, mark done).

The strategy follows from power and interest (risks/rules/grid.py) unless someone picks
another: left empty it is derived; a stakeholder whose strategy followed the grid keeps
following it when power or interest change; a different choice is kept as chosen.
Who may: as for risks (`can_raise_risk`): whoever changes the project, the programme's
manager for a programme's, the PMO-analist anywhere."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pmo.access import is_editable
from pmo.actors import Actor
from pmo.audit import audit_record, diff, snapshot
from pmo.models import AuditEntry
from pmo.versioning import bump, lock
from portfolio.projects.models import Programme, Project

from ..models import Level, Stakeholder, StakeholderAction
from ..rules import grid
from .risks import can_raise_risk

STAKEHOLDER_FIELDS = [
    "name", "organisation", "role", "power", "interest", "attitude", "strategy", "notes",
]  # fmt: skip
STAKEHOLDER_ACTION_FIELDS = ["description", "channel", "due_on", "done_on"]


def derived_strategy(power, interest) -> str:
    """The grid's strategy, or "" while power or interest is off the scale."""
    if grid.on_scale(power) and grid.on_scale(interest):
        return grid.strategy_for(power, interest)
    return ""


def follows_grid(stakeholder: Stakeholder) -> bool:
    """Whether the strategy is the one the grid gives (not a choice of its own)."""
    return stakeholder.strategy == derived_strategy(stakeholder.power, stakeholder.interest)


def _validate(instance, *, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        errors = error.message_dict
        # An empty strategy then only follows from the bad class: say it once.
        bad_class = errors.keys() & {"power", "interest"}
        if isinstance(instance, Stakeholder) and bad_class and not instance.strategy:
            errors.pop("strategy", None)
        raise ValidationError(errors) from error


def _check_fields(fields: dict, allowed: list[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")


@transaction.atomic
def stakeholder_create(
    *,
    actor: Actor,
    project: Project | None = None,
    programme: Programme | None = None,
    **fields: Any,
) -> Stakeholder:
    """Record a stakeholder of a project, or else of a programme."""
    _check_fields(fields, STAKEHOLDER_FIELDS)
    if project is None and programme is None:
        raise ValidationError({"project": [_("Kies het project of het programma.")]})
    if not can_raise_risk(actor.user, project=project, programme=programme):
        raise PermissionDenied
    level = Level.PROJECT if project else Level.PROGRAMME
    stakeholder = Stakeholder(
        project=project,
        programme=project.programme if project else programme,
        portfolio=project.portfolio if project else programme.portfolio,
        level=level,
        home_level=level,
        **fields,
    )
    if not stakeholder.strategy:
        stakeholder.strategy = derived_strategy(stakeholder.power, stakeholder.interest)
    _validate(stakeholder, exclude=["home_level"])
    stakeholder.save()
    changes = diff({}, snapshot(stakeholder, STAKEHOLDER_FIELDS))
    audit_record(
        actor=actor, instance=stakeholder, action=AuditEntry.Action.CREATE, changes=changes
    )
    return stakeholder


@transaction.atomic
def stakeholder_update(
    *, actor: Actor, stakeholder: Stakeholder, expected_version: int, **fields: Any
) -> Stakeholder:
    """Change a stakeholder if nobody did since `expected_version`."""
    _check_fields(fields, STAKEHOLDER_FIELDS)
    current = lock(Stakeholder.objects, pk=stakeholder.pk, expected_version=expected_version)
    if not is_editable(current, actor.user):
        raise PermissionDenied
    before = snapshot(current, STAKEHOLDER_FIELDS)
    following = follows_grid(current)
    for name, value in fields.items():
        setattr(current, name, value)
    if not fields.get("strategy") and ("strategy" in fields or following):
        current.strategy = derived_strategy(current.power, current.interest)
    _validate(current, exclude=["home_level"])
    changes = diff(before, snapshot(current, STAKEHOLDER_FIELDS))
    if not changes:
        return current
    bump(
        current,
        expected_version=expected_version,
        **{name: getattr(current, name) for name in {*fields, "strategy"}},
    )
    current.refresh_from_db()
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current


@transaction.atomic
def stakeholder_action_add(
    *, actor: Actor, stakeholder: Stakeholder, **fields: Any
) -> StakeholderAction:
    """A communication action for a stakeholder one may change."""
    _check_fields(fields, STAKEHOLDER_ACTION_FIELDS)
    if not is_editable(stakeholder, actor.user):
        raise PermissionDenied
    action = StakeholderAction(stakeholder=stakeholder, **fields)
    _validate(action)
    action.save()
    changes = diff({}, snapshot(action, STAKEHOLDER_ACTION_FIELDS))
    audit_record(actor=actor, instance=action, action=AuditEntry.Action.CREATE, changes=changes)
    return action


@transaction.atomic
def stakeholder_action_update(
    *, actor: Actor, action: StakeholderAction, expected_version: int, **fields: Any
) -> StakeholderAction:
    """Change an action if nobody did since `expected_version`; most often marking it
    done (`done_on`)."""
    _check_fields(fields, STAKEHOLDER_ACTION_FIELDS)
    current = lock(StakeholderAction.objects, pk=action.pk, expected_version=expected_version)
    if not is_editable(current, actor.user):
        raise PermissionDenied
    before = snapshot(current, STAKEHOLDER_ACTION_FIELDS)
    for name, value in fields.items():
        setattr(current, name, value)
    _validate(current)
    changes = diff(before, snapshot(current, STAKEHOLDER_ACTION_FIELDS))
    if not changes:
        return current
    bump(current, expected_version=expected_version, **fields)
    current.refresh_from_db()
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current
