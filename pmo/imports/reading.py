"""Reading an uploaded spreadsheet without trusting it.

Before openpyxl sees a byte, the upload is checked as the zip archive an .xlsx is: its
size, that it is a workbook at all, that it carries no macros (.xlsm, a VBA project), and
that it does not unpack to far more than it weighs (a zip bomb: the sum of the parts and
the ratio of each part). openpyxl then reads it read-only, values not formulas, through
defusedxml (no entities, no DTDs). Every refusal is a `FileProblem` with a message in
the user's language; nothing is imported from a file that has one.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

MEGABYTE = 1024 * 1024
# A workbook's parts are XML and compress well, but not a thousandfold.
MAX_RATIO = 200
MACRO_PARTS = ("xl/vbaProject.bin", "xl/vbaProjectSignature.bin")
MACRO_TYPE = "macroEnabled"


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def max_unpacked_bytes() -> int:
    return settings.IMPORT_MAX_UNPACKED_BYTES


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


class FileProblem(Exception):
    """The file as a whole cannot be read; `code` names the kind for tests and the API."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Sheet:
    """The first worksheet: its header (text, as written) and its rows of cell values."""

    name: str
    header: list[str]
    rows: list[list[Any]]
    # Where each row stands in the file, for a reader that reshapes the sheet (a wide
    # layout turned into one row per cell): (its row number, {column key: the label of
    # the cell that holds it}). None: row i is the file's row i + 2, under the mapping.
    origins: list[tuple[int, dict[str, str]]] | None = None


def check_size(data: bytes) -> None:
    """Refuse an upload over the limit (every reader, whatever its file type)."""
    limit = max_upload_bytes()
    if len(data) > limit:
        raise FileProblem(
            "too_large",
            _("Het bestand is %(size)s MB; de grens is %(limit)s MB.")
            % {"size": f"{len(data) / MEGABYTE:.1f}", "limit": f"{limit / MEGABYTE:.0f}"},
        )


def check_upload(data: bytes, filename: str) -> None:
    """Refuse what is not a plain .xlsx of a sane size; raises FileProblem."""
    check_size(data)
    lower = filename.lower()
    if lower.endswith((".xlsm", ".xltm", ".xlam")):
        raise FileProblem(
            "macros",
            _("Bestanden met macro's (.xlsm) worden niet ingelezen: sla op als .xlsx."),
        )
    if lower.endswith((".xls", ".xlsb", ".csv", ".ods")) or not lower.endswith(".xlsx"):
        raise FileProblem("not_xlsx", _("Alleen Excel-werkmappen (.xlsx) kunnen worden ingelezen."))
    if not data.startswith(b"PK") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileProblem(
            "not_xlsx",
            _(
                "Dit is geen Excel-werkmap (.xlsx), ook al heet het zo: het bestand is geen "
                "zip-archief."
            ),
        )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
        names = {part.filename for part in parts}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise FileProblem("not_xlsx", _("Dit zip-archief is geen Excel-werkmap."))
        if names & set(MACRO_PARTS) or MACRO_TYPE in _content_types(archive):
            raise FileProblem(
                "macros",
                _(
                    "Deze werkmap bevat macro's en wordt daarom niet ingelezen: sla op als .xlsx "
                    "zonder macro's."
                ),
            )
        _check_unpacked(parts)


def _content_types(archive: zipfile.ZipFile) -> str:
    part = archive.getinfo("[Content_Types].xml")
    if part.file_size > MEGABYTE:
        raise FileProblem("bomb", _("Deze werkmap pakt uit tot veel meer dan hij weegt."))
    return archive.read(part).decode("utf-8", "replace")


def _check_unpacked(parts: list[zipfile.ZipInfo]) -> None:
    # The sizes in the archive's directory are what the parts claim; zipfile refuses to
    # read past a claimed size, so a lie is caught when openpyxl reads the part.
    total = sum(part.file_size for part in parts)
    worst = max((part.file_size / max(part.compress_size, 1) for part in parts), default=0)
    if total > max_unpacked_bytes() or worst > MAX_RATIO:
        raise FileProblem("bomb", _("Deze werkmap pakt uit tot veel meer dan hij weegt."))


def read_sheet(data: bytes, filename: str) -> Sheet:
    """The first worksheet of a checked upload, values as Excel shows them."""
    check_upload(data, filename)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise FileProblem(
            "unreadable", _("De werkmap kan niet worden gelezen: %(error)s") % {"error": error}
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or not any(_present(v) for v in header):
            raise FileProblem("empty", _("Het eerste werkblad heeft geen kopregel."))
        body, limit = [], max_rows()
        for row in rows:
            if not any(_present(v) for v in row):
                continue
            if len(body) >= limit:
                raise FileProblem(
                    "too_many_rows",
                    _("Het werkblad heeft meer dan %(limit)s regels; splits het bestand.")
                    % {"limit": f"{limit:,}".replace(",", ".")},
                )
            body.append([_plain(v) for v in row])
    finally:
        workbook.close()
    labels = [str(v).strip() if _present(v) else "" for v in header]
    width = len(labels)
    return Sheet(sheet.title, labels, [(row + [None] * width)[:width] for row in body])


def _present(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _plain(value: Any) -> Any:
    """A cell as the runner's columns expect it: text stripped, a midnight datetime as a date."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value
