"""Driving an import of any list through the runner as the pages do: upload → map →
check → commit → undo, with the tasks run in process on commit."""

from __future__ import annotations

from pmo.actors import Actor
from pmo.imports.models import ImportJob
from pmo.imports.runner import import_commit_request, import_map, import_upload
from pmo.imports.undo import import_undo
from tests.pmo.imports.test_reading import workbook_bytes


def uploaded(user, kind: str, rows: list[list], name: str = "lijst.xlsx") -> ImportJob:
    """`rows` is the sheet: its header first."""
    return import_upload(
        actor=Actor.screen(user), kind=kind, filename=name, content=workbook_bytes(rows)
    )


def checked(user, job: ImportJob, *, capture, mapping: dict | None = None) -> ImportJob:
    with capture(execute=True):
        import_map(
            actor=Actor.screen(user),
            job=job,
            expected_version=job.version,
            mapping=job.mapping if mapping is None else mapping,
        )
    return ImportJob.objects.get(pk=job.pk)


def committed(user, job: ImportJob, *, capture) -> ImportJob:
    with capture(execute=True):
        import_commit_request(actor=Actor.screen(user), job=job, expected_version=job.version)
    return ImportJob.objects.get(pk=job.pk)


def imported(user, kind: str, rows: list[list], *, capture) -> ImportJob:
    """Upload, check and commit with the proposed mapping; the job as it ends."""
    job = checked(user, uploaded(user, kind, rows), capture=capture)
    assert job.report["refused_rows"] == 0, job.report["errors"]
    return committed(user, job, capture=capture)


def undone(user, job: ImportJob) -> ImportJob:
    return import_undo(actor=Actor.screen(user), job=job, expected_version=job.version)


def refusals(job: ImportJob) -> set[tuple[int, str]]:
    """(sheet row, column label) of every refused cell."""
    return {(error["row"], error["column"]) for error in job.report["errors"]}
