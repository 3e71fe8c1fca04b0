"""The ranking and the framework versions as Excel and CSV: the rows the page ranks (with
its what-if), each score typed, user text neutralised, and nothing for a projectleider."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portfolio.assessment.models import AssessmentFramework
from portfolio.projects.models import Phase
from tests.support.factories import (
    CriterionFactory,
    ProjectBudgetFactory,
    ProjectFactory,
    scored_framework,
)
from tests.support.roles import answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(project):
    """Five ranked projects with budgets; a closed one scored too (not a candidate)."""
    others = [
        ProjectFactory(code="B-2", name='=HYPERLINK("http://x")'),
        ProjectFactory(code="C-3"),
        ProjectFactory(code="D-4"),
        ProjectFactory(code="E-5"),
    ]
    for index, each in enumerate([project, *others]):
        ProjectBudgetFactory(project=each, year=2027, amount=Decimal(100000 * (index + 1)))
    closed = ProjectFactory(code="Z-9", phase=Phase.CLOSED)
    values = [(3, 1), (2, 2), (1, 3), (0, 1), (-1, 0), (3, 3)]
    return scored_framework([project, *others, closed], values=values)


def sheet_rows(response):
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return sheet, list(sheet.iter_rows(values_only=True))


def ranking(framework):
    return reverse("assessment:ranking", args=[framework.pk])


def test_the_ranking_exports_every_candidate_with_its_scores_typed(
    client, analyst, framework, project
):
    unscored = ProjectFactory(code="F-6")  # a candidate without any score yet
    client.force_login(analyst)
    sheet, rows = sheet_rows(client.get(ranking(framework), {"export": "xlsx"}))
    header = rows[0]
    assert header[:6] == ("Rang", "Gedeelde plaats", "Code", "Naam", "Fase", "Status")
    assert header[6:9] == ("Veiligheid", "Duurzaamheid", "Risico")
    codes = [row[2] for row in rows[1:]]
    assert "Z-9" not in codes and len(codes) == 6  # a closed project is no candidate
    first = rows[1]
    assert first[:3] == (1, False, project.code)
    assert first[6:8] == (3, 1) and first[header.index("Waarde")] == pytest.approx(2.5)
    budget = header.index("Budget (€)") + 1
    assert sheet.cell(2, budget).value == 100000 and "€" in sheet.cell(2, budget).number_format
    empty = next(row for row in rows[1:] if row[2] == unscored.code)
    assert empty[6:9] == (None, None, None)  # not scored is empty, not 0
    assert empty[header.index("Volledig gescoord")] is False
    named = next(row for row in rows[1:] if row[2] == "B-2")
    assert named[3] == '\'=HYPERLINK("http://x")'


def test_the_ranking_export_follows_the_what_if_weight(client, analyst, framework):
    """All weight on Duurzaamheid: the project scoring 3 on it leads and moved up."""
    second = framework.criteria.get(name="Duurzaamheid")
    client.force_login(analyst)
    query = {"wat_als": second.pk, "gewicht": 100, "export": "csv"}
    text = client.get(ranking(framework), query).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][2] == "Verschuiving"
    assert rows[1][3] == "C-3" and rows[1][0] == "1" and rows[1][2] == "2"


def test_user_text_in_the_header_and_the_sheet_name_is_made_safe(client, analyst, framework):
    """A criterion named like a formula is neutralised; a framework named with characters
    Excel refuses in a sheet's name still exports."""
    CriterionFactory(framework=framework, name="=SUM(A1)", weight=0, position=5)
    AssessmentFramework.objects.filter(pk=framework.pk).update(name="Kader 2027/2028: [A]")
    client.force_login(analyst)
    sheet, rows = sheet_rows(client.get(ranking(framework), {"export": "xlsx"}))
    assert "'=SUM(A1)" in rows[0]
    assert sheet.title.startswith("Rangorde Kader 2027 2028")


def test_the_ranking_page_offers_the_export_with_its_what_if(client, analyst, framework):
    second = framework.criteria.get(name="Duurzaamheid")
    client.force_login(analyst)
    page = client.get(ranking(framework), {"wat_als": second.pk, "gewicht": 40}).text
    assert f"wat_als={second.pk}&amp;gewicht=40&amp;export=xlsx" in page


def test_a_projectleider_gets_no_ranking_file(client, request, framework):
    """Even the leader of a ranked project: the afwegingskader is the portfolio's."""
    url = ranking(framework) + "?export=xlsx"
    assert answers(client, request, url, who=("owner", "outsider", "board_member")) == {
        "owner": 404,
        "outsider": 404,
        "board_member": 200,
    }


def test_the_framework_versions_export_typed(client, request, analyst, framework):
    framework.published_at = dt.datetime(2026, 3, 2, 23, 30, tzinfo=dt.UTC)
    framework.save()
    draft = AssessmentFramework.objects.create(
        name="Afweging 2027/2028: [concept]", number=2, based_on=framework
    )
    client.force_login(analyst)
    url = reverse("assessment:framework_list")
    assert "?export=xlsx" in client.get(url).text
    sheet, rows = sheet_rows(client.get(url, {"export": "xlsx"}))
    assert rows[0] == (
        "Naam", "Versie", "Uit versie", "Status", "Wegingsmethode", "WSJF gebruiken",
        "Gepubliceerd op",
    )  # fmt: skip
    by_name = {row[0]: row for row in rows[1:]}
    published = by_name[framework.name]
    assert published[6].date() == timezone.localdate(framework.published_at)
    assert sheet.cell(rows.index(published) + 1, 7).number_format == "dd-mm-yyyy"
    assert by_name[draft.name][1:4] == (2, framework.number, "concept")
    assert answers(client, request, url + "?export=csv", who=("owner", "administrator")) == {
        "owner": 404,
        "administrator": 200,
    }
