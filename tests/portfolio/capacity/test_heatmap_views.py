"""The heatmap page and its drill-down: who sees them, what a cell shows (never by colour
alone), the table of over-allocated months, fte, proposals, the org unit filter, the
projects that make a cell (named only where visible, the rest counted), and a fixed
number of queries whatever the number of projects and teams."""

from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portfolio.capacity import selectors
from portfolio.capacity.views.heatmap import cell_context
from tests.support.factories import DemandFactory, ProjectFactory, TeamFactory
from tests.support.roles import answers, expect

from .heatmap_support import MAR, READERS, capacity_world

pytestmark = pytest.mark.django_db

HEATMAP = "/capaciteit/"


@pytest.fixture
def world(department, other_department, owner):
    return capacity_world(department, other_department, owner)


def cell_url(team="ICT", month="2027-03"):
    return reverse("capacity:heatmap_cell", args=[team, month])


def test_only_who_reads_the_whole_portfolio_sees_the_heatmap_its_cells_and_export(
    client, request, world
):
    """The trio (projectleiders) and a user without a role get 404; board, analyst and
    administrator read it."""
    assert reverse("capacity:heatmap") == HEATMAP
    for url in (HEATMAP, cell_url(), reverse("capacity:heatmap_export") + "?format=csv"):
        assert answers(client, request, url) == expect(404, **READERS), url


def test_a_cell_shows_demand_capacity_load_and_a_marker_in_words(client, analyst, world):
    TeamFactory(code="VAC", name="Vacatures", fte=Decimal("0"))
    client.force_login(analyst)
    page = client.get(HEATMAP).content.decode()
    # March: 350 of 312 hours, 112 %, marked over in text and linked to its projects.
    assert "350 / 312" in page and "112 %" in page
    assert "▲</span> over" in page
    assert f'href="{cell_url()}"' in page and f'hx-get="{cell_url()}"' in page
    # A free cell carries no marker, an empty one says so to screen readers.
    assert "pmo-load--free" in page and "geen capaciteit en geen vraag" in page
    # The scroll container can be reached and named from the keyboard.
    assert 'tabindex="0" role="region" aria-label="Bezetting per team en maand' in page


def test_the_table_of_overloaded_months_lists_each_with_how_much_over(client, analyst, world):
    client.force_login(analyst)
    response = client.get(HEATMAP)
    overloads = response.context["heatmap"].overloads
    assert [
        (o.team.code, o.month, o.demand, o.capacity, o.over, o.over_pct) for o in overloads
    ] == [("ICT", MAR, 350, 312, 38, 12)]
    page = response.content.decode()
    table = page[page.index('id="over-heading"') :]
    assert "ICT Informatievoorziening" in table and "maart 2027" in table
    assert "<td" in table and ">38<" in table and "12 %" in table


def test_the_totals_row_sums_every_team_per_month(client, analyst, world):
    client.force_login(analyst)
    totals = client.get(HEATMAP).context["heatmap"].totals
    march = next(t for t in totals if t.month == MAR)
    assert (march.demand, march.capacity) == (350, 624)


def test_fte_divides_by_the_teams_hours_per_fte(client, analyst, world):
    client.force_login(analyst)
    page = client.get(HEATMAP, {"eenheid": "fte"}).content.decode()
    # 350 / 156 = 2,24 fte against 312 / 156 = 2,00 fte; the load stays 112 %.
    assert "2,24 / 2,00" in page and "112 %" in page


def test_proposals_count_only_when_asked(client, analyst, world):
    client.force_login(analyst)
    feb = 2  # December, January, February

    def february():
        return next(r for r in heatmap.rows if r.team.code == "ICT").cells[feb]

    heatmap = client.get(HEATMAP).context["heatmap"]
    assert february().demand == 0 and february().proposed == 300
    heatmap = client.get(HEATMAP, {"voorstellen": "on"}).context["heatmap"]
    assert february().demand == 300 and february().level == "tight"


def test_the_period_and_the_org_unit_choose_months_and_teams(
    client, analyst, world, other_department
):
    client.force_login(analyst)
    heatmap = client.get(HEATMAP, {"van": "2027-03", "maanden": "18"}).context["heatmap"]
    assert heatmap.months[0] == MAR and len(heatmap.months) == 18
    only = client.get(HEATMAP, {"onderdeel": other_department.parent_id}).context["heatmap"]
    assert [r.team.code for r in only.rows] == ["GIS"]  # the domain and the units below it


def test_a_filter_that_does_not_parse_says_so_and_uses_its_default(client, analyst, world):
    client.force_login(analyst)
    response = client.get(HEATMAP, {"van": "maart", "maanden": "7"})
    assert response.status_code == 200
    assert response.context["filters"].errors.keys() == {"van", "maanden"}
    heatmap = response.context["heatmap"]
    assert len(heatmap.months) == 12 and heatmap.months[0].isoformat() == "2026-12-01"


def test_the_page_issues_the_same_queries_for_more_projects_and_teams(client, analyst, world):
    """capacity_figures reads teams, exceptions and demand totals in three queries."""
    client.force_login(analyst)
    urls = [HEATMAP, f"{HEATMAP}?voorstellen=on&eenheid=fte&project=RUI-001&verschuiving=2"]

    def counts():
        result = []
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    few = counts()
    for team in TeamFactory.create_batch(5, org_unit=world["ict"].org_unit):
        for project in ProjectFactory.create_batch(6, org_unit=world["ict"].org_unit):
            DemandFactory(project=project, team=team, month=MAR, hours=Decimal("10"))
    assert counts() == few


def test_the_drill_names_each_project_with_its_hours_share_and_links(client, analyst, world):
    client.force_login(analyst)
    response = client.get(cell_url())
    assert response.status_code == 200
    rows = [(r.project.code, r.hours, r.share) for r in response.context["projects"]]
    assert rows == [("RUI-001", 200, 57), ("RUI-002", 100, 29), ("JGD-001", 50, 14)]
    page = response.content.decode()
    assert world["own"].get_absolute_url() in page
    assert reverse("capacity:demand_grid", kwargs={"code": "RUI-001"}) in page
    assert "312" in page and "112 %" in page and "<html" in page


def test_the_drill_is_a_fragment_for_htmx_and_a_page_without(client, analyst, world):
    client.force_login(analyst)
    fragment = client.get(cell_url(), headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and "RUI-001" in fragment
    assert "Deze cel als eigen pagina" in fragment


def test_a_cell_that_is_not_there_is_404(client, analyst, world):
    client.force_login(analyst)
    assert client.get(cell_url(month="2027-13")).status_code == 404
    assert client.get(cell_url(team="ONBEKEND")).status_code == 404


def test_the_owner_is_told_only_his_own_and_his_departments_projects(owner, world):
    """The owner (projectleider in the department) sees the two department projects;
    the 50 hours of the project elsewhere are counted, not named."""
    demands, hidden = selectors.cell_projects(team=world["ict"], month=MAR, user=owner)
    assert [d.project.code for d in demands] == ["RUI-001", "RUI-002"] and hidden == 50


def test_a_colleague_sees_the_department_and_not_what_lies_elsewhere(colleague, world):
    """A colleague in the same department sees the same two projects, not the third."""
    context = cell_context(colleague, world["ict"], MAR)
    fragment = render_to_string("portfolio/capacity/heatmap_cell.html#drill", context)
    assert "RUI-001" in fragment and "RUI-002" in fragment and "JGD-001" not in fragment
    assert "Daarnaast 50 uur van projecten die u niet kunt inzien." in fragment
    assert context["total"] == 350 and context["level"] == "over"


def test_an_outsider_sees_only_the_project_of_his_own_department(outsider, world):
    """An outsider (another department) sees only the project there; 300 hours hidden."""
    context = cell_context(outsider, world["ict"], MAR)
    assert [r.project.code for r in context["projects"]] == ["JGD-001"]
    assert context["hidden"] == 300
    fragment = render_to_string("portfolio/capacity/heatmap_cell.html#drill", context)
    assert "Ringweg" not in fragment and "Daarnaast 300 uur" in fragment
