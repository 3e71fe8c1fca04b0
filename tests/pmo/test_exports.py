"""Register exports: the filtered rows the user may see, as Excel and CSV, typed where
Excel can calculate and with formula text neutralised."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from pmo.exports import ChoiceLabel, cell, safe_text
from portfolio.projects.models import Phase, Project
from tests.support.factories import ProjectBudgetFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_text_a_spreadsheet_would_run_gets_a_quote():
    assert safe_text('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert safe_text("-12.5") == "-12.5"  # a number stays a number
    assert cell("@SUM(A1)") == "'@SUM(A1)"
    assert cell(None) == "" and cell(True) == "true"


def test_the_excel_export_holds_the_filtered_rows_typed(client, analyst, department):
    one = ProjectFactory(
        code="AAA-1", name="=cmd|' /C calc'!A0", phase=Phase.REALISATION, org_unit=department
    )
    one.planned_end = dt.date(2027, 6, 30)
    one.save()
    ProjectBudgetFactory(project=one, year=2027, amount=Decimal("125000"))
    ProjectFactory(code="BBB-2", phase=Phase.INITIATION, org_unit=department)
    client.force_login(analyst)
    response = client.get(
        reverse("projects:project_list"), {"phase": "realisatie", "export": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="projecten-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:2] == ("Code", "Naam")
    assert [row[0] for row in rows[1:]] == ["AAA-1"]
    header = rows[0]
    assert rows[1][header.index("Naam")] == "'=cmd|' /C calc'!A0"
    assert rows[1][header.index("Budget (€)")] == 125000
    assert rows[1][header.index("Gepland einde")].date() == dt.date(2027, 6, 30)


def test_the_csv_export_has_a_bom_and_only_what_the_user_may_see(client, owner, project, outsider):
    """The projectleider's own project is in their file; the outsider's file is empty."""
    url = reverse("projects:project_list")
    client.force_login(owner)
    text = client.get(url, {"export": "csv"}).content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row[0] for row in rows[1:]] == [project.code]
    client.force_login(outsider)
    rows = list(csv.reader(io.StringIO(client.get(url, {"export": "csv"}).content.decode())))
    assert len(rows) == 1  # the header only


def test_the_export_links_carry_the_filters(client, analyst, project):
    client.force_login(analyst)
    text = client.get(reverse("projects:project_list"), {"phase": project.phase, "pagina": 1}).text
    assert f"?phase={project.phase}&amp;export=xlsx" in text
    assert "pagina=1&amp;export" not in text


def test_an_export_takes_the_same_queries_at_any_size(client, analyst, department):
    client.force_login(analyst)
    url = reverse("projects:project_list")
    ProjectFactory.create_batch(3, org_unit=department)
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"export": "xlsx"})
    ProjectFactory.create_batch(30, org_unit=department)
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"export": "xlsx"})
    assert len(many) == len(few)


def test_a_choice_column_gives_the_label_in_the_exporting_language(project):
    column = ChoiceLabel(Project, "status")
    with translation.override("nl"):
        assert column(project) == project.get_status_display() == "Lopend"
    with translation.override("en"):
        assert column(project) == project.get_status_display() != "Lopend"


def test_an_excel_sheet_is_ready_to_work_with():
    """Frozen bold header, filter buttons over every row, columns wide enough, and each
    kind of value in its own number format (money in euros, dates Dutch style)."""
    from pmo.exports import ExportColumn, export_response

    columns = [
        ExportColumn("Naam van het project", lambda r: r[0]),
        ExportColumn("Budget", lambda r: r[1], kind="money"),
        ExportColumn("Start", lambda r: r[2]),
        ExportColumn("Belasting", lambda r: r[3], kind="percent"),
    ]
    rows = [("Brug over de Linde, tweede fase", Decimal("1250000.00"), dt.date(2027, 3, 1), 112)]
    rows.append(("+31 20 123", None, None, 40))
    response = export_response(rows, columns, fmt="xlsx", title="Proef")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"
    assert sheet["A1"].font.b and sheet["A1"].value == "Naam van het project"
    assert sheet.column_dimensions["A"].width >= len("Brug over de Linde, tweede fase")
    assert sheet["B2"].value == 1250000 and "€" in sheet["B2"].number_format
    assert sheet["C2"].number_format == "dd-mm-yyyy" and sheet["C2"].value.year == 2027
    assert sheet["D2"].value == 112 and sheet["D2"].number_format == '0"%"'
    assert sheet["A3"].value == "'+31 20 123"  # neutralised: Excel would run it


def test_a_workbook_of_several_tables_is_typed_too():
    from pmo.exports import workbook_response

    sheets = [("Eerste", ["Maand", "Uren"], [[dt.date(2027, 1, 1), Decimal("12.5")]])]
    sheets.append(("Tweede", ["Tekst"], [["=1+1"]]))
    book = load_workbook(io.BytesIO(workbook_response(sheets, title="Proef").content))
    first, second = book["Eerste"], book["Tweede"]
    assert first.freeze_panes == "A2" and first.auto_filter.ref == "A1:B2"
    assert first["A2"].number_format == "dd-mm-yyyy" and first["B2"].number_format == "#,##0.00"
    assert second["A2"].value == "'=1+1"
