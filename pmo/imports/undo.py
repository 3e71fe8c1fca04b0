"""Undoing an import as a whole, while nothing it touched has changed since.

Each row the import created or changed was kept with its state after the import
(`updated_at`, and `version` where the model has one). Undo is refused, naming each row,
when any of them moved on, no longer exists, or when deleting what the import created
would take rows along that came later (a status report filed on an imported project).
Otherwise the created rows are deleted and the changed ones get their values back, each
audited through the channel "import".
"""

from __future__ import annotations

import json
from collections import defaultdict

from django.apps import apps
from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..actors import Actor
from ..audit import audit_insert, audit_record
from ..models import AuditEntry
from ..versioning import lock
from .models import ImportJob
from .runner import _fields, _stamp, importer_for


def undo_problems(job: ImportJob) -> list[str]:
    """Why the import can no longer be undone as a whole; empty when it can."""
    if job.state != ImportJob.State.DONE:
        return [_("Alleen een ingelezen import kan ongedaan worden gemaakt.")]
    problems = []
    created_objects = []
    for label, part in job.effect.items():
        model = apps.get_model(label)
        ids = [int(pk) for pk in (*part["created"], *part["updated"])]
        stamps = {**part["created"], **{pk: u["stamp"] for pk, u in part["updated"].items()}}
        fields = ["pk", "updated_at", *(["version"] if _has(model, "version") else [])]
        current = {
            str(row["pk"]): row for row in model._default_manager.filter(pk__in=ids).values(*fields)
        }
        by_pk = model._default_manager.in_bulk(ids)
        for pk, stamp in stamps.items():
            row = current.get(pk)
            if row is None:
                problems.append(
                    _("%(model)s %(pk)s bestaat niet meer.")
                    % {"model": model._meta.verbose_name, "pk": pk}
                )
            elif json.loads(json.dumps(_stamp(row), cls=DjangoJSONEncoder)) != stamp:
                problems.append(
                    _("%(object)s is na de import gewijzigd.") % {"object": _named(by_pk[int(pk)])}
                )
        created_objects += [by_pk[int(pk)] for pk in part["created"] if int(pk) in by_pk]
    problems += _taken_along(job, created_objects)
    return problems


def _has(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def _named(obj: models.Model) -> str:
    return f"{str(obj._meta.verbose_name).capitalize()} {obj}"


def _taken_along(job: ImportJob, created: list[models.Model]) -> list[str]:
    """Rows that deleting the import's new rows would delete too, and that the import
    did not create: they were added since (a status report on an imported project)."""
    if not created:
        return []
    ours = {(label, int(pk)) for label, part in job.effect.items() for pk in part["created"]}
    collector = NestedObjects(using=DEFAULT_DB_ALIAS)
    # The collector takes one model per call (a plan creates a project and its milestones).
    by_model: dict[type, list[models.Model]] = defaultdict(list)
    for obj in created:
        by_model[type(obj)].append(obj)
    for objs in by_model.values():
        collector.collect(objs)
    problems = []
    for model, instances in collector.data.items():
        for instance in instances:
            if (model._meta.label, instance.pk) not in ours:
                problems.append(
                    _("%(object)s is na de import toegevoegd en hangt aan wat de import aanmaakte.")
                    % {"object": _named(instance)}
                )
    for obj in collector.protected:
        problems.append(
            _("%(object)s verwijst naar wat de import aanmaakte.") % {"object": _named(obj)}
        )
    return problems[:50]


@transaction.atomic
def import_undo(*, actor: Actor, job: ImportJob, expected_version: int) -> ImportJob:
    """Take the import back as a whole: delete what it created, restore what it changed.
    Refused (ValidationError naming each) once anything it touched changed since."""
    current = lock(ImportJob.objects, pk=job.pk, expected_version=expected_version)
    problems = undo_problems(current)
    if problems:
        raise ValidationError(problems)
    actor = Actor.importer(actor.user)
    deleted: dict[str, list[int]] = defaultdict(list)
    for label, part in current.effect.items():
        model = apps.get_model(label)
        _restore(actor, model, part["updated"])
        ids = [int(pk) for pk in part["created"]]
        doomed = list(model._default_manager.filter(pk__in=ids))
        audit_insert(
            actor=actor,
            model=model,
            lines=[
                (obj, AuditEntry.Action.DELETE, {"import": [current.filename, ""]})
                for obj in doomed
            ],
        )
        deleted[label] = ids
    # Deleting a created project takes its created milestones along (CASCADE); what is
    # left of a later label is then already gone.
    for label, ids in deleted.items():
        apps.get_model(label)._default_manager.filter(pk__in=ids).delete()
    importer_for(current.kind).undone(actor=actor, deleted=dict(deleted))
    ImportJob.objects.filter(pk=current.pk).update(
        state=ImportJob.State.UNDONE,
        undone_at=timezone.now(),
        undone_by=actor.user,
        version=F("version") + 1,
    )
    current.refresh_from_db()
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.UPDATE,
        changes={"status": [str(ImportJob.State.DONE.label), str(ImportJob.State.UNDONE.label)]},
    )
    return current


def _restore(actor: Actor, model, updated: dict[str, dict]) -> None:
    if not updated:
        return
    fields = {f.attname: f for f in _fields(model)}
    lines = []
    now = timezone.now()
    for pk, part in updated.items():
        values = {name: fields[name].to_python(value) for name, value in part["before"].items()}
        extra = {"version": F("version") + 1} if "version" in fields else {}
        model._default_manager.filter(pk=int(pk)).update(**values, updated_at=now, **extra)
    for obj in model._default_manager.filter(pk__in=[int(pk) for pk in updated]):
        lines.append((obj, AuditEntry.Action.UPDATE, {"import": [_("ongedaan gemaakt"), ""]}))
    audit_insert(actor=actor, model=model, lines=lines)
