"""The lists that can be imported: each domain declares its own in its `importers` module.

An importer names its columns, which of them identify a row (to find duplicates in the
file and rows that already exist), who may use it, and how its rows are written: through
the domain's own services, all or nothing, refusing rows with `pmo.bulk.RowErrors` by
their index. It also names the models an import of it can create or change (`tracked`),
so the runner can undo an import as a whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.db import models
from django.utils.module_loading import autodiscover_modules

from ..actors import Actor
from .columns import Column
from .reading import Sheet, read_sheet

importers: dict[str, Importer] = {}


class Importer:
    key: ClassVar[str]
    label: ClassVar[str]
    description: ClassVar[str] = ""
    columns: ClassVar[list[Column]]
    # Column keys that identify a row: the first one a row fills is its key in the file.
    identity: ClassVar[tuple[str, ...]] = ()
    # Where the list stands on the import page (the project list first).
    position: ClassVar[int] = 100
    # Rows written per call of `write`: the progress bar moves per chunk.
    chunk: ClassVar[int] = 500
    # The file types the upload form offers; a reader for other than .xlsx overrides `read`.
    accepts: ClassVar[tuple[str, ...]] = (".xlsx",)
    # False for a file whose columns are fixed (Project XML): no mapping step; its reader
    # gives a header of column keys.
    maps_columns: ClassVar[bool] = True
    # The sample template's file name (pmo/imports/samples.py); by default the label's.
    sample_name: ClassVar[str] = ""

    def read(self, content: bytes, filename: str) -> Sheet:
        """The file as a header and rows; raises FileProblem for a file it cannot take."""
        return read_sheet(content, filename)

    def allowed(self, user) -> bool:
        raise NotImplementedError

    def write(self, *, actor: Actor, rows: list[dict[str, Any]]) -> None:
        """Write the rows through the domain's services; raise RowErrors to refuse."""
        raise NotImplementedError

    def tracked(self, rows: list[dict[str, Any]]) -> Iterable[models.QuerySet]:
        """The rows of the database this import may create or change, before and after
        writing: what undo compares and restores."""
        raise NotImplementedError

    def undone(self, *, actor: Actor, deleted: dict[str, list[int]]) -> None:  # noqa: B027
        """After undo: keep derived data right (a project's current report, …)."""

    def sample(self) -> list[list[Any]]:
        """Rows of the sample template after its header (the columns' examples)."""
        return [[column.example for column in self.columns]]

    def row_keys(self, values: dict[str, Any]) -> list[tuple[str, Any]]:
        """What identifies this row in the file: (column key a duplicate is reported
        under, key). By default each `identity` column the row fills, on its own; an
        importer whose rows are identified by several columns together (a report by
        project and period) returns one combined key."""
        return [
            (key, (key, str(values[key]).lower()))
            for key in self.identity
            if values.get(key) not in (None, "")
        ]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def register(importer_class: type[Importer]) -> type[Importer]:
    if importer_class.key in importers:
        raise ValueError(f"two importers for {importer_class.key}")
    importers[importer_class.key] = importer_class()
    return importer_class


def discovered() -> dict[str, Importer]:
    """Every importer: each app's `importers` module registers its own (like admin.py)."""
    autodiscover_modules("importers")
    return importers


def for_user(user) -> list[Importer]:
    allowed = [importer for importer in discovered().values() if importer.allowed(user)]
    return sorted(allowed, key=lambda importer: (importer.position, importer.key))
