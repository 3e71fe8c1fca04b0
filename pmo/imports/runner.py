"""The import runner: upload → map columns → check → commit → (undo), all or nothing.

The check is the commit itself inside a transaction that is rolled back: the same
services, the same rules, the same refusals, so a file whose check passed is refused at
commit only when the data changed in between (and then, too, nothing is written). Rows
are written in chunks inside one transaction, so the progress bar moves and a refusal in
the last chunk still undoes the first. Before writing, the rows the import may touch are
read (`Importer.tracked`); after it, what is new or changed is the import's effect, kept
with each row's state after it. Undo restores that effect while every row is still in
that state and deleting what the import created takes nothing else with it.

Progress lives in the cache (`progress`), because the commit's own transaction cannot be
seen from outside until it is over.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..actors import Actor
from ..audit import audit_record
from ..bulk import RowErrors
from ..models import AuditEntry
from ..queue import requested, send_on_commit
from ..versioning import lock
from .columns import CellError, proposed_mapping, signature
from .models import ImportJob, ImportMapping
from .reading import FileProblem, Sheet
from .registry import Importer, discovered

PREVIEW_ROWS = 20
# A report names this many refused rows at most; the count says how many there are.
MAX_REPORTED = 1000
PROGRESS_TTL = 3600


class _DryRun(Exception):
    """Raised to roll the check's writes back."""


def importer_for(kind: str) -> Importer:
    try:
        return discovered()[kind]
    except KeyError:
        raise ValidationError({"kind": _("Onbekende soort lijst.")}) from None


def progress(job: ImportJob) -> dict[str, Any] | None:
    return cache.get(f"import-progress-{job.pk}")


def _progress(job_id: int, phase: str, done: int, total: int) -> None:
    cache.set(
        f"import-progress-{job_id}", {"phase": phase, "done": done, "total": total}, PROGRESS_TTL
    )


# ---------------------------------------------------------------------------- upload, map


@transaction.atomic
def import_upload(*, actor: Actor, kind: str, filename: str, content: bytes) -> ImportJob:
    """Keep the file and propose a mapping: the template's remembered one, or by label."""
    importer = importer_for(kind)
    if not importer.allowed(actor.user):
        raise PermissionDenied
    try:
        sheet = importer.read(content, filename)
    except FileProblem as problem:
        raise ValidationError({"file": problem.message}, code=problem.code) from None
    remembered = ImportMapping.objects.filter(kind=kind, signature=signature(sheet.header)).first()
    labels = set(sheet.header)
    if not importer.maps_columns:
        # Fixed columns: the reader names them by key, whatever the language.
        mapping = {c.key: c.key for c in importer.columns if c.key in labels}
    elif remembered is not None:
        mapping = {k: v for k, v in remembered.mapping.items() if v in labels}
    else:
        mapping = proposed_mapping(importer.columns, sheet.header)
    job = ImportJob.objects.create(
        kind=kind,
        filename=filename[:255],
        content=content,
        size=len(content),
        header=sheet.header,
        mapping=mapping,
        row_count=len(sheet.rows),
        created_by=actor.user,
    )
    audit_record(actor=actor, instance=job, action=AuditEntry.Action.CREATE)
    return job


def mapping_errors(importer: Importer, header: list[str], mapping: dict[str, str]) -> dict:
    """{column key: message} for a mapping the check cannot run with."""
    errors, used = {}, {}
    for column in importer.columns:
        label = mapping.get(column.key) or ""
        if label and label not in header:
            errors[column.key] = _("Deze kolom staat niet in het bestand.")
        elif not label and column.required:
            errors[column.key] = _("Verplicht: kies de kolom die dit bevat.")
        elif label in used:
            errors[column.key] = _("Kolom %(label)s is al gekoppeld aan %(other)s.") % {
                "label": label,
                "other": importer.column(used[label]).label,
            }
        if label:
            used.setdefault(label, column.key)
    return errors


@transaction.atomic
def import_map(
    *, actor: Actor, job: ImportJob, expected_version: int, mapping: dict[str, str]
) -> ImportJob:
    """Set the mapping, remember it for this template, and start the check."""
    current = lock(ImportJob.objects, pk=job.pk, expected_version=expected_version)
    if current.state not in (ImportJob.State.MAPPING, ImportJob.State.CHECKED):
        raise ValidationError(_("Deze import is al ingelezen of loopt nog."))
    importer = importer_for(current.kind)
    mapping = {k: v for k, v in mapping.items() if v and any(c.key == k for c in importer.columns)}
    errors = mapping_errors(importer, current.header, mapping)
    if errors:
        raise ValidationError(errors)
    ImportMapping.objects.update_or_create(
        kind=current.kind, signature=signature(current.header), defaults={"mapping": mapping}
    )
    ImportJob.objects.filter(pk=current.pk).update(
        mapping=mapping,
        state=ImportJob.State.CHECKING,
        report={},
        version=F("version") + 1,
        **requested(),
    )
    current.refresh_from_db()
    _progress(current.pk, "check", 0, current.row_count)
    send_on_commit(current)
    return current


# ------------------------------------------------------------------------------- reading


def parse_rows(
    importer: Importer, sheet: Sheet, mapping: dict[str, str]
) -> tuple[list[dict[str, Any]], dict[int, dict[str, list[str]]]]:
    """The sheet's rows as the importer's values, and the cells that are refused, by row
    index: a value its column does not take, a required one missing, a duplicate key."""
    position = {label: i for i, label in enumerate(sheet.header)}
    mapped = [(c, position[mapping[c.key]]) for c in importer.columns if c.key in mapping]
    rows, errors, seen = [], {}, {}
    for index, cells in enumerate(sheet.rows):
        values, row_errors = {}, {}
        for column, at in mapped:
            try:
                value = column.parse(cells[at])
            except CellError as error:
                row_errors[column.key] = [str(error)]
                continue
            if value is None and column.required:
                row_errors[column.key] = [_("Verplicht.")]
            values[column.key] = value
        for key, identity in importer.row_keys(values):
            if identity in seen:
                row_errors.setdefault(key, []).append(
                    _("Staat al in regel %(row)s.") % {"row": _origin(sheet, seen[identity])[0]}
                )
            seen.setdefault(identity, index)
        if row_errors:
            errors[index] = row_errors
        rows.append(values)
    return rows, errors


def _origin(sheet: Sheet | None, index: int) -> tuple[int, dict[str, str]]:
    """The file's row number of a row, and the cells it names otherwise than the mapping."""
    if sheet is not None and sheet.origins is not None:
        return sheet.origins[index]
    return index + 2, {}


def _sheet(job: ImportJob) -> Sheet:
    return importer_for(job.kind).read(bytes(job.content), job.filename)


# ------------------------------------------------------------------------------- writing


def _write(importer: Importer, actor: Actor, rows: list[dict], job_id: int, phase: str) -> None:
    """All rows in chunks (inside the caller's transaction); refusals of every chunk
    are collected by their index in the file."""
    errors: dict[int, dict[str, list[str]]] = {}
    for start in range(0, len(rows), importer.chunk):
        chunk = rows[start : start + importer.chunk]
        try:
            with transaction.atomic():
                importer.write(actor=actor, rows=chunk)
        except RowErrors as refused:
            errors.update({start + i: fields for i, fields in refused.errors.items()})
        _progress(job_id, phase, min(start + importer.chunk, len(rows)), len(rows))
    if errors:
        raise RowErrors(errors)


def _stamp(row: dict) -> list:
    return [row["updated_at"].isoformat(), row.get("version")]


def _fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _snapshot(importer: Importer, rows: list[dict]) -> dict[str, dict[int, dict]]:
    """{model label: {pk: {"stamp": …, "values": raw column values}}} of what may change."""
    taken: dict[str, dict[int, dict]] = {}
    for queryset in importer.tracked(rows):
        model = queryset.model
        names = [f.attname for f in _fields(model)]
        stamps = ["updated_at", *(["version"] if "version" in names else [])]
        found = taken.setdefault(model._meta.label, {})
        for row in queryset.values("pk", *names):
            found[row["pk"]] = {
                "stamp": _stamp({k: row[k] for k in stamps}),
                "values": {n: row[n] for n in names if n not in stamps},
            }
    return taken


def _effect(before: dict, after: dict) -> dict[str, dict]:
    """What the write created and changed: {label: {"created": {pk: stamp}, "updated":
    {pk: {"stamp": stamp after, "before": values before}}}}, JSON-ready."""
    effect = {}
    for label, rows in after.items():
        old = before.get(label, {})
        created = {pk: row["stamp"] for pk, row in rows.items() if pk not in old}
        updated = {
            pk: {"stamp": row["stamp"], "before": old[pk]["values"]}
            for pk, row in rows.items()
            if pk in old and row["stamp"] != old[pk]["stamp"]
        }
        if created or updated:
            effect[label] = {"created": created, "updated": updated}
    return json.loads(json.dumps(effect, cls=DjangoJSONEncoder))


def _counts(effect: dict, total: int) -> dict[str, int]:
    created = sum(len(part["created"]) for part in effect.values())
    updated = sum(len(part["updated"]) for part in effect.values())
    return {"rows": total, "created": created, "updated": updated}


def _report(
    importer: Importer, job: ImportJob, rows: list[dict], errors: dict, effect: dict | None
) -> dict:
    labels = {c.key: str(c.label) for c in importer.columns}
    sheet = getattr(job, "parsed_sheet", None)
    refused = []
    for index, fields in sorted(errors.items()):
        row, cells = _origin(sheet, index)
        for key, messages in fields.items():
            column = cells.get(key) or labels.get(key, key)
            refused.append({"row": row, "column": column, "messages": messages})
    preview = [
        {labels[k]: "" if v is None else str(v) for k, v in row.items() if k in labels}
        for row in rows[:PREVIEW_ROWS]
    ]
    return {
        "errors": refused[:MAX_REPORTED],
        "refused_rows": len(errors),
        "counts": _counts(effect or {}, len(rows)),
        "preview": preview,
        "columns": [labels[c.key] for c in importer.columns if c.key in job.mapping],
    }


def _attempt(job: ImportJob, *, keep: bool) -> tuple[dict, dict]:
    """Parse and write the file; roll back unless `keep`. Returns (row errors, effect)."""
    importer = importer_for(job.kind)
    sheet = _sheet(job)
    rows, errors = parse_rows(importer, sheet, job.mapping)
    job.parsed_rows, job.parsed_sheet = rows, sheet
    if errors:
        return errors, {}
    actor = Actor.importer(job.created_by)
    phase = "commit" if keep else "check"
    try:
        with transaction.atomic():
            before = _snapshot(importer, rows)
            _write(importer, actor, rows, job.pk, phase)
            effect = _effect(before, _snapshot(importer, rows))
            if not keep:
                raise _DryRun
    except _DryRun:
        return {}, effect
    except RowErrors as refused:
        return refused.errors, {}
    return {}, effect


def import_check(*, job_id: int, version: int) -> ImportJob | None:
    """The check: every row through the services, rolled back; the report kept."""
    job = ImportJob.objects.filter(pk=job_id, version=version).first()
    if job is None or job.state != ImportJob.State.CHECKING:
        return None  # the user mapped again or moved on; a newer run follows
    try:
        errors, effect = _attempt(job, keep=False)
    except FileProblem as problem:
        return _fail(job, version, problem.message)
    importer = importer_for(job.kind)
    report = _report(importer, job, job.parsed_rows, errors, effect)
    ImportJob.objects.filter(pk=job_id, version=version).update(
        state=ImportJob.State.CHECKED, report=report
    )
    return ImportJob.objects.get(pk=job_id)


def _fail(job: ImportJob, version: int, message: str) -> ImportJob:
    ImportJob.objects.filter(pk=job.pk, version=version).update(
        state=ImportJob.State.FAILED, error=message[:2000]
    )
    return ImportJob.objects.get(pk=job.pk)


# -------------------------------------------------------------------------------- commit


def can_commit(job: ImportJob) -> bool:
    report = job.report or {}
    return job.state == ImportJob.State.CHECKED and not report.get("refused_rows", 1)


@transaction.atomic
def import_commit_request(*, actor: Actor, job: ImportJob, expected_version: int) -> ImportJob:
    current = lock(ImportJob.objects, pk=job.pk, expected_version=expected_version)
    if not can_commit(current):
        raise ValidationError(
            _("Alleen een gecontroleerde import zonder fouten kan worden ingelezen.")
        )
    ImportJob.objects.filter(pk=current.pk).update(
        state=ImportJob.State.COMMITTING, version=F("version") + 1, **requested()
    )
    current.refresh_from_db()
    _progress(current.pk, "commit", 0, current.row_count)
    send_on_commit(current)
    return current


def import_commit(*, job_id: int, version: int) -> ImportJob | None:
    """Write the file for real, all or nothing. Refused rows (the data changed since the
    check) send the import back to checked with the new report; nothing is written."""
    job = ImportJob.objects.filter(pk=job_id, version=version).first()
    if job is None or job.state != ImportJob.State.COMMITTING:
        return None
    importer = importer_for(job.kind)
    try:
        with transaction.atomic():
            errors, effect = _attempt(job, keep=True)
            report = _report(importer, job, job.parsed_rows, errors, effect)
            if errors:
                state, committed_at = ImportJob.State.CHECKED, None
            else:
                state, committed_at = ImportJob.State.DONE, timezone.now()
            ImportJob.objects.filter(pk=job_id, version=version).update(
                state=state, report=report, effect=effect, committed_at=committed_at
            )
    except FileProblem as problem:
        return _fail(job, version, problem.message)
    return ImportJob.objects.get(pk=job_id)


def fail_job(*, job_id: int, version: int, error: str) -> None:
    """A run that broke off on an unexpected error: the row says so, with the error."""
    ImportJob.objects.filter(pk=job_id, version=version).exclude(
        state__in=[ImportJob.State.DONE, ImportJob.State.UNDONE]
    ).update(state=ImportJob.State.FAILED, error=error[:2000])
