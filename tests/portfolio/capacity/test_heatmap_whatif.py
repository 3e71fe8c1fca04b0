"""The heatmap's what-if: a project's demand moved some months shows each changed cell
before and after and which over-allocations appear or disappear, saving nothing; who
may change the project saves the shift through the demand service, refused when stale
(409) or invalid (422)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmo.actors import Actor
from portfolio.capacity.models import Demand, DemandPlan
from portfolio.capacity.services.demand import demand_plan_save
from tests.support.factories import DemandFactory
from tests.support.roles import answers, expect

from .heatmap_support import FEB, MAR, capacity_world

pytestmark = pytest.mark.django_db

HEATMAP = "/capaciteit/"


@pytest.fixture
def world(department, other_department, owner):
    return capacity_world(department, other_department, owner)


def ict(heatmap, month):
    row = next(r for r in heatmap.rows if r.team.code == "ICT")
    return next(c for c in row.cells if c.month == month)


def months_of(project):
    return sorted(Demand.objects.filter(project=project).values_list("month", flat=True))


def test_a_what_if_shows_the_move_and_saves_nothing(client, analyst, world):
    """Ringweg one month later: March loses its 200 hours to April and is no longer over."""
    client.force_login(analyst)
    response = client.get(HEATMAP, {"project": "RUI-001", "verschuiving": "1"})
    assert response.status_code == 200
    heatmap = response.context["heatmap"]
    march, april = ict(heatmap, MAR), ict(heatmap, dt.date(2027, 4, 1))
    assert (march.before, march.demand, march.delta) == (350, 150, -200)
    assert (april.before, april.demand, april.delta) == (0, 200, 200)
    assert [(o.team.code, o.month) for o in heatmap.disappeared] == [("ICT", MAR)]
    assert heatmap.appeared == [] and heatmap.overloads == []
    page = response.content.decode()
    assert "350 → 150 / 312" in page and "-200" in page and "+200" in page
    assert "Dit is een berekening: er is niets opgeslagen." in page
    assert "Wat als RUI-001 Ringweg 1 maand later valt" in page
    # Nothing moved, no version spent.
    assert months_of(world["own"]) == [MAR]
    assert not DemandPlan.objects.exists()


def test_an_over_allocation_that_a_shift_makes_is_listed(client, analyst, world):
    """With the proposals counted, Ringweg a month earlier lands on February's 300 hours."""
    client.force_login(analyst)
    query = {"project": "RUI-001", "verschuiving": "-1", "voorstellen": "on"}
    heatmap = client.get(HEATMAP, query).context["heatmap"]
    assert [(o.team.code, o.month, o.demand) for o in heatmap.appeared] == [("ICT", FEB, 500)]
    assert [(o.team.code, o.month) for o in heatmap.disappeared] == [("ICT", MAR)]


def test_a_proposal_moves_only_where_proposals_count(client, analyst, world):
    client.force_login(analyst)
    query = {"project": "VST-001", "verschuiving": "1"}
    response = client.get(HEATMAP, query)
    assert response.context["heatmap"].changed_cells == 0
    assert "telt alleen mee met" in response.content.decode()
    counted = client.get(HEATMAP, {**query, "voorstellen": "on"}).context["heatmap"]
    assert counted.changed_cells == 2 and ict(counted, MAR).demand == 650


def test_a_project_that_is_unknown_or_asks_nothing_shown_is_a_field_error(client, analyst, world):
    client.force_login(analyst)
    unknown = client.get(HEATMAP, {"project": "XXX-999", "verschuiving": "1"})
    assert "Er is geen project met code XXX-999." in unknown.content.decode()
    assert unknown.context["whatif"] is None
    later = client.get(HEATMAP, {"project": "RUI-001", "verschuiving": "1", "van": "2027-06"})
    assert "RUI-001 vraagt in de getoonde maanden geen capaciteit." in later.content.decode()
    too_far = client.get(HEATMAP, {"project": "RUI-001", "verschuiving": "13"})
    assert too_far.context["whatif_form"].errors.keys() == {"verschuiving"}


def test_a_what_if_costs_two_queries_the_project_and_its_demand(client, analyst, world):
    client.force_login(analyst)

    def count(query):
        client.get(HEATMAP, query)
        with CaptureQueriesContext(connection) as queries:
            client.get(HEATMAP, query)
        return len(queries)

    assert count({"project": "RUI-001", "verschuiving": "2"}) - count({}) == 2


def test_only_who_may_change_the_project_is_offered_the_save(client, request, world):
    query = "?project=RUI-001&verschuiving=1"
    shown = {}
    for name in ("analyst", "board_member"):
        client.force_login(request.getfixturevalue(name))
        shown[name] = "Verschuiving opslaan" in client.get(HEATMAP + query).content.decode()
    assert shown == {"analyst": True, "board_member": False}
    posted = {"project": "RUI-001", "verschuiving": "1", "version": "1"}
    assert answers(client, request, HEATMAP + query, method="post", data=posted) == expect(
        404, board_member=403, administrator=403, analyst=302
    )


def test_saving_moves_the_whole_plan_through_the_service(client, analyst, world):
    client.force_login(analyst)
    response = client.post(
        f"{HEATMAP}?eenheid=fte&project=RUI-001&verschuiving=2",
        {"project": "RUI-001", "verschuiving": "2", "version": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{HEATMAP}?eenheid=fte"
    assert months_of(world["own"]) == [dt.date(2027, 5, 1)]
    assert DemandPlan.objects.get(project=world["own"]).version == 2
    page = client.get(response["Location"]).content.decode()
    assert "De capaciteitsvraag van RUI-001 is +2 maanden verschoven." in page


def test_a_stale_save_is_409_names_the_change_and_moves_nothing(client, analyst, owner, world):
    """The owner saved his grid after the analyst opened the what-if."""
    client.force_login(analyst)
    demand_plan_save(
        actor=Actor.screen(owner),
        project=world["own"],
        expected_version=1,
        cells={(world["ict"].pk, dt.date(2027, 4, 1)): 10},
    )
    response = client.post(
        f"{HEATMAP}?project=RUI-001&verschuiving=1",
        {"project": "RUI-001", "verschuiving": "1", "version": "1"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "intussen" in page and "Verschuiving opslaan" in page
    assert 'name="version" value="2"' in page  # a second save applies to what is now shown
    assert months_of(world["own"]) == [MAR, dt.date(2027, 4, 1)]


def test_an_invalid_save_is_422_and_moves_nothing(client, analyst, world):
    client.force_login(analyst)
    response = client.post(
        f"{HEATMAP}?project=RUI-001&verschuiving=1",
        {"project": "RUI-001", "verschuiving": "40", "version": "1"},
    )
    assert response.status_code == 422
    assert "De verschuiving is niet opgeslagen." in response.content.decode()
    assert months_of(world["own"]) == [MAR]
    missing = client.post(HEATMAP, {"project": "XXX-1", "verschuiving": "1", "version": "1"})
    assert missing.status_code == 404


def test_a_shift_the_service_refuses_is_422_with_its_reason(client, analyst, world):
    """Demand in December 2100 cannot move a month later: the service says why."""
    DemandFactory(project=world["own"], team=world["ict"], month=dt.date(2100, 12, 1))
    client.force_login(analyst)
    response = client.post(
        f"{HEATMAP}?project=RUI-001&verschuiving=1",
        {"project": "RUI-001", "verschuiving": "1", "version": "1"},
    )
    assert response.status_code == 422
    assert "buiten 2000–2100" in response.content.decode()
    assert months_of(world["own"]) == [MAR, dt.date(2100, 12, 1)]
