"""The sample template of a list: a workbook whose header is the importer's column labels
and whose rows are its `sample()`, to download before a first import (and kept in
docs/import by `manage.py import_samples`). Written like every export (pmo/exports.py):
typed numbers and dates, text that would run as a formula neutralised."""

from __future__ import annotations

import io

from django.utils.text import slugify
from django.utils.translation import override

from ..exports import _write_sheet, safe_text
from .registry import Importer, discovered


def has_sample(importer: Importer) -> bool:
    """A template exists for a list read from .xlsx with a mapping step (not for a file of
    fixed columns such as Project XML)."""
    return ".xlsx" in importer.accepts and importer.maps_columns


def sample_name(importer: Importer) -> str:
    with override("nl"):
        return importer.sample_name or f"{slugify(str(importer.label)) or importer.key}.xlsx"


def sample_workbook(importer: Importer) -> bytes:
    """The template in the active language."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    header = [safe_text(str(column.label)) for column in importer.columns]
    _write_sheet(workbook, str(importer.label)[:31], header, importer.sample(), [])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_samples() -> list[Importer]:
    return [importer for importer in discovered().values() if has_sample(importer)]
