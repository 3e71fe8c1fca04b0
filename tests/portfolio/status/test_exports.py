"""The overdue reports and a level's projects as Excel and CSV: the rows the page lists,
dates and days typed, user text neutralised, and only the projects the user may see."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portfolio.projects.models import LifecycleStatus
from portfolio.status.rules.due import days_overdue, due_date
from tests.support.factories import (
    OrgUnitFactory,
    ProgrammeFactory,
    ProjectFactory,
    StatusReportFactory,
)
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db

OCTOBER = dt.date(2026, 10, 1)  # on the suite's 1 December, October's report is overdue


def workbook_rows(response):
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return sheet, list(sheet.iter_rows(values_only=True))


def test_a_report_is_due_five_days_after_its_period_and_late_each_day_after():
    assert due_date(OCTOBER, months=1, due_days=5) == dt.date(2026, 11, 5)
    assert days_overdue(OCTOBER, today=dt.date(2026, 11, 5), months=1, due_days=5) == 0
    assert days_overdue(OCTOBER, today=dt.date(2026, 12, 1), months=1, due_days=5) == 26


def test_the_overdue_reports_export_typed(client, request, analyst, owner, department):
    ProjectFactory(code="L-1", name="-Rotonde Noord", manager=owner, org_unit=department)
    StatusReportFactory(project=ProjectFactory(code="T-1"), period=OCTOBER)  # on time
    ProjectFactory(code="H-1", status=LifecycleStatus.ON_HOLD)  # does not report
    client.force_login(analyst)
    url = reverse("status:overdue_reports")
    assert "?export=xlsx" in client.get(url).text
    sheet, rows = workbook_rows(client.get(url, {"export": "xlsx"}))
    assert rows[0] == (
        "Code", "Naam", "Onderdeel", "Projectleider", "Periode", "Uiterlijk op", "Dagen te laat",
        "Herinnerd",
    )  # fmt: skip
    assert [row[0] for row in rows[1:]] == ["L-1"]
    row = rows[1]
    assert row[1] == "'-Rotonde Noord" and row[2] == department.name and row[3] == str(owner)
    assert row[4].date() == OCTOBER and row[5].date() == dt.date(2026, 11, 5)
    assert row[6] == 26 and sheet["G2"].number_format == "#,##0"
    assert sheet["E2"].number_format == "dd-mm-yyyy" and row[7] is False
    assert answers(client, request, url + "?export=csv") == expect(
        404, board_member=200, analyst=200, administrator=200
    )


@pytest.fixture
def level(department, owner):
    """The owner's domain, with a project in their department and one in a sibling
    department the owner does not see; both in one programme."""
    programme = ProgrammeFactory()
    sibling = OrgUnitFactory(parent=department.parent, name="Groen")
    own = ProjectFactory(
        code="W-1", name="=Ringweg", org_unit=department, manager=owner, programme=programme
    )
    StatusReportFactory(project=own, rag_overall="oranje")
    ProjectFactory(code="G-1", org_unit=sibling, programme=programme)
    return {"domain": department.parent, "programme": programme}


def test_a_levels_projects_export_as_shown(client, analyst, level):
    client.force_login(analyst)
    url = reverse("status:org_unit_detail", args=[level["domain"].code])
    assert "?export=xlsx" in client.get(url).text
    _sheet, rows = workbook_rows(client.get(url, {"export": "xlsx"}))
    assert rows[0] == ("Code", "Naam", "Fase", "Status", "Totaalbeeld")
    assert [row[0] for row in rows[1:]] == ["G-1", "W-1"]
    assert rows[2][1:] == ("'=Ringweg", "Realisatie", "Lopend", "oranje")


def test_a_projectleider_exports_only_the_projects_they_see(client, owner, outsider, level):
    client.force_login(owner)
    for url in (
        reverse("status:org_unit_detail", args=[level["domain"].code]),
        reverse("status:programme_detail", args=[level["programme"].code]),
    ):
        text = client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
        assert [line[0] for line in csv.reader(io.StringIO(text))][1:] == ["W-1"], url
    client.force_login(outsider)
    domain = reverse("status:org_unit_detail", args=[level["domain"].code])
    assert client.get(domain, {"export": "csv"}).status_code == 404
