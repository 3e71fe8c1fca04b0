"""The decision log and the meetings as Excel and CSV: the rows the page lists, dates as
dates, user text neutralised, and no file for who may not see the board's pages."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portfolio.governance.models import AgendaItem, GateDecision
from portfolio.projects.models import Phase
from portfolio.scenarios.models import Scenario
from tests.support.factories import BoardMeetingFactory, ScenarioFactory
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db

BOARD_READERS = expect(404, board_member=200, analyst=200, administrator=200)


def workbook_rows(response):
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return sheet, list(sheet.iter_rows(values_only=True))


@pytest.fixture
def decisions(project, board_member):
    """A gate decided with conditions at a meeting, an exception decided at an earlier
    one, a scenario the board adopted; and a gate still waiting (not in the log)."""
    held = BoardMeetingFactory(date=dt.date(2026, 11, 12), title="Raad november")
    earlier = BoardMeetingFactory(date=dt.date(2026, 10, 8), title="Raad oktober")
    now = timezone.now()
    GateDecision.objects.create(
        project=project,
        from_phase=Phase.REALISATION,
        to_phase=Phase.AFTERCARE,
        proposal="Opleveren",
        decision=GateDecision.Decision.GO_CONDITIONS,
        conditions="=1+1 en de overdracht is getekend",
        reasoning="Klaar voor beheer",
        decided_by=board_member,
        decided_at=now,
        meeting=held,
    )
    AgendaItem.objects.create(
        meeting=earlier,
        kind=AgendaItem.Kind.EXCEPTION,
        project=project,
        decision="Herstelplan binnen een maand",
        reasoning="Buiten tolerantie",
        decided_by=board_member,
        decided_at=now,
    )
    scenario = ScenarioFactory(name="Begroting 2027", state=Scenario.State.DONE)
    Scenario.objects.filter(pk=scenario.pk).update(
        result={"selected": [project.pk, 0]},
        adopted_at=now,
        adopted_by=board_member,
        adopted_meeting=held,
        adoption_reasoning="Past binnen de kaders",
    )
    GateDecision.objects.create(
        project=project, from_phase=Phase.DESIGN, to_phase=Phase.PREPARATION, proposal="Wacht"
    )
    return {"held": held, "earlier": earlier, "scenario": scenario}


def test_the_decision_log_exports_its_decisions_typed(client, board_member, project, decisions):
    client.force_login(board_member)
    url = reverse("governance:decision_log")
    assert "?export=xlsx" in client.get(url).text
    sheet, rows = workbook_rows(client.get(url, {"export": "xlsx"}))
    assert rows[0] == (
        "Datum", "Vergadering", "Project", "Onderwerp", "Besluit", "Voorwaarden",
        "Motivering", "Besloten door",
    )  # fmt: skip
    assert len(rows) == 4  # the waiting gate is no decision
    subjects = {row[3]: row for row in rows[1:]}
    gate = subjects["faseovergang Realisatie → Nazorg"]
    assert gate[0].date() == dt.date(2026, 11, 12) and gate[1] == "Raad november"
    assert gate[2] == project.code and gate[4] == "go met voorwaarden"
    assert gate[5] == "'=1+1 en de overdracht is getekend"  # neutralised
    assert gate[7] == str(board_member)
    assert sheet.cell(rows.index(gate) + 1, 1).number_format == "dd-mm-yyyy"
    scenario = next(row for row in rows[1:] if row[2] == "portfolio")
    assert scenario[3].startswith("scenario Begroting 2027") and scenario[4] == (
        "vastgesteld: 2 projecten"
    )
    assert [row[1] for row in rows[1:]][-1] == "Raad oktober"  # newest meeting first


def test_a_projectleider_gets_no_decision_log(client, request, decisions):
    url = reverse("governance:decision_log") + "?export=csv"
    assert answers(client, request, url) == BOARD_READERS


def test_the_meetings_export_with_their_number_of_agenda_items(client, request, analyst, project):
    meeting = BoardMeetingFactory(date=dt.date(2027, 1, 14), title="@Raad januari")
    for kind in (AgendaItem.Kind.EXCEPTION, AgendaItem.Kind.ESCALATION):
        AgendaItem.objects.create(meeting=meeting, kind=kind, project=project)
    BoardMeetingFactory(date=dt.date(2026, 12, 10), title="Raad december")
    client.force_login(analyst)
    url = reverse("governance:meeting_list")
    assert "?export=xlsx" in client.get(url).text
    sheet, rows = workbook_rows(client.get(url, {"export": "xlsx"}))
    assert rows[0] == ("Datum", "Titel", "Status", "Agendapunten")
    assert rows[1][1:] == ("'@Raad januari", "gepland", 2)
    assert rows[2][1:] == ("Raad december", "gepland", 0)
    assert rows[1][0].date() == dt.date(2027, 1, 14) and sheet["A2"].number_format == "dd-mm-yyyy"
    text = client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1][3] == "2"
    assert answers(client, request, url + "?export=csv") == BOARD_READERS
