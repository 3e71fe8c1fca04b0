"""Writes of the beschikbare weerstandscapaciteit: a statement on a date with its
components (algemene reserve, onvoorzien, …), and the reads a simulation takes it by."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pmo.actors import Actor
from pmo.audit import audit_record, diff, snapshot
from pmo.models import AuditEntry
from pmo.versioning import bump, lock
from portfolio.projects.models import OrgUnit, Portfolio

from ..models import CapacityComponent, CapacityStatement
from .policy import require_writer


@dataclass(frozen=True)
class Component:
    name: str
    kind: str
    amount: Decimal


def _components(statement: CapacityStatement, components: list[Component]) -> None:
    errors = []
    for row in components:
        if row.amount is None or row.amount < 0:
            errors.append(_("De beschikbare weerstandscapaciteit is niet negatief."))
        if not row.name.strip():
            errors.append(_("Geef elk onderdeel een naam."))
    if not components:
        errors.append(_("Geef ten minste één onderdeel, zoals de algemene reserve."))
    if errors:
        raise ValidationError({"components": sorted(set(errors))})
    statement.components.all().delete()
    CapacityComponent.objects.bulk_create(
        CapacityComponent(statement=statement, name=r.name.strip(), kind=r.kind, amount=r.amount)
        for r in components
    )


def _component_lines(statement: CapacityStatement) -> str:
    return "; ".join(f"{c.name}: € {c.amount:,.0f}" for c in statement.components.all())


@transaction.atomic
def capacity_create(
    *,
    actor: Actor,
    portfolio: Portfolio,
    org_unit: OrgUnit | None = None,
    as_of,
    notes: str = "",
    components: list[Component],
) -> CapacityStatement:
    """State the beschikbare weerstandscapaciteit on a date, with its components."""
    require_writer(actor)
    statement = CapacityStatement(portfolio=portfolio, org_unit=org_unit, as_of=as_of, notes=notes)
    statement.full_clean()
    statement.save()
    _components(statement, components)
    changes = diff({}, snapshot(statement, ["as_of", "org_unit", "notes"]))
    changes[_("onderdelen")] = ["", _component_lines(statement)]
    audit_record(actor=actor, instance=statement, action=AuditEntry.Action.CREATE, changes=changes)
    return statement


@transaction.atomic
def capacity_update(
    *,
    actor: Actor,
    statement: CapacityStatement,
    expected_version: int,
    as_of,
    notes: str = "",
    components: list[Component],
) -> CapacityStatement:
    require_writer(actor)
    current = lock(CapacityStatement.objects, pk=statement.pk, expected_version=expected_version)
    before = snapshot(current, ["as_of", "notes"])
    lines_before = _component_lines(current)
    current.as_of, current.notes = as_of, notes
    current.full_clean()
    _components(current, components)
    changes = diff(before, snapshot(current, ["as_of", "notes"]))
    lines = _component_lines(current)
    if lines != lines_before:
        changes[_("onderdelen")] = [lines_before, lines]
    if not changes:
        return current
    bump(current, expected_version=expected_version, as_of=as_of, notes=notes)
    current.refresh_from_db()
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current


def capacity_total(statement: CapacityStatement | None) -> Decimal | None:
    if statement is None:
        return None
    return sum((c.amount for c in statement.components.all()), Decimal(0))


def statement_for(portfolio_id: int, org_unit_id: int | None, on) -> CapacityStatement | None:
    """The newest statement of that portfolio and unit on or before the day."""
    return (
        CapacityStatement.objects.filter(
            portfolio_id=portfolio_id, org_unit_id=org_unit_id, as_of__lte=on
        )
        .prefetch_related("components")
        .order_by("-as_of", "-pk")
        .first()
    )
