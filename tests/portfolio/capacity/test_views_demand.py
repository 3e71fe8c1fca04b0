"""A project's demand grid: seen with the project, edited by who changes it; saved whole
(plainly or with htmx), a stale save 409 naming who changed which cells and a bad cell 422
with its error at the cell, the input kept in both; the months it shows; the team's load
per cell; a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from pmo.actors import Actor
from portfolio.capacity.models import Demand
from portfolio.capacity.selectors import plan_cells
from portfolio.capacity.services.demand import demand_plan_save
from tests.support import query_counts
from tests.support.factories import DemandFactory, ProjectFactory, TeamFactory
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db

DEC, JAN, FEB = dt.date(2026, 12, 1), dt.date(2027, 1, 1), dt.date(2027, 2, 1)
HTMX = {"HX-Request": "true"}


@pytest.fixture
def ict(department):
    return TeamFactory(code="ICT", name="Informatievoorziening", org_unit=department)


@pytest.fixture
def gis(department):
    return TeamFactory(code="GIS", name="Geo-informatie", org_unit=department)


@pytest.fixture
def planned(project):
    """The owner's project, planned December 2026 to February 2027: three columns."""
    project.planned_start, project.planned_end = dt.date(2026, 12, 10), dt.date(2027, 2, 20)
    project.save()
    return project


def grid(project, **query):
    url = reverse("capacity:demand_grid", args=[project.code])
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


def cell(team, month):
    return f"c-{team.pk}-{month:%Y-%m}"


def test_who_sees_the_project_sees_its_grid_and_who_changes_it_edits_it(
    client, request, planned, ict
):
    """The owner and the PMO-analist edit the grid; the colleague, the board and the
    beheerder read it; the outsider and a user without a role do not see it (404)."""
    DemandFactory(project=planned, team=ict, month=DEC, hours=40)
    assert answers(client, request, grid(planned)) == expect(200, outsider=404, no_role_user=404)
    adding = {"version": "2", "row": str(ict.pk), "toevoegen": "1", "team": str(ict.pk)}
    assert answers(client, request, grid(planned), method="post", data=adding) == expect(
        403, owner=200, analyst=200, outsider=404, no_role_user=404
    )


def test_a_reader_gets_a_table_without_inputs(client, colleague, planned, ict):
    DemandFactory(project=planned, team=ict, month=DEC, hours=Decimal("40.5"))
    client.force_login(colleague)
    page = client.get(grid(planned)).content.decode()
    assert "40,5" in page and "<input" not in page.split('id="demand-grid"')[1]
    assert 'tabindex="0" role="region" aria-label=' in page


def test_the_owner_saves_the_whole_grid_without_javascript(client, owner, planned, ict, gis):
    DemandFactory(project=planned, team=ict, month=DEC, hours=40)
    client.force_login(owner)
    page = client.get(grid(planned)).content.decode()
    assert f'name="{cell(ict, DEC)}" id="{cell(ict, DEC)}" value="40"' in page
    assert 'step="0.1"' in page and 'name="version" value="1"' in page
    posted = {"version": "1", "row": [str(ict.pk), str(gis.pk)],
              cell(ict, DEC): "", cell(ict, JAN): "12.5", cell(gis, FEB): "8,5"}  # fmt: skip
    saved = client.post(grid(planned), posted)
    assert saved.status_code == 302 and saved.url == grid(planned)
    assert plan_cells(planned) == {(ict.pk, JAN): Decimal("12.5"), (gis.pk, FEB): Decimal("8.5")}
    page = client.get(grid(planned)).content.decode()
    assert "De capaciteitsvraag is opgeslagen." in page and 'name="version" value="2"' in page
    # Row, column and grand totals.
    assert "<strong>12,5</strong>" in page and "<strong>8,5</strong>" in page and ">21<" in page


def test_with_htmx_the_grid_is_saved_and_swapped_in_place(client, owner, planned, ict):
    client.force_login(owner)
    posted = {"version": "1", "row": str(ict.pk), cell(ict, DEC): "40"}
    swapped = client.post(grid(planned), posted, headers=HTMX)
    assert swapped.status_code == 200
    fragment = swapped.content.decode()
    assert fragment.lstrip().startswith('<section id="demand-grid"') and "<html" not in fragment
    assert "opgeslagen" in fragment and 'name="version" value="2"' in fragment
    assert Demand.objects.get().hours == 40


def test_a_stale_grid_is_409_naming_who_changed_which_cells_and_keeps_the_input(
    client, owner, analyst, planned, ict
):
    demand_plan_save(
        actor=Actor.screen(analyst), project=planned, expected_version=1, cells={(ict.pk, JAN): 20}
    )
    client.force_login(owner)
    posted = {"version": "1", "row": str(ict.pk), cell(ict, DEC): "33.5"}
    for headers in ({}, HTMX):
        stale = client.post(grid(planned), posted, headers=headers)
        assert stale.status_code == 409
        page = stale.content.decode()
        assert str(analyst) in page and "ICT 2027-01" in page
        assert f'id="{cell(ict, DEC)}" value="33.5"' in page
        # The version the page now carries is the current one: saving again applies.
        assert 'name="version" value="2"' in page
    assert plan_cells(planned) == {(ict.pk, JAN): Decimal("20")}


@pytest.mark.parametrize(("text", "says"), [("-4", "negatief"), ("veel", "geen getal"),
                                             ("800", "744")])  # fmt: skip
def test_a_bad_cell_is_422_with_its_error_at_the_cell(client, owner, planned, ict, text, says):
    client.force_login(owner)
    posted = {"version": "1", "row": str(ict.pk), cell(ict, DEC): "10", cell(ict, JAN): text}
    refused = client.post(grid(planned), posted, headers=HTMX)
    assert refused.status_code == 422
    page = refused.content.decode()
    name = cell(ict, JAN)
    assert f'aria-invalid="true" aria-describedby="err-{name}"' in page
    error = page.split(f'id="err-{name}">')[1].split("</span>")[0]
    assert says in error
    assert f'id="{cell(ict, DEC)}" value="10"' in page and f'value="{text}"' in page
    assert not Demand.objects.exists()


def test_adding_a_team_row_keeps_the_input_and_saves_nothing(client, owner, planned, ict, gis):
    client.force_login(owner)
    posted = {"version": "1", "row": str(ict.pk), cell(ict, DEC): "7", "toevoegen": "1",
              "team": str(gis.pk)}  # fmt: skip
    page = client.post(grid(planned), posted).content.decode()
    assert f'name="row" value="{gis.pk}"' in page and f'id="{cell(gis, DEC)}" value=""' in page
    assert f'id="{cell(ict, DEC)}" value="7"' in page
    assert not Demand.objects.exists()


def test_the_columns_run_from_planned_start_to_end_capped_and_paged(client, owner, project):
    client.force_login(owner)

    def months(url):
        page = client.get(url).content.decode()
        head = page.split("<thead")[1].split("</thead>")[0]
        return head.count('scope="col"') - 2  # the team and the total columns

    project.planned_start, project.planned_end = dt.date(2027, 3, 5), dt.date(2027, 8, 1)
    project.save()
    TeamFactory(code="ICT")
    DemandFactory(project=project, team__code="GIS", month=dt.date(2027, 3, 1))
    assert months(grid(project)) == 6
    project.planned_end = dt.date(2031, 1, 1)
    project.save()
    assert months(grid(project)) == 36
    assert months(grid(project, months=3)) == 3
    page = client.get(grid(project, **{"from": "2030-01", "months": "2"})).content.decode()
    assert "Jan 2030" in page and "Feb 2030" in page and "Mrt 2030" not in page
    assert "?from=2029-11&amp;months=2" in page and "?from=2030-03&amp;months=2" in page
    # The March 2027 hours are outside this window: counted, not shown in a cell.
    assert "40 uur in andere maanden" in page
    project.planned_start = project.planned_end = None
    project.save()
    page = client.get(grid(project)).content.decode()
    assert months(grid(project)) == 12 and "Dec 2026" in page and "Nov 2027" in page


def test_each_cell_shows_the_teams_total_load_that_month(client, owner, planned, ict):
    DemandFactory(project=planned, team=ict, month=DEC, hours=156)  # 312 h capacity: 50 %
    DemandFactory(team=ict, month=JAN, hours=400)  # another running project: over
    client.force_login(owner)
    page = client.get(grid(planned)).content.decode()
    assert "50 %" in page and "128 %" in page and "▲" in page


def test_the_grid_reads_a_fixed_number_of_queries(client, owner, planned, department):
    client.force_login(owner)
    teams = [TeamFactory(org_unit=department) for _ in range(2)]
    for team in teams:
        DemandFactory(project=planned, team=team, month=DEC)
    counts = []
    for size in (3, 60):
        for other in ProjectFactory.create_batch(size):
            DemandFactory(project=other, team=teams[0], month=JAN, hours=5)
        DemandFactory(project=planned, team=TeamFactory(org_unit=department), month=FEB)
        counts.append(
            (
                query_counts.count(client, grid(planned)),
                query_counts.count(client, grid(planned), **HTMX),
            )
        )
    assert counts[0] == counts[1]


def test_the_project_page_links_to_its_demand_with_its_total_hours(client, owner, planned, ict):
    DemandFactory(project=planned, team=ict, month=DEC, hours=Decimal("40.5"))
    DemandFactory(project=planned, team=ict, month=JAN, hours=Decimal("60"))
    client.force_login(owner)
    page = client.get(planned.get_absolute_url()).content.decode()
    assert grid(planned) in page and "100,5 uur" in page


def test_a_cell_not_posted_is_left_as_it_is(client, owner, planned, ict):
    DemandFactory(project=planned, team=ict, month=DEC, hours=40)
    client.force_login(owner)
    saved = client.post(grid(planned), {"version": "1", "row": str(ict.pk), cell(ict, JAN): "5"})
    assert saved.status_code == 302
    assert plan_cells(planned) == {(ict.pk, DEC): Decimal("40"), (ict.pk, JAN): Decimal("5")}
