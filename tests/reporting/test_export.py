"""The dashboard's project rows as Excel and CSV: the rows of the drill level shown, the
period asked for, typed cells (money, percentages, dates) and the filter in the name."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.support.factories import SnapshotFactory, SnapshotRowFactory, organisation_scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(db):
    snap = SnapshotFactory(scope=organisation_scope())
    SnapshotRowFactory(snapshot=snap, code="P-A1", rag_overall="rood", is_exception=True)
    SnapshotRowFactory(snapshot=snap, code="P-A2", programme_id=None, programme="")
    SnapshotRowFactory(
        snapshot=snap, code="P-B1", domain_id=2, domain="Sociaal Domein", programme_id=12
    )
    return snap


def export(client, snapshot, **query):
    url = reverse("reporting:rows_export", args=[snapshot.scope_id])
    return client.get(url, query)


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_holds_the_rows_of_the_drill_level_shown(client, analyst, snapshot):
    client.force_login(analyst)
    everything = csv_rows(export(client, snapshot, format="csv"))
    header = everything[0]
    assert header[:6] == ["Code", "Naam", "Domein", "Organisatieonderdeel", "Programma", "Fase"]
    assert [row[0] for row in everything[1:]] == ["P-A1", "P-A2", "P-B1"]
    domain = csv_rows(export(client, snapshot, format="csv", domein=1))
    assert [row[0] for row in domain[1:]] == ["P-A1", "P-A2"]
    without = csv_rows(export(client, snapshot, format="csv", domein=1, programma=0))
    assert [row[0] for row in without[1:]] == ["P-A2"]
    assert without[1][header.index("Programma")] == "Zonder programma"
    first = dict(zip(header, domain[1], strict=True))
    assert first["Totaal"] == "rood" and first["Buiten tolerantie"] == "ja"
    assert first["Fase"] == "Realisatie" and first["Totaal vorige periode"] == "groen"
    assert first["ESG-thema's"] == "Planet: mobiliteit en luchtkwaliteit"


def test_the_file_is_named_after_the_dashboard_period_and_drill(client, analyst, snapshot):
    client.force_login(analyst)
    response = export(client, snapshot, format="xlsx", domein=1, programma=11)
    disposition = response["Content-Disposition"]
    assert "dashboard-hele-organisatie-2026-11-stadsbeheer-bereikbare-stad" in disposition
    assert disposition.endswith('.xlsx"')


def test_the_workbook_types_money_percentages_and_dates(client, analyst, snapshot):
    client.force_login(analyst)
    response = export(client, snapshot, format="xlsx", domein=2)
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert sheet.max_row == 2  # the header and the one row of domain 2
    assert row["Code"].value == "P-B1"
    assert row["Budget"].value == 500000
    assert row["Budget"].number_format == '"€" #,##0.00'
    assert row["Voortgang (%)"].value == 40 and row["Voortgang (%)"].number_format == '0"%"'
    assert row["Bezetting teams (%)"].number_format == '0"%"'
    assert row["Prognose einde"].value.date() == dt.date(2027, 9, 30)
    assert row["Prognose einde"].number_format == "dd-mm-yyyy"
    assert row["Uitloop mijlpalen (dagen)"].number_format == "#,##0"


def test_the_period_asked_for_is_exported(client, analyst, snapshot):
    older = SnapshotFactory(scope=snapshot.scope, period=dt.date(2026, 10, 1))
    SnapshotRowFactory(snapshot=older, code="P-OLD")
    client.force_login(analyst)
    rows = csv_rows(export(client, snapshot, format="csv", periode="2026-10"))
    assert [row[0] for row in rows[1:]] == ["P-OLD"]


@pytest.mark.parametrize(
    "query",
    [
        {"format": "pdf"},
        {"format": "csv", "periode": "2030-01"},
        {"format": "csv", "periode": "nooit"},
        {"format": "csv", "domein": 7},
        {"format": "csv", "programma": 11},
    ],
)
def test_bad_input_is_a_404(client, analyst, snapshot, query):
    client.force_login(analyst)
    assert export(client, snapshot, **query).status_code == 404


def test_a_formula_in_a_name_is_text(client, analyst, snapshot):
    SnapshotRowFactory(snapshot=snapshot, code="P-Z9", name='=HYPERLINK("http://x")')
    client.force_login(analyst)
    rows = csv_rows(export(client, snapshot, format="csv"))
    assert rows[-1][1] == '\'=HYPERLINK("http://x")'
