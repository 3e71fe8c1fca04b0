"""The board pack's workbook: a sheet per section, typed cells (money, percent, dates as
dates), the header bold and frozen, text that Excel would run neutralised, and the same
bytes for the same snapshot (properties and zip dates are the snapshot's build)."""

import datetime as dt
import hashlib
import io
import zipfile

import openpyxl
import pytest
import time_machine

from reporting import pack
from tests.support.factories import ScopeFactory, SnapshotFactory, SnapshotRowFactory

pytestmark = pytest.mark.django_db
BUILT = dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.UTC)
SHEETS = [
    "Pakket",
    "Kerncijfers",
    "Projecten per fase",
    "RAG per dimensie",
    "Financiën per domein",
    "Budget en realisatie per jaar",
    "Programma's",
    "Batenrealisatie",
    "Baten per ESG-thema",
    "Risicokaart",
    "Grootste risico's",
    "Weerstandsvermogen",
    "Capaciteit",
    "Sinds de vorige portfolioraad",
    "Wijzigingen",
    "Uitloop van mijlpalen",
    "Projecten",
]


@pytest.fixture
def snapshot(department):
    scope = ScopeFactory(kind="onderdeel", org_unit=department, name="Wegen")
    snapshot = SnapshotFactory(scope=scope, built_at=BUILT)
    SnapshotRowFactory(
        snapshot=snapshot,
        code="P-00003",
        name="Stationsplein",
        rag_overall="rood",
        previous={"rag_overall": "oranje"},
    )
    return snapshot


def workbook(snapshot, language="nl"):
    data = pack.render(snapshot, fmt="xlsx", language=language)
    return openpyxl.load_workbook(io.BytesIO(data)), data


def rows(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_a_sheet_per_section_with_a_bold_frozen_header(snapshot):
    book, _data = workbook(snapshot)
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.b for cell in sheet[1] if cell.value), sheet.title


def test_money_percent_and_dates_are_typed(snapshot):
    book, _data = workbook(snapshot)
    domains = book["Financiën per domein"]
    budget = domains["E2"]
    assert (domains["A2"].value, budget.value) == ("Stadsbeheer", 8_000_000)
    assert budget.number_format == '"€" #,##0.00'
    capacity = book["Capaciteit"]
    assert capacity["D2"].value == pytest.approx(121.8)
    assert capacity["D2"].number_format == '0"%"'
    milestones = book["Uitloop van mijlpalen"]
    assert milestones["C2"].value == dt.datetime(2026, 6, 1)
    assert milestones["C2"].number_format == "dd-mm-yyyy"
    assert milestones["E2"].value == 106
    about = dict(rows(book["Pakket"])[1:6])
    assert about["Periode"] == dt.datetime(2026, 11, 1)
    assert about["Gebouwd op"] == dt.datetime(2026, 12, 1, 7, 0)  # Amsterdam time


def test_the_key_figures_have_their_change_since_last_period(snapshot):
    book, _data = workbook(snapshot)
    header, values, deltas = rows(book["Kerncijfers"])
    figures = dict(zip(header[1:], zip(values[1:], deltas[1:], strict=True), strict=True))
    assert figures["Budget"] == (12_500_000, 250_000)
    assert figures["Rood (totaal)"] == (3, 1)
    assert figures["Weerstandsvermogen"] == ("C", None)


def test_the_project_rows_carry_colours_as_words_and_what_moved(snapshot):
    book, _data = workbook(snapshot)
    header, *body = rows(book["Projecten"])
    row = dict(zip(header, body[0], strict=True))
    assert row["Code"] == "P-00003"
    assert (row["Totaal"], row["Tijd"]) == ("rood", "groen")
    assert row["Gewijzigd sinds vorige periode"] == "Totaal: oranje → rood"
    assert row["Budget"] == 500_000
    assert row["Prognose einde"] == dt.datetime(2027, 9, 30)


def test_text_that_excel_would_run_is_neutralised(department):
    snapshot = SnapshotFactory(scope=ScopeFactory(org_unit=department), built_at=BUILT)
    SnapshotRowFactory(snapshot=snapshot, name='=HYPERLINK("https://example.com")')
    book, _data = workbook(snapshot)
    assert book["Projecten"]["B2"].value == '\'=HYPERLINK("https://example.com")'


def test_the_same_snapshot_gives_the_same_bytes_at_any_time(snapshot):
    _book, first = workbook(snapshot)
    with time_machine.travel(dt.datetime(2031, 5, 17, 23, 59, tzinfo=dt.UTC)):
        _book, later = workbook(snapshot)
    assert hashlib.sha256(later).hexdigest() == hashlib.sha256(first).hexdigest()


def test_the_workbook_is_dated_by_the_snapshots_build(snapshot):
    book, data = workbook(snapshot)
    assert book.properties.created == book.properties.modified == dt.datetime(2026, 12, 1, 6, 0)
    dates = {entry.date_time for entry in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    assert dates == {(2026, 12, 1, 7, 0, 0)}


def test_the_workbook_speaks_the_packs_language(snapshot):
    dutch, _data = workbook(snapshot)
    english, _data = workbook(snapshot, language="en")
    phases = [row[0] for row in rows(dutch["Projecten per fase"])[1:]]
    assert phases[0] == "Initiatief"
    assert [row[0] for row in rows(english.worksheets[2])[1:]][0] == "Initiation"
