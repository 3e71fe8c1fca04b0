"""Writes of the risk policy (nota risicomanagement): the scales, the certainty of the
weerstandsvermogen and its classes; and the engines' problem codes in the user's words."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pmo.access import edits_everything
from pmo.actors import Actor
from pmo.audit import audit_record, diff, snapshot
from pmo.models import AuditEntry
from pmo.versioning import bump, lock
from portfolio.projects.models import Portfolio

from ..models import Risk, RiskPolicy
from ..rules import resistance as classes
from ..rules import simulation
from .risks import scores

POLICY_FIELDS = [
    "probabilities", "money_bounds", "time_bounds", "quality_labels", "certainty",
    "class_bounds",
]  # fmt: skip


def require_writer(actor: Actor) -> None:
    if not edits_everything(actor.user):
        raise PermissionDenied


def engine_messages() -> dict[str, str]:
    """The engines' problem codes in the user's words."""
    return {
        classes.NO_BOUNDS: _("Geef ten minste één klasse."),
        classes.MALFORMED_BOUND: _("Elke klasse heeft een naam, een ondergrens en ≥ of >."),
        classes.EMPTY_CLASS_NAME: _("Geef elke klasse een naam."),
        classes.DUPLICATE_CLASS: _("Twee klassen hebben dezelfde naam."),
        classes.BOUND_NEGATIVE: _("Een ondergrens is niet negatief."),
        classes.BOUNDS_NOT_DESCENDING: _(
            "De ondergrenzen dalen van de beste klasse naar de slechtste."
        ),
        classes.GAP_BELOW_LOWEST: _(
            "De laatste klasse begint bij 0 (≥ 0), zodat elke ratio een klasse heeft."
        ),
        classes.NEGATIVE_CAPACITY: _("De beschikbare weerstandscapaciteit is niet negatief."),
        simulation.NOT_A_NUMBER: _("Geef een getal."),
        simulation.CERTAINTY_OUTSIDE_0_1: _("De zekerheid ligt tussen 0 en 100 %."),
        simulation.ITERATIONS_OUT_OF_RANGE: _("Het aantal iteraties ligt tussen 1 en 10 miljoen."),
    }


def engine_error(error: simulation.InvalidInput, field: str | None = None) -> ValidationError:
    messages = engine_messages()
    found: dict[str, list[str]] = {}
    for problem in error.problems:
        text = messages.get(problem.code, problem.code)
        name = field or problem.field
        if text not in found.setdefault(name, []):
            found[name].append(text)
    return ValidationError(found)


# The policy ---------------------------------------------------------------------------


def _validate_policy(policy: RiskPolicy) -> None:
    errors: dict[str, list[str]] = {}
    try:
        policy.full_clean(exclude=["portfolio"])
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        classes.bounds_from_data(policy.class_bounds)
    except simulation.InvalidInput as error:
        errors.update(engine_error(error, "class_bounds").message_dict)
    if errors:
        raise ValidationError(errors)


def _rescore(portfolio: Portfolio, policy: RiskPolicy) -> int:
    """Redrawn money classes change every expected value: keep the stored ones true."""
    risks = list(Risk.objects.filter(portfolio=portfolio))
    for risk in risks:
        for name, value in scores(risk, policy).items():
            setattr(risk, name, value)
    Risk.objects.bulk_update(risks, ["inherent_score", "residual_score", "expected_value"], 500)
    return len(risks)


@transaction.atomic
def policy_save(
    *, actor: Actor, portfolio: Portfolio, expected_version: int | None, **fields: Any
) -> RiskPolicy:
    """Set the portfolio's risk policy; the first save makes it (expected_version None),
    later ones refuse a stale version. The risks' expected values follow."""
    require_writer(actor)
    unknown = set(fields) - set(POLICY_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    existing = RiskPolicy.objects.filter(portfolio=portfolio).first()
    if existing is None or expected_version is None:
        if existing is not None:
            lock(RiskPolicy.objects, pk=existing.pk, expected_version=-1)  # raises stale
        policy = RiskPolicy(portfolio=portfolio, **fields)
        _validate_policy(policy)
        policy.save()
        changes = diff({}, snapshot(policy, POLICY_FIELDS))
        action = AuditEntry.Action.CREATE
    else:
        policy = lock(RiskPolicy.objects, pk=existing.pk, expected_version=expected_version)
        before = snapshot(policy, POLICY_FIELDS)
        for name, value in fields.items():
            setattr(policy, name, value)
        _validate_policy(policy)
        changes = diff(before, snapshot(policy, POLICY_FIELDS))
        if not changes:
            return policy
        bump(policy, expected_version=expected_version, **fields)
        policy.refresh_from_db()
        action = AuditEntry.Action.UPDATE
    _rescore(portfolio, policy)
    audit_record(actor=actor, instance=policy, action=action, changes=changes)
    return policy
