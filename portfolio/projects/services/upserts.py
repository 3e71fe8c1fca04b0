"""Bulk upserts for syncing: many rows keyed by `external_id`, all or nothing.

Each row is checked by the same rules as a single write (pmo.access, the baseline rule,
the phase that changes only by a gate, the model's own validation); a refused row is
named with its index and fields, and then nothing at all is written. Rows that change
nothing write nothing, so the same payload twice is a no-op.

Projects are upserted set-wise (one query per kind of lookup, bulk inserts and updates,
bulk audit lines), so 10,000 rows fit one request; the rarer kinds (milestones, budget
lines) call the single-row services per row inside one transaction.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.access import can_change_baseline, can_create_projects, project_manager_candidates
from pmo.actors import Actor
from pmo.audit import audit_insert, audit_record, diff, snapshotter
from pmo.bulk import RowErrors, RowOutcome, UpsertResult, messages_of, per_row
from pmo.models import AuditEntry

from ..models import (
    Milestone,
    OrgUnit,
    Portfolio,
    Programme,
    Project,
    ProjectBudget,
    closure_fields,
)
from .projects import (
    MILESTONE_FIELDS,
    PHASE_BY_GATE,
    PROJECT_EDITABLE_FIELDS,
    REASON_NEEDED,
    budget_set,
    guarded_changes,
    milestone_create,
    milestone_update,
)

# What a new project cannot do without (the rest has defaults).
NEEDED_TO_CREATE = ("code", "name", "portfolio", "org_unit")
# Reference fields of a project row, and the key each is given by.
REFERENCES = {
    "portfolio": (Portfolio, "code"),
    "org_unit": (OrgUnit, "code"),
    "programme": (Programme, "code"),
    "sponsor": (None, "username"),
    "manager": (None, "username"),
}


# ------------------------------------------------------------------------------ projects


def _lookups(rows: list[dict]) -> dict[str, dict[str, Any]]:
    """{reference field: {key: object}} for every key the rows name, one query each."""
    user_model = get_user_model()
    found = {}
    for name, (model, key) in REFERENCES.items():
        keys = {row[name] for row in rows if row.get(name)}
        if model is None:
            model = user_model
        queryset = model._default_manager.filter(**{f"{key}__in": keys}) if keys else []
        found[name] = {getattr(obj, key): obj for obj in queryset}
    managers = {row["manager"] for row in rows if row.get("manager")}
    found["_candidates"] = set(
        project_manager_candidates(user_model.objects.filter(username__in=managers)).values_list(
            "username", flat=True
        )
    )
    return found


def _fields(row: dict, lookups: dict, errors: dict) -> dict[str, Any]:
    """The row's editable fields, references resolved; unknown keys become errors."""
    fields = {}
    for name in PROJECT_EDITABLE_FIELDS:
        if name not in row or name == "external_id":
            continue
        value = row[name]
        if name in REFERENCES and value not in (None, ""):
            obj = lookups[name].get(value)
            if obj is None:
                errors[name] = [_("Onbekend: %(key)s.") % {"key": value}]
                continue
            if name == "manager" and value not in lookups["_candidates"]:
                errors[name] = [_("%(key)s is geen projectleider.") % {"key": value}]
                continue
            value = obj
        elif name in REFERENCES:
            value = None
        fields[name] = value
    return fields


def _stored(value: Any) -> Any:
    """A field's value as the row stores it: a referenced object by its key."""
    return value.pk if isinstance(value, Model) else value


def _attach_references(projects: list[Project]) -> None:
    """The objects the projects refer to, fetched once per kind and set on each project,
    so that showing a change reads no row per project (nor 10,000 joined rows, which
    took two seconds for a bulk request)."""
    for name in REFERENCES:
        field = Project._meta.get_field(name)
        ids = {getattr(p, field.attname) for p in projects} - {None}
        found = field.related_model._default_manager.in_bulk(ids) if ids else {}
        for project in projects:
            field.set_cached_value(project, found.get(getattr(project, field.attname)))


def _check(project: Project, errors: dict) -> None:
    """The model's own rules, without the uniqueness queries (checked set-wise)."""
    try:
        project.clean_fields(exclude=["portfolio", "org_unit", "programme", "sponsor", "manager"])
        project.clean()
    except ValidationError as error:
        for name, messages in messages_of(error).items():
            errors.setdefault(name, []).extend(messages)


@transaction.atomic
def projects_upsert(*, actor: Actor, rows: list[dict]) -> UpsertResult:
    """Create or update a project per row, keyed by its `external_id` — or, for a row
    without one (an imported sheet), by its code.

    A row may carry `version` (refused when the project moved on) and `reason` (for a
    baseline change, as on the page). Raises RowErrors naming every refused row.
    """
    user, today = actor.user, timezone.localdate()
    keys = [row["external_id"] for row in rows if row.get("external_id")]
    by_code = [row["code"] for row in rows if not row.get("external_id") and row.get("code")]
    lookups = _lookups(rows)
    locked = Project.objects.select_for_update()
    existing = {p.external_id: p for p in locked.filter(external_id__in=keys)}
    existing_codes = {p.code: p for p in locked.filter(code__in=by_code)} if by_code else {}
    _attach_references([*existing.values(), *existing_codes.values()])
    editable = set(
        Project.objects.editable_by(user)
        .filter(pk__in=[p.pk for p in (*existing.values(), *existing_codes.values())])
        .values_list("pk", flat=True)
    )
    codes = {row["code"] for row in rows if row.get("code")}
    taken = dict(Project.objects.filter(code__in=codes).values_list("code", "external_id"))
    may_create, may_baseline = can_create_projects(user), can_change_baseline(user)
    shown = snapshotter(Project, PROJECT_EDITABLE_FIELDS)
    attname = {name: Project._meta.get_field(name).attname for name in PROJECT_EDITABLE_FIELDS}
    errors: dict[int, dict[str, list[str]]] = {}
    seen_keys, seen_codes = set(), set()
    creates, updates, outcomes = [], [], []
    for index, row in enumerate(rows):
        row_errors: dict[str, list[str]] = {}
        key = row.get("external_id") or None
        if key and key in seen_keys:
            row_errors["external_id"] = [_("Dit kenmerk staat al eerder in het verzoek.")]
        seen_keys.add(key)
        fields = _fields(row, lookups, row_errors)
        code = fields.get("code")
        if code in seen_codes:
            row_errors["code"] = [_("Deze code staat al eerder in het verzoek.")]
        if code:
            seen_codes.add(code)
        current = existing.get(key) if key else existing_codes.get(code)
        if key and code and code in taken and taken[code] != key:
            row_errors.setdefault("code", []).append(_("Er bestaat al een project met deze code."))
        if current is None:
            if not may_create:
                row_errors["external_id"] = [_("U mag geen projecten aanmaken.")]
            for name in NEEDED_TO_CREATE:
                if not fields.get(name) and name not in row_errors:
                    row_errors[name] = [_("Verplicht voor een nieuw project.")]
            project = Project(external_id=key, **fields)
            project.closed_on = closure_fields("", project.status, today).get("closed_on")
            _check(project, row_errors)
            creates.append((index, project, row))
        else:
            if current.pk not in editable:
                row_errors["external_id"] = [_("U mag dit project niet wijzigen.")]
            version = row.get("version")
            if version is not None and version != current.version:
                row_errors["version"] = [
                    _("Het project is intussen gewijzigd (nu versie %(v)s).")
                    % {"v": current.version}
                ]
            if "phase" in fields and fields["phase"] != current.phase:
                row_errors["phase"] = [str(PHASE_BY_GATE)]
            guarded = guarded_changes(current, fields)
            if guarded and not may_baseline:
                for name, why in guarded.items():
                    row_errors.setdefault(name, []).append(str(why))
            elif guarded and not (row.get("reason") or "").strip():
                row_errors["reason"] = [str(REASON_NEEDED)]
            # Compared as stored values first: the shown ones only for a row that changed.
            changes = {}
            if any(
                _stored(value) != getattr(current, attname[name]) for name, value in fields.items()
            ):
                before = shown(current)
                status = fields.get("status", current.status)
                for name, value in closure_fields(current.status, status, today).items():
                    setattr(current, name, value)
                for name, value in fields.items():
                    setattr(current, name, value)
                changes = diff(before, shown(current))
            if changes:
                _check(current, row_errors)
                updates.append((index, current, row, changes))
            else:
                outcomes.append(RowOutcome(index, key or "", current.pk, "unchanged"))
        if row_errors:
            errors[index] = row_errors
    if errors:
        raise RowErrors(errors)
    now = timezone.now()
    Project.objects.bulk_create([project for _i, project, _r in creates], batch_size=500)
    _update_rows([project for _i, project, _r, _c in updates], now)
    lines = []
    for index, project, _row in creates:
        outcomes.append(RowOutcome(index, project.external_id or "", project.pk, "created"))
        lines.append((project, AuditEntry.Action.CREATE, diff({}, shown(project))))
    for index, project, row, changes in updates:
        outcomes.append(RowOutcome(index, project.external_id or "", project.pk, "updated"))
        if (row.get("reason") or "").strip():
            changes[_("reden")] = ["", row["reason"].strip()]
        lines.append((project, AuditEntry.Action.UPDATE, changes))
    audit_insert(actor=actor, model=Project, lines=lines)
    return UpsertResult(rows=sorted(outcomes, key=lambda outcome: outcome.index))


def _update_rows(projects: list[Project], now) -> None:
    """One UPDATE statement run for all changed rows, each with its version condition
    (Django's bulk_update builds a CASE per field and row: 38 s for 2,000 rows)."""
    if not projects:
        return
    fields = [Project._meta.get_field(name) for name in [*PROJECT_EDITABLE_FIELDS, "closed_on"]]
    fields.append(Project._meta.get_field("updated_at"))
    table, quote = Project._meta.db_table, connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = (
        f"UPDATE {quote(table)} SET {assignments}, {quote('version')} = {quote('version')} + 1 "
        f"WHERE {quote('id')} = %s AND {quote('version')} = %s"
    )
    rows = []
    for project in projects:
        project.updated_at = now
        values = [
            field.get_db_prep_save(getattr(project, field.attname), connection) for field in fields
        ]
        rows.append([*values, project.pk, project.version])
        project.version += 1
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    moved = Project.objects.filter(pk__in=[p.pk for p in projects], updated_at=now).count()
    if moved != len(projects):  # the rows are locked: this would be a bug, not a race
        raise RuntimeError(f"{len(projects) - moved} of {len(projects)} projects not updated")


# -------------------------------------------------------------- milestones, budget lines


def _projects_by_key(actor: Actor, rows: list[dict]) -> dict[str, Project]:
    keys = {row["project"] for row in rows}
    return {
        p.external_id: p
        for p in Project.objects.visible_to(actor.user).filter(external_id__in=keys)
    }


def _project(projects: dict, key: str, actor: Actor) -> Project:
    project = projects.get(key)
    if project is None:
        raise ValidationError({"project": [_("Onbekend project: %(key)s.") % {"key": key}]})
    if not Project.objects.editable_by(actor.user).filter(pk=project.pk).exists():
        raise ValidationError({"project": [_("U mag dit project niet wijzigen.")]})
    return project


@transaction.atomic
def milestones_upsert(*, actor: Actor, rows: list[dict]) -> UpsertResult:
    """Milestones keyed by their `external_id`, in the project of `project` (its
    external_id). A new milestone or a changed name or baseline is the PMO-analist's,
    with a `reason`; forecast and actual date are the projectleider's."""
    projects = _projects_by_key(actor, rows)
    existing = {
        m.external_id: m
        for m in Milestone.objects.filter(external_id__in=[row["external_id"] for row in rows])
    }

    def write(index: int, row: dict) -> RowOutcome:
        project = _project(projects, row["project"], actor)
        current = existing.get(row["external_id"])
        reason = row.get("reason", "")
        values = {name: row[name] for name in MILESTONE_FIELDS if name in row}
        if current is None:
            milestone = milestone_create(
                actor=actor,
                project=project,
                name=values.get("name", ""),
                baseline_date=values.get("baseline_date"),
                forecast_date=values.get("forecast_date"),
                reason=reason,
            )
            milestone.external_id = row["external_id"]
            milestone.save(update_fields=["external_id"])
            return RowOutcome(index, row["external_id"], milestone.pk, "created")
        if current.project_id != project.pk:
            raise ValidationError({"project": [_("Deze mijlpaal hoort bij een ander project.")]})
        version = row.get("version") or current.version
        updated = milestone_update(
            actor=actor, milestone=current, expected_version=version, reason=reason, **values
        )
        result = "updated" if updated.version != version else "unchanged"
        return RowOutcome(index, row["external_id"], current.pk, result)

    return per_row(rows, write)


@transaction.atomic
def budget_lines_upsert(*, actor: Actor, rows: list[dict]) -> UpsertResult:
    """Budget lines keyed by project (its external_id) and year. `amount` is the
    baseline (the PMO-analist's, with a `reason`); `actual` is what the financial
    administration booked that year, kept by whoever may change the project."""
    projects = _projects_by_key(actor, rows)

    def write(index: int, row: dict) -> RowOutcome:
        project = _project(projects, row["project"], actor)
        project.refresh_from_db()
        year = row["year"]
        line = ProjectBudget.objects.filter(project=project, year=year).first()
        result = "unchanged" if line else "created"
        if "amount" in row and (line is None or line.amount != row["amount"]):
            budget_set(
                actor=actor,
                project=project,
                expected_version=project.version,
                amounts={year: row["amount"]},
                reason=row.get("reason", ""),
            )
            line = ProjectBudget.objects.get(project=project, year=year)
            result = "updated" if result == "unchanged" else result
        if line is None:
            raise ValidationError({"amount": [_("Geef het budget (amount) voor dit jaar.")]})
        if "actual" in row and row["actual"] != line.actual:
            old, line.actual = line.actual, row["actual"]
            line.save(update_fields=["actual", "updated_at"])
            label = _("realisatie %(year)s") % {"year": year}
            audit_record(
                actor=actor,
                instance=project,
                action=AuditEntry.Action.UPDATE,
                changes={label: [_amount(old), _amount(line.actual)]},
            )
            result = "updated" if result == "unchanged" else result
        return RowOutcome(index, f"{row['project']}/{year}", line.pk, result)

    return per_row(rows, write)


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"€ {value:,.2f}"
