"""Writes to a project's demand: the grid saved as a whole against the plan's version,
bad cells refused with nothing written, and the whole plan moved in time."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmo.actors import Actor, Channel
from pmo.api.models import Deletion
from pmo.api.registry import discovered
from pmo.audit import audit_entries_for
from pmo.versioning import StaleError
from portfolio.capacity.models import Demand, DemandPlan
from portfolio.capacity.selectors import plan_cells, plan_version
from portfolio.capacity.services.demand import demand_plan_save, demand_shift
from tests.support.factories import DemandFactory, TeamFactory

pytestmark = pytest.mark.django_db

NOV, DEC, JAN = dt.date(2026, 11, 1), dt.date(2026, 12, 1), dt.date(2027, 1, 1)


@pytest.fixture
def ict(db):
    return TeamFactory(code="ICT")


@pytest.fixture
def gis(db):
    return TeamFactory(code="GIS")


def save(user, project, version, cells, channel=Actor.screen):
    return demand_plan_save(
        actor=channel(user), project=project, expected_version=version, cells=cells
    )


def test_the_first_save_makes_the_plan_and_its_cells(owner, project, ict, gis):
    assert plan_version(project) == 1
    plan = save(owner, project, 1, {(ict.pk, NOV): Decimal("40"), (gis.pk, DEC): 12.5})
    assert plan.version == 2 and plan_version(project) == 2
    assert plan_cells(project) == {(ict.pk, NOV): Decimal("40.0"), (gis.pk, DEC): Decimal("12.5")}
    entry = audit_entries_for(plan).get()
    assert entry.actor == owner and entry.source == Channel.UI and entry.version == 2
    assert entry.changes == {"GIS 2026-12": ["", "12.5"], "ICT 2026-11": ["", "40.0"]}


def test_a_save_creates_changes_and_deletes_cells_and_leaves_the_rest(owner, project, ict):
    save(owner, project, 1, {(ict.pk, NOV): 40, (ict.pk, DEC): 30, (ict.pk, JAN): 20})
    plan = save(owner, project, 2, {(ict.pk, NOV): 45, (ict.pk, DEC): None, (ict.pk, JAN): 0,
                                    (ict.pk, dt.date(2027, 2, 1)): 8})  # fmt: skip
    assert plan_cells(project) == {(ict.pk, NOV): Decimal("45.0"), (ict.pk, dt.date(2027, 2, 1)): 8}
    assert audit_entries_for(plan).order_by("pk").last().changes == {
        "ICT 2026-11": ["40.0", "45.0"],
        "ICT 2026-12": ["30.0", ""],
        "ICT 2027-01": ["20.0", ""],
        "ICT 2027-02": ["", "8.0"],
    }
    # Cells not given stay; an unchanged grid is no new version.
    same = save(owner, project, 3, {(ict.pk, NOV): Decimal("45.0")})
    assert same.version == 3 and plan_cells(project)[(ict.pk, dt.date(2027, 2, 1))] == 8


def test_a_month_not_first_of_month_is_made_first(owner, project, ict):
    save(owner, project, 1, {(ict.pk, dt.date(2026, 11, 17)): 10})
    assert Demand.objects.get().month == NOV


def test_a_stale_save_is_refused_naming_who_changed_which_cells(owner, analyst, project, ict, gis):
    save(analyst, project, 1, {(ict.pk, NOV): 40, (gis.pk, DEC): 10}, channel=Actor.api)
    with pytest.raises(StaleError) as refused:
        save(owner, project, 1, {(ict.pk, NOV): 99})
    message = refused.value.message()
    assert str(analyst) in message and "ICT 2026-11" in message and "GIS 2026-12" in message
    assert refused.value.current_version == 2
    assert plan_cells(project)[(ict.pk, NOV)] == Decimal("40")


@pytest.mark.parametrize(
    ("hours", "says"),
    [(Decimal("-1"), "negatief"), (Decimal("745"), "744"), ("veel", "geen getal"),
     (Decimal("1.25"), "decimaal")],
)  # fmt: skip
def test_a_bad_cell_is_refused_by_name_and_nothing_is_written(owner, project, ict, hours, says):
    with pytest.raises(ValidationError) as refused:
        save(owner, project, 1, {(ict.pk, NOV): 40, (ict.pk, DEC): hours})
    (key,) = refused.value.message_dict
    assert key == f"{ict.pk}:2026-12"
    assert refused.value.message_dict[key][0].startswith("ICT 2026-12:")
    assert says in refused.value.message_dict[key][0]
    assert not Demand.objects.exists() and not DemandPlan.objects.exists()


def test_an_unknown_team_is_refused(owner, project):
    with pytest.raises(ValidationError) as refused:
        save(owner, project, 1, {(987654, NOV): 40})
    assert "onbekend team" in refused.value.messages[0]
    assert not Demand.objects.exists()


def test_who_may_not_change_the_project_may_not_change_its_demand(colleague, project, ict):
    with pytest.raises(PermissionDenied):
        save(colleague, project, 1, {(ict.pk, NOV): 40})
    assert not Demand.objects.exists()


def test_a_big_grid_is_written_in_bulk_not_row_by_row(owner, project):
    discovered()  # the API's resources, whose deletions are recorded, as in a running site
    teams = TeamFactory.create_batch(20)
    months = [dt.date(2027 + i // 12, i % 12 + 1, 1) for i in range(24)]
    save(owner, project, 1, {(teams[0].pk, months[0]): 1})

    def statements(cells, version):
        with CaptureQueriesContext(connection) as queries:
            save(owner, project, version, cells)
        return len(queries)

    one = statements({(teams[0].pk, months[0]): 2}, 2)
    # 479 new cells and one changed; then half of them removed and the other half changed.
    many = statements({(t.pk, m): 2 for t in teams for m in months}, 3)
    assert Demand.objects.count() == 480
    rewrite = {(t.pk, m): (3 if i % 2 else None) for t in teams for i, m in enumerate(months)}
    mixed = statements(rewrite, 4)
    assert Demand.objects.count() == 240
    assert set(Demand.objects.values_list("hours", flat=True)) == {Decimal("3")}
    assert many <= one + 2 and mixed <= one + 4, (one, many, mixed)
    # A syncing client still learns of every removed cell.
    assert Deletion.objects.filter(resource="demand").count() == 240


def test_a_removed_cell_is_a_deletion_for_syncing_clients(owner, project, ict):
    discovered()
    save(owner, project, 1, {(ict.pk, NOV): 40})
    row = Demand.objects.get()
    Demand.objects.filter(pk=row.pk).update(external_id="HR-1")
    save(owner, project, 2, {(ict.pk, NOV): None})
    assert not Demand.objects.exists()
    assert list(Deletion.objects.values_list("resource", "object_id", "external_id")) == [
        ("demand", row.pk, "HR-1")
    ]


def test_a_shift_moves_every_row_keeping_its_identity_and_is_audited(owner, project, ict, gis):
    first = DemandFactory(project=project, team=ict, month=NOV, hours=10)
    DemandFactory(project=project, team=ict, month=DEC, hours=20)
    DemandFactory(project=project, team=gis, month=JAN, hours=5)
    other = DemandFactory(team=ict, month=NOV, hours=7)  # another project's stays
    plan = demand_shift(actor=Actor.screen(owner), project=project, expected_version=1, months=1)
    assert plan.version == 2
    assert plan_cells(project) == {
        (ict.pk, DEC): Decimal("10"),
        (ict.pk, JAN): Decimal("20"),
        (gis.pk, dt.date(2027, 2, 1)): Decimal("5"),
    }
    first.refresh_from_db()
    assert first.month == DEC
    other.refresh_from_db()
    assert other.month == NOV
    assert audit_entries_for(plan).get().changes == {
        "verschoven met 1 maand": ["2026-11 – 2027-01", "2026-12 – 2027-02"]
    }
    back = demand_shift(actor=Actor.screen(owner), project=project, expected_version=2, months=-13)
    assert back.version == 3
    assert min(m for _t, m in plan_cells(project)) == dt.date(2025, 11, 1)
    assert "verschoven met -13 maanden" in audit_entries_for(plan).order_by("pk").last().changes


def test_a_stale_shift_is_refused_and_moves_nothing(owner, analyst, no_role_user, project, ict):
    save(analyst, project, 1, {(ict.pk, NOV): 40})
    with pytest.raises(StaleError) as refused:
        demand_shift(actor=Actor.screen(owner), project=project, expected_version=1, months=3)
    assert "ICT 2026-11" in refused.value.message()
    assert plan_cells(project) == {(ict.pk, NOV): Decimal("40")}
    with pytest.raises(PermissionDenied):
        demand_shift(
            actor=Actor.screen(no_role_user), project=project, expected_version=2, months=1
        )
    with pytest.raises(ValidationError):
        demand_shift(actor=Actor.screen(owner), project=project, expected_version=2, months=999)
