"""Lists as Excel and CSV files, with the rows and filters the page shows.

A register declares its columns once (`ExportColumn`: a label and how to read the value
from a row); `export_response` writes them as .xlsx (numbers and dates as such, so Excel
can sum and sort) or as CSV with a BOM (Excel reads UTF-8 without an import wizard).
Text that a spreadsheet would run as a formula is neutralised with a leading quote, in
both formats and in the API's CSV alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
# A page never exports more rows than this in one file; the API pages through more.
MAX_EXPORT_ROWS = 50_000


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def safe_text(text: str) -> str:
    """`text`, with a quote in front when a spreadsheet would take it for a formula."""
    if text.startswith(FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def cell(value: Any) -> str:
    """A value as CSV text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    return safe_text(str(value))


def xlsx_value(value: Any) -> Any:
    """A value as an Excel cell: numbers and dates typed, the rest as safe text."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)  # Excel knows no zones
        return value
    return cell(value)


@dataclass(frozen=True)
class ExportColumn:
    label: str
    value: Callable[[Any], Any]


class ChoiceLabel:
    """A row's choice field as its label: `get_<field>_display()` without translating
    the label again on every row (a fifth of a 20,000-row export's time). The labels are
    the model's own, kept per language like Django keeps its translations."""

    def __init__(self, model, field: str):
        self.field = field
        self.choices = model._meta.get_field(field).flatchoices
        self.by_language: dict[str, dict] = {}

    def __call__(self, row) -> str:
        language = get_language()
        labels = self.by_language.get(language)
        if labels is None:
            labels = {value: str(label) for value, label in self.choices}
            self.by_language[language] = labels
        value = getattr(row, self.field)
        return labels.get(value, value)


def export_response(
    rows: Iterable[Any], columns: list[ExportColumn], *, fmt: str, title: str
) -> HttpResponse:
    """The rows as a downloaded file named after `title` and today's date."""
    header = [str(column.label) for column in columns]
    name = f"{slugify(str(title)) or 'export'}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response = HttpResponse(content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    if fmt == "csv":
        response.write("\ufeff")
        writer = csv.writer(response, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([cell(column.value(row)) for column in columns])
        return response
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31] or "export")
    sheet.append(header)
    for row in rows:
        sheet.append([xlsx_value(column.value(row)) for column in columns])
    out = io.BytesIO()
    workbook.save(out)
    response.write(out.getvalue())
    return response


def workbook_response(
    sheets: Iterable[tuple[str, list[str], Iterable[list[Any]]]], *, title: str
) -> HttpResponse:
    """Several tables as one .xlsx, a sheet each: (sheet title, header, rows)."""
    from openpyxl import Workbook

    name = f"{slugify(str(title)) or 'export'}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response = HttpResponse(content_type=FORMATS["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    workbook = Workbook(write_only=True)
    for sheet_title, header, rows in sheets:
        sheet = workbook.create_sheet(title=str(sheet_title)[:31])
        sheet.append([str(label) for label in header])
        for row in rows:
            sheet.append([xlsx_value(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    response.write(out.getvalue())
    return response
