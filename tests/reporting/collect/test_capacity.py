"""The capacity collector: the load of the teams a scope's projects ask for in the period,
what all projects ask of them, and per project its most loaded team."""

import datetime as dt
from decimal import Decimal

import pytest

from portfolio.capacity.selectors import team_capacity
from portfolio.projects.models import LifecycleStatus
from reporting.collect import BuildContext
from reporting.collect.capacity import team_load
from reporting.models import Scope
from tests.support.factories import (
    DemandFactory,
    OrgUnitFactory,
    ProjectFactory,
    TeamFactory,
    TeamMonthFactory,
)

pytestmark = pytest.mark.django_db

NOV, DEC = dt.date(2026, 11, 1), dt.date(2026, 12, 1)
TODAY = dt.date(2026, 12, 1)


def context(scope: Scope, period: dt.date = DEC) -> BuildContext:
    return BuildContext(scope=scope, period=period, today=TODAY)


def organisation() -> Scope:
    # One organisation scope at most (it may come with the install).
    return Scope.objects.get_or_create(kind=Scope.Kind.ORGANISATION, defaults={"name": "Gemeente"})[
        0
    ]


def unit_scope(unit) -> Scope:
    return Scope.objects.create(kind=Scope.Kind.ORG_UNIT, org_unit=unit, name=unit.name)


def ask(project, team, hours, month=DEC):
    return DemandFactory(project=project, team=team, month=month, hours=Decimal(hours))


@pytest.fixture
def unit():
    return OrgUnitFactory(parent=OrgUnitFactory(kind="domein"), name="Wegen")


@pytest.fixture
def elsewhere():
    return OrgUnitFactory(name="Jeugd")


def test_a_team_carries_what_every_project_asks_of_it(unit, elsewhere):
    civil = TeamFactory(name="Civiel", fte=Decimal("2.50"))  # 312 h a month
    vacant = TeamFactory(name="Vacant", fte=Decimal("0"))
    idle = TeamFactory(name="Stil")
    ours, theirs = ProjectFactory(org_unit=unit), ProjectFactory(org_unit=elsewhere)
    ask(ours, civil, "100")
    ask(theirs, civil, "290")  # another scope's project still loads the team
    ask(ours, vacant, "10")
    ask(ours, idle, "500", month=NOV)  # another month
    proposal = ProjectFactory(org_unit=unit, status=LifecycleStatus.PROPOSED)
    ask(proposal, civil, "1000")  # proposed: not committed demand
    paused = ProjectFactory(org_unit=unit, status=LifecycleStatus.ON_HOLD)
    ask(paused, idle, "40")  # a paused project asks nothing

    teams, per_project = team_load(context(unit_scope(unit)))

    assert teams == [
        {"id": civil.pk, "name": "Civiel", "capacity": 312.0, "demand": 390.0, "load_pct": 125.0},
        {"id": vacant.pk, "name": "Vacant", "capacity": 0.0, "demand": 10.0, "load_pct": None},
    ]
    assert per_project == {ours.pk: 125.0, proposal.pk: 125.0}


def test_capacity_comes_from_the_team_capacity_with_the_months_exception(unit):
    team = TeamFactory(name="Civiel")
    TeamMonthFactory(team=team, month=DEC, availability_pct=50)
    project = ProjectFactory(org_unit=unit)
    ask(project, team, "117")

    teams, per_project = team_load(context(unit_scope(unit)))

    assert teams[0]["capacity"] == team_capacity([team], [DEC])[0][0] == 195.0
    assert teams[0]["load_pct"] == 60.0
    assert per_project == {project.pk: 60.0}


def test_the_organisation_shows_every_team_and_each_project_its_busiest(unit):
    calm, busy = TeamFactory(name="A rustig"), TeamFactory(name="B druk")
    unasked = TeamFactory(name="C niemand")
    project = ProjectFactory(org_unit=unit)
    ask(project, calm, "31.2")
    ask(project, busy, "280.8")
    only_vacant = ProjectFactory(org_unit=unit)
    ask(only_vacant, TeamFactory(name="D leeg", fte=Decimal("0")), "8")

    teams, per_project = team_load(context(organisation()))

    assert [(t["name"], t["load_pct"]) for t in teams] == [
        ("A rustig", 10.0),
        ("B druk", 90.0),
        ("C niemand", 0.0),
        ("D leeg", None),
    ]
    assert unasked.pk in {t["id"] for t in teams}
    assert per_project == {project.pk: 90.0, only_vacant.pk: None}


def test_no_demand_no_teams(unit):
    TeamFactory()

    assert team_load(context(unit_scope(unit))) == ([], {})


def grow(size, unit, teams):
    for index in range(size):
        project = ProjectFactory(org_unit=unit)
        ask(project, teams[index % len(teams)], "10")
        ask(project, teams[(index + 1) % len(teams)], "5")


def test_queries_do_not_grow_with_the_projects(unit, django_assert_num_queries):
    teams = [TeamFactory() for _ in range(3)]
    ctx = context(unit_scope(unit))
    grow(3, unit, teams)
    # Demand pairs; teams; the demand revision, its sums; the teams' exceptions.
    with django_assert_num_queries(5):
        small = team_load(ctx)
    grow(27, unit, teams)
    with django_assert_num_queries(5):
        large = team_load(ctx)
    assert (len(small[1]), len(large[1])) == (3, 30)
    assert sum(t["demand"] for t in large[0]) == 30 * 15.0
