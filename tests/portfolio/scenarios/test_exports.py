"""A framework's scenarios as Excel and CSV: the list's rows with their state worded as
the page words it, budgets as money, the adoption date as a date, user text neutralised,
and no file for a projectleider."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portfolio.assessment.models import Score
from portfolio.scenarios.models import Scenario
from portfolio.scenarios.services import scenario_solve
from tests.support.factories import (
    ProjectBudgetFactory,
    ProjectFactory,
    ScenarioFactory,
    scored_framework,
)
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(project):
    others = ProjectFactory.create_batch(2)
    for index, each in enumerate([project, *others]):
        ProjectBudgetFactory(project=each, year=2027, amount=Decimal(100000 * (index + 1)))
    return scored_framework([project, *others], values=[(3, 1), (2, 2), (1, 3)])


@pytest.fixture
def scenarios(framework, board_member):
    """Solved, adopted, solved then changed, and not yet computed; one of another framework."""
    solved = ScenarioFactory(
        framework=framework, name="+Ruim", budgets={"2027": "600000", "2028": "250000.50"}
    )
    scenario_solve(scenario_id=solved.pk, version=solved.version)
    adopted = ScenarioFactory(framework=framework, name="Krap", budgets={"2027": "150000"})
    scenario_solve(scenario_id=adopted.pk, version=adopted.version)
    Scenario.objects.filter(pk=adopted.pk).update(
        adopted_at=dt.datetime(2026, 11, 12, 23, 30, tzinfo=dt.UTC), adopted_by=board_member
    )
    stale = ScenarioFactory(framework=framework, name="Oud", budgets={"2027": "300000"})
    scenario_solve(scenario_id=stale.pk, version=stale.version)
    Scenario.objects.filter(pk=stale.pk).update(version=stale.version + 1)
    ScenarioFactory(framework=framework, name="Nieuw", budgets={"2027": "1"})
    ScenarioFactory(name="Elders")
    return {"adopted": adopted}


def url(framework):
    return reverse("scenarios:scenario_list", args=[framework.pk])


def test_the_scenarios_export_typed_as_the_list_shows_them(
    client, analyst, board_member, framework, scenarios
):
    client.force_login(analyst)
    assert "?export=xlsx" in client.get(url(framework)).text
    response = client.get(url(framework), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Naam", "Toestand", "Budget 2027 (€)", "Budget 2028 (€)", "Projecten", "Waarde",
        "Vastgesteld op", "Vastgesteld door",
    )  # fmt: skip
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"'+Ruim", "Krap", "Oud", "Nieuw"}  # this framework's only
    ruim = by_name["'+Ruim"]
    assert ruim[1:5] == ("berekend", 600000, Decimal("250000.50"), 3)
    assert ruim[5] == pytest.approx(6.0)  # 2.5 + 2.0 + 1.5
    line = rows.index(ruim) + 1
    assert "€" in sheet.cell(line, 3).number_format and "€" in sheet.cell(line, 4).number_format
    assert by_name["Oud"][1] == "verouderd" and by_name["Nieuw"][1:5:3] == (
        "nog niet berekend",
        None,
    )
    krap = by_name["Krap"]
    assert krap[3] is None  # no budget for 2028
    # Adopted 23:30 UTC on 12 November: the 13th in the municipality's own time.
    assert krap[6].date() == dt.date(2026, 11, 13) and krap[7] == str(board_member)
    assert sheet.cell(rows.index(krap) + 1, 7).number_format == "dd-mm-yyyy"


def test_a_projectleider_gets_no_scenarios_file(client, request, framework, scenarios):
    readers = expect(404, analyst=200, board_member=200, administrator=200)
    assert answers(client, request, url(framework) + "?export=csv") == readers
    client.force_login(request.getfixturevalue("board_member"))
    text = client.get(url(framework), {"export": "csv"}).content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == 5  # the header and four scenarios


def test_a_scenario_whose_inputs_changed_since_its_solve_says_what(client, analyst, framework):
    scenario = ScenarioFactory(framework=framework, name="Ruim", budgets={"2027": "600000"})
    scenario_solve(scenario_id=scenario.pk, version=scenario.version)
    Score.objects.filter(criterion__framework=framework, value=3).update(value=-3)
    client.force_login(analyst)
    text = client.get(url(framework), {"export": "csv"}).content.decode("utf-8-sig")
    (row,) = list(csv.reader(io.StringIO(text)))[1:]
    assert row[1].startswith("verouderd (gewijzigd: ") and row[1] != "verouderd (gewijzigd: )"
