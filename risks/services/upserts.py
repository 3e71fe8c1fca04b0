"""Bulk upsert of risks, for an imported register: many rows at once, all or nothing.

A row is keyed by its `external_id` (the register's own number for the risk); a row
without one is a new risk. Each row goes through `risk_create` or `risk_update`, so an
imported risk meets the same rules as one raised on the page (scales, responses that fit
the kind, a reason for a residual score above the inherent one, who may raise or change
it) and gets its scores derived the same way; every refused row is named with its
index and fields, and then nothing is written. A row that changes nothing writes
nothing, so the same register twice is a no-op.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.actors import Actor
from pmo.bulk import RowOutcome, UpsertResult, per_row
from pmo.models import User
from portfolio.projects.models import Project

from ..models import Risk
from .risks import RISK_FIELDS, risk_create, risk_update

# Row keys besides the risk's fields: its key, where it is raised, the version it was read at.
ROW_KEYS = {"external_id", "project", "version"}
USER_FIELDS = ("owner", "actionee")


class _Lookups:
    """What the rows refer to, one query per kind."""

    def __init__(self, actor: Actor, rows: list[dict]):
        keys = {row["external_id"] for row in rows if row.get("external_id")}
        self.risks = {
            r.external_id: r
            for r in Risk.objects.select_for_update(of=("self",))
            .filter(external_id__in=keys)
            .select_related("project")
        }
        codes = {row["project"] for row in rows if row.get("project")}
        self.projects = {
            p.code: p
            for p in Project.objects.visible_to(actor.user)
            .filter(code__in=codes)
            .select_related("portfolio", "programme")
        }
        names = {row[name] for row in rows for name in USER_FIELDS if row.get(name)}
        self.users = {
            u.username: u for u in User.objects.filter(username__in=names, is_active=True)
        }


def _fields(row: dict, found: _Lookups, errors: dict) -> dict[str, Any]:
    """The row's risk fields, users resolved by username; unknown ones become errors."""
    unknown = set(row) - set(RISK_FIELDS) - ROW_KEYS
    if unknown:
        raise ValueError(f"not a risk field: {sorted(unknown)}")
    fields = {name: row[name] for name in RISK_FIELDS if name in row}
    for name in USER_FIELDS:
        if name not in fields:
            continue
        username = fields.pop(name)
        user = found.users.get(username) if username else None
        if username and user is None:
            errors[name] = [_("Onbekende gebruiker: %(name)s.") % {"name": username}]
        else:
            fields[name] = user
    return fields


@transaction.atomic
def risks_upsert(*, actor: Actor, rows: list[dict[str, Any]]) -> UpsertResult:
    """Create or update a risk per row: `external_id` (optional key), `project` by its
    code (needed for a new risk), `owner` and `actionee` by username, any other field of
    RISK_FIELDS, and optionally the `version` it was read at. A new risk without
    `raised_on` is raised today. Raises RowErrors naming every refused row."""
    found = _Lookups(actor, rows)
    today = timezone.localdate()
    seen: set[str] = set()

    def write(index: int, row: dict) -> RowOutcome:
        errors: dict[str, list[str]] = {}
        key = (row.get("external_id") or "").strip() or None
        if key and key in seen:
            errors["external_id"] = [_("Dit kenmerk staat al eerder in het verzoek.")]
        if key:
            seen.add(key)
        fields = _fields(row, found, errors)
        code = row.get("project") or None
        project = found.projects.get(code) if code else None
        if code and project is None:
            errors["project"] = [_("Onbekend project: %(key)s.") % {"key": code}]
        current = found.risks.get(key) if key else None
        label = key or f"{code or ''}/{fields.get('title') or ''}"
        if current is None:
            if code is None:
                errors["project"] = [_("Verplicht voor een nieuw risico.")]
            if errors:
                raise ValidationError(errors)
            fields.setdefault("raised_on", today)
            try:
                risk = risk_create(actor=actor, project=project, external_id=key, **fields)
            except PermissionDenied:
                raise ValidationError(
                    {"project": [_("U mag bij dit project geen risico's melden.")]}
                ) from None
            return RowOutcome(index, label, risk.pk, "created")
        if project is not None and current.project_id != project.pk:
            errors["project"] = [
                _("Dit kenmerk hoort bij een risico van een ander project (%(code)s).")
                % {"code": current.project.code if current.project else _("geen project")}
            ]
        if errors:
            raise ValidationError(errors)
        version = row.get("version") or current.version
        try:
            updated = risk_update(actor=actor, risk=current, expected_version=version, **fields)
        except PermissionDenied:
            raise ValidationError({"external_id": [_("U mag dit risico niet wijzigen.")]}) from None
        result = "updated" if updated.version != version else "unchanged"
        return RowOutcome(index, label, updated.pk, result)

    return per_row(rows, write)
