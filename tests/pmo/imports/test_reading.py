"""What the import reads, and every kind of file it refuses before reading it."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from pmo.imports.reading import FileProblem, check_upload, read_sheet


def workbook_bytes(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Projecten"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewritten(data: bytes, changes: dict[str, bytes], *, deflate: bool = True) -> bytes:
    """The archive with some parts replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with zipfile.ZipFile(out, "w", method) as target:
        for part in source.infolist():
            if part.filename not in changes:
                target.writestr(part.filename, source.read(part))
        for name, content in changes.items():
            target.writestr(name, content)
    return out.getvalue()


def problem(data: bytes, name: str = "lijst.xlsx") -> str:
    with pytest.raises(FileProblem) as caught:
        read_sheet(data, name)
    return caught.value.code


def test_the_first_sheet_is_read_as_values_with_blank_rows_left_out():
    data = workbook_bytes(
        [
            ["Code", " Naam ", "Start"],
            ["P-1", "  Brug  ", dt.datetime(2027, 3, 1)],
            [None, None, None],
            ["P-2", "Plein", None],
        ]
    )
    sheet = read_sheet(data, "Lijst.XLSX")
    assert sheet.name == "Projecten"
    assert sheet.header == ["Code", "Naam", "Start"]
    assert sheet.rows == [["P-1", "Brug", dt.date(2027, 3, 1)], ["P-2", "Plein", None]]


def test_formulas_are_read_as_their_last_value_never_run():
    data = workbook_bytes([["Uren"], ["=1+1"]])
    # openpyxl wrote the formula without a cached value: the import sees no value.
    assert read_sheet(data, "a.xlsx").rows == []


@pytest.mark.parametrize("name", ["lijst.xls", "lijst.csv", "lijst.ods", "lijst", "lijst.xlsb"])
def test_what_is_not_named_xlsx_is_refused(name):
    assert problem(workbook_bytes([["Code"]]), name) == "not_xlsx"


def test_a_text_file_named_xlsx_is_refused():
    assert problem(b"Code;Naam\nP-1;Brug\n") == "not_xlsx"


def test_a_zip_that_is_no_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hallo")
    assert problem(out.getvalue()) == "not_xlsx"


def test_a_macro_enabled_file_is_refused_by_name_and_by_content():
    data = workbook_bytes([["Code"]])
    assert problem(data, "lijst.xlsm") == "macros"
    with_macros = rewritten(data, {"xl/vbaProject.bin": b"\x00VBA"})
    assert problem(with_macros) == "macros"


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(FileProblem) as caught:
        check_upload(b"PK" + b"x" * 2000, "groot.xlsx")
    assert caught.value.code == "too_large"
    assert "MB" in caught.value.message


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    data = workbook_bytes([["Code"]])
    # 50 MB of zeros compress to about 50 kB: a ratio of ~1000.
    bomb = rewritten(data, {"xl/media/image1.bin": b"\x00" * (50 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    assert problem(bomb) == "bomb"


def test_a_workbook_that_unpacks_past_the_limit_is_refused(settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 2000
    assert problem(workbook_bytes([["Code"], ["P-1"]])) == "bomb"


def test_entities_in_the_workbook_xml_are_not_expanded():
    """An entity declaration (XXE, billion laughs) in a part makes the file unreadable;
    its text never reaches the rows."""
    data = workbook_bytes([["Code"], ["P-1"]])
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    with pytest.raises(FileProblem) as caught:
        read_sheet(rewritten(data, {"xl/worksheets/sheet1.xml": evil}), "a.xlsx")
    assert caught.value.code == "unreadable"
    causes, error = [], caught.value
    while error is not None:
        causes.append(type(error).__name__)
        error = error.__cause__ or error.__context__
    assert "EntitiesForbidden" in causes  # defusedxml refused it, not a parse accident


def test_a_sheet_without_a_header_is_refused():
    assert problem(workbook_bytes([])) == "empty"


def test_too_many_rows_are_refused_rather_than_read_in_part(settings):
    settings.IMPORT_MAX_ROWS = 3
    data = workbook_bytes([["Code"], *[[f"P-{i}"] for i in range(4)]])
    assert problem(data) == "too_many_rows"
