"""The bateneigenaar's measurements: one at a time on the page, in bulk through the API
(keyed by `external_id`). Only the owner records them; anyone else gets 403 (a page, a
single API write) or a refused row (a bulk request), and nothing is saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.actors import Actor
from pmo.audit import audit_record, diff, snapshot
from pmo.bulk import RowOutcome, UpsertResult, per_row
from pmo.models import AuditEntry

from ..models import Benefit, Measurement
from .profiles import progress_refresh

MEASUREMENT_FIELDS = ["measured_on", "value", "note"]


def not_the_owner(benefit: Benefit) -> str:
    owner = benefit.owner or _("niemand")
    return _("Alleen de bateneigenaar (%(owner)s) legt metingen vast.") % {"owner": owner}


def _check(benefit: Benefit, measured_on: dt.date, exclude_pk: int | None = None) -> None:
    errors = {}
    if benefit.baseline_date and measured_on < benefit.baseline_date:
        errors["measured_on"] = [
            _("Een meting ligt niet vóór de nulmeting (%(date)s).")
            % {"date": f"{benefit.baseline_date:%d-%m-%Y}"}
        ]
    elif measured_on > timezone.localdate():
        errors["measured_on"] = [_("Een meting ligt niet in de toekomst.")]
    elif (
        Measurement.objects.filter(benefit=benefit, measured_on=measured_on)
        .exclude(pk=exclude_pk)
        .exists()
    ):
        errors["measured_on"] = [_("Er is al een meting op deze datum.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def measurement_record(
    *,
    actor: Actor,
    benefit: Benefit,
    measured_on: dt.date,
    value: Decimal,
    note: str = "",
    external_id: str | None = None,
) -> Measurement:
    current = Benefit.objects.select_for_update().get(pk=benefit.pk)
    if not Benefit.objects.measurable_by(actor.user).filter(pk=current.pk).exists():
        raise PermissionDenied(not_the_owner(current))
    _check(current, measured_on)
    measurement = Measurement(
        benefit=current,
        measured_on=measured_on,
        value=value,
        note=note.strip(),
        recorded_by=actor.saved_user,
        external_id=external_id or None,
    )
    measurement.full_clean(exclude=["benefit"])
    measurement.save()
    progress_refresh(current)
    audit_record(
        actor=actor,
        instance=measurement,
        action=AuditEntry.Action.CREATE,
        changes=diff({}, snapshot(measurement, MEASUREMENT_FIELDS)),
    )
    return measurement


@transaction.atomic
def measurement_change(*, actor: Actor, measurement: Measurement, **fields) -> Measurement:
    """The owner corrects a measurement (a typo in the value, the wrong day)."""
    current = Measurement.objects.select_for_update().get(pk=measurement.pk)
    benefit = current.benefit
    if not Benefit.objects.measurable_by(actor.user).filter(pk=benefit.pk).exists():
        raise PermissionDenied(not_the_owner(benefit))
    before = snapshot(current, MEASUREMENT_FIELDS)
    for name in MEASUREMENT_FIELDS:
        if name in fields:
            setattr(current, name, fields[name])
    _check(benefit, current.measured_on, exclude_pk=current.pk)
    current.full_clean(exclude=["benefit"])
    changes = diff(before, snapshot(current, MEASUREMENT_FIELDS))
    if not changes:
        return current
    current.save()
    progress_refresh(benefit)
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current


@transaction.atomic
def measurements_upsert(*, actor: Actor, rows: list[dict]) -> UpsertResult:
    """Measurements keyed by `external_id`, each naming its benefit by the benefit's
    `external_id`. The same payload twice changes nothing; a refused row refuses all."""
    keys = {row["benefit"] for row in rows}
    benefits = {b.external_id: b for b in Benefit.objects.filter(external_id__in=keys)}
    visible = set(
        Benefit.objects.visible_to(actor.user)
        .filter(external_id__in=keys)
        .values_list("external_id", flat=True)
    )
    ownable = set(
        Benefit.objects.measurable_by(actor.user)
        .filter(external_id__in=keys)
        .values_list("external_id", flat=True)
    )
    existing = {
        m.external_id: m
        for m in Measurement.objects.filter(external_id__in=[row["external_id"] for row in rows])
    }
    touched: dict[int, Benefit] = {}

    def write(index: int, row: dict) -> RowOutcome:
        key = row["benefit"]
        if key not in visible:
            raise ValidationError({"benefit": [_("Onbekende baat: %(key)s.") % {"key": key}]})
        benefit = benefits[key]
        if key not in ownable:
            raise ValidationError({"benefit": [not_the_owner(benefit)]})
        current = existing.get(row["external_id"])
        if current is not None and current.benefit_id != benefit.pk:
            raise ValidationError({"benefit": [_("Deze meting hoort bij een andere baat.")]})
        values = {name: row[name] for name in MEASUREMENT_FIELDS if name in row}
        if current is None:
            _check(benefit, values["measured_on"])
            measurement = Measurement(
                benefit=benefit, recorded_by=actor.saved_user, external_id=row["external_id"]
            )
            for name, value in values.items():
                setattr(measurement, name, value)
            measurement.full_clean(exclude=["benefit"])
            measurement.save()
            changes, result = diff({}, snapshot(measurement, MEASUREMENT_FIELDS)), "created"
            action = AuditEntry.Action.CREATE
        else:
            measurement = current
            # Compared as values: 52 and the stored 52.00 are the same measurement.
            changed = {n: v for n, v in values.items() if getattr(current, n) != v}
            if not changed:
                return RowOutcome(index, row["external_id"], current.pk, "unchanged")
            before = snapshot(current, MEASUREMENT_FIELDS)
            for name, value in changed.items():
                setattr(current, name, value)
            changes = diff(before, snapshot(current, MEASUREMENT_FIELDS))
            _check(benefit, current.measured_on, exclude_pk=current.pk)
            current.full_clean(exclude=["benefit"])
            current.save()
            result, action = "updated", AuditEntry.Action.UPDATE
        audit_record(actor=actor, instance=measurement, action=action, changes=changes)
        touched[benefit.pk] = benefit
        return RowOutcome(index, row["external_id"], measurement.pk, result)

    result = per_row(rows, write)
    for benefit in touched.values():
        progress_refresh(benefit)
    return result
