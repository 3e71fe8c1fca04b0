"""The summed demand is kept in the cache under a fingerprint of what it depends on: every
write through the services shows at once, and an unchanged portfolio is not summed again."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmo.actors import Actor
from portfolio.capacity.selectors import capacity_figures
from portfolio.capacity.services.demand import demand_plan_save, demand_shift
from portfolio.projects.models import LifecycleStatus
from portfolio.projects.services import project_update
from tests.support.factories import ProjectFactory, TeamFactory

pytestmark = pytest.mark.django_db

MARCH, APRIL = dt.date(2027, 3, 1), dt.date(2027, 4, 1)


def demand(team, month=MARCH):
    figures = capacity_figures(months=[MARCH, APRIL], teams=[team])
    column = [MARCH, APRIL].index(month)
    return figures.committed[0][column], figures.proposed[0][column]


def test_every_write_shows_at_once(analyst, department):
    team = TeamFactory()
    project = ProjectFactory(org_unit=department, status=LifecycleStatus.ACTIVE)
    actor = Actor.screen(analyst)
    assert demand(team) == (0, 0)
    plan = demand_plan_save(
        actor=actor, project=project, expected_version=1, cells={(team.pk, MARCH): Decimal(40)}
    )
    assert demand(team) == (40, 0)
    plan = demand_plan_save(
        actor=actor,
        project=project,
        expected_version=plan.version,
        cells={(team.pk, MARCH): Decimal(25)},
    )
    assert demand(team) == (25, 0)
    demand_shift(actor=actor, project=project, expected_version=plan.version, months=1)
    assert demand(team) == (0, 0) and demand(team, APRIL) == (25, 0)
    project.refresh_from_db()
    project_update(
        actor=actor,
        project=project,
        expected_version=project.version,
        status=LifecycleStatus.PROPOSED,
    )
    assert demand(team, APRIL) == (0, 25)  # the same hours, now as a proposal


def test_an_unchanged_portfolio_reads_the_sums_from_the_cache(analyst, department):
    team = TeamFactory()
    project = ProjectFactory(org_unit=department, status=LifecycleStatus.ACTIVE)
    demand_plan_save(
        actor=Actor.screen(analyst),
        project=project,
        expected_version=1,
        cells={(team.pk, MARCH): Decimal(40)},
    )
    with CaptureQueriesContext(connection) as first:
        demand(team)
    with CaptureQueriesContext(connection) as second:
        assert demand(team) == (40, 0)
    assert len(second) == len(first) - 1
    assert not any("SUM" in q["sql"].upper() and "GROUP BY" in q["sql"].upper() for q in second)
