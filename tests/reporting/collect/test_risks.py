"""The risk collectors: exposure per project, the risicokaart and top threats of a scope,
and its weerstandsvermogen from the newest simulation, in a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest

from reporting.collect import BuildContext
from reporting.collect.risks import resistance, risk_exposure, risk_map
from reporting.models import Scope
from risks.models import Risk, Simulation
from tests.support.factories import (
    OrgUnitFactory,
    PortfolioFactory,
    ProgrammeFactory,
    ProjectFactory,
    RiskFactory,
)

pytestmark = pytest.mark.django_db

OCT, NOV = dt.date(2026, 10, 1), dt.date(2026, 11, 1)
TODAY = dt.date(2026, 12, 1)


def context(scope: Scope, period: dt.date = NOV) -> BuildContext:
    return BuildContext(scope=scope, period=period, today=TODAY)


def organisation() -> Scope:
    # One organisation scope at most (it may come with the install).
    return Scope.objects.get_or_create(kind=Scope.Kind.ORGANISATION, defaults={"name": "Gemeente"})[
        0
    ]


def portfolio_scope(portfolio) -> Scope:
    return Scope.objects.create(kind=Scope.Kind.PORTFOLIO, portfolio=portfolio, name="P")


def unit_scope(unit) -> Scope:
    return Scope.objects.create(kind=Scope.Kind.ORG_UNIT, org_unit=unit, name=unit.name)


def threat(project, value, **kwargs) -> Risk:
    return RiskFactory(project=project, expected_value=Decimal(value), **kwargs)


@pytest.fixture
def unit():
    return OrgUnitFactory(parent=OrgUnitFactory(kind="domein"), name="Wegen")


def test_exposure_is_the_open_threats_expected_value(unit):
    project, quiet = ProjectFactory(org_unit=unit), ProjectFactory(org_unit=unit)
    threat(project, "30000.00")
    threat(project, "12500.50")
    threat(project, "90000", kind=Risk.Kind.OPPORTUNITY)  # a chance is no exposure
    threat(project, "70000", status=Risk.Status.CLOSED, closed_on=dt.date(2026, 9, 1))
    threat(project, "5000", status=Risk.Status.OCCURRED, closed_on=dt.date(2026, 9, 1))
    threat(project, "40000", raised_on=dt.date(2026, 12, 1))  # raised after November
    RiskFactory(project=quiet, residual_money=None, expected_value=None)

    assert risk_exposure(context(unit_scope(unit))) == {project.pk: Decimal("42500.50")}


def test_a_threat_closed_after_the_period_was_open_in_it(unit):
    project = ProjectFactory(org_unit=unit)
    threat(project, "8000", status=Risk.Status.CLOSED, closed_on=dt.date(2026, 11, 10))
    scope = unit_scope(unit)

    assert risk_exposure(context(scope, OCT)) == {project.pk: Decimal("8000")}
    assert risk_exposure(context(scope, NOV)) == {}


def test_the_map_counts_residual_cells_and_names_the_largest_threats(unit):
    project = ProjectFactory(org_unit=unit, code="P-RING")
    elsewhere = ProjectFactory(org_unit=unit, portfolio=PortfolioFactory(code="ANDER"))
    threat(project, "1000", residual_probability=2, residual_money=3)
    threat(project, "2000", residual_probability=2, residual_money=3)
    threat(project, "9000", residual_probability=4, residual_money=5, title="Bezwaar")
    threat(project, "500", kind=Risk.Kind.OPPORTUNITY, residual_probability=5)
    threat(elsewhere, "99999")
    at_portfolio = RiskFactory(
        project=None,
        portfolio=project.portfolio,
        level="portfolio",
        home_level="portfolio",
        title="Krapte arbeidsmarkt",
        residual_probability=3,
        residual_money=4,
        expected_value=Decimal("4000"),
    )

    found = risk_map(context(portfolio_scope(project.portfolio)))

    assert found["scale"] == 5
    assert found["cells"] == [[4, 5, 1], [3, 4, 1], [2, 3, 2]]
    assert found["exposure"] == 16000.0
    assert found["top"] == [
        {"project": "P-RING", "title": "Bezwaar", "expected_value": 9000.0},
        {"project": None, "title": at_portfolio.title, "expected_value": 4000.0},
        {"project": "P-RING", "title": found["top"][2]["title"], "expected_value": 2000.0},
        {"project": "P-RING", "title": found["top"][3]["title"], "expected_value": 1000.0},
    ]
    # An org unit has no register of its own: the portfolio's risk is not its.
    assert risk_map(context(unit_scope(unit)))["exposure"] == 9000.0 + 3000.0 + 99999.0


def test_the_top_is_ten(unit):
    project = ProjectFactory(org_unit=unit)
    for value in range(1, 13):
        threat(project, value * 100)

    top = risk_map(context(unit_scope(unit)))["top"]

    assert [row["expected_value"] for row in top] == [v * 100.0 for v in range(12, 2, -1)]


def simulation(portfolio, finished: dt.date, *, org_unit=None, **kwargs) -> Simulation:
    """A finished run at 90 %, its ratio and class as the service computes them."""
    values = {
        "state": Simulation.State.DONE,
        "seed": 1,
        "certainty": Decimal("90.0"),
        "available": Decimal("1400000.00"),
        "required": Decimal("1000000.00"),
        "ratio": Decimal("1.40"),
        "rating": "B",
        "results": {
            "required": [
                {"certainty": 0.7, "amount": 600000.0, "ratio": 2.3, "rating": "A"},
                {"certainty": 0.9, "amount": 1000000.0, "ratio": 1.4, "rating": "B"},
            ]
        },
        **kwargs,
    }
    run = Simulation.objects.create(portfolio=portfolio, org_unit=org_unit, **values)
    at = dt.datetime.combine(finished, dt.time(12), tzinfo=dt.UTC)
    Simulation.objects.filter(pk=run.pk).update(finished_at=at)
    return run


def test_the_weerstandsvermogen_is_the_newest_run_by_the_period(unit):
    portfolio = PortfolioFactory()
    simulation(portfolio, dt.date(2026, 10, 20), ratio=Decimal("0.90"), rating="D")
    simulation(portfolio, dt.date(2026, 11, 20))
    simulation(portfolio, dt.date(2026, 11, 25), org_unit=unit, rating="F")  # the unit's
    simulation(portfolio, dt.date(2026, 11, 28), state=Simulation.State.FAILED)
    scope = portfolio_scope(portfolio)

    assert resistance(context(scope, OCT))["class"] == "D"
    assert resistance(context(scope, NOV)) == {
        "available": 1400000.0,
        "required": 1000000.0,
        "ratio": 1.4,
        "class": "B",
        "certainty_pct": 90.0,
        "run_at": "2026-11-20",
        "levels": [
            {"certainty_pct": 70.0, "required": 600000.0, "ratio": 2.3, "class": "A"},
            {"certainty_pct": 90.0, "required": 1000000.0, "ratio": 1.4, "class": "B"},
        ],
    }
    assert resistance(context(unit_scope(unit), NOV))["class"] == "F"
    assert resistance(context(unit_scope(OrgUnitFactory()), NOV)) is None


def test_the_organisation_has_its_only_portfolios_position():
    portfolio = PortfolioFactory()
    simulation(portfolio, dt.date(2026, 11, 20))
    programme = ProgrammeFactory(portfolio=portfolio)
    as_programme = Scope.objects.create(
        kind=Scope.Kind.PROGRAMME, programme=programme, name=programme.name
    )

    assert resistance(context(organisation()))["class"] == "B"
    assert resistance(context(as_programme)) is None
    PortfolioFactory(code="ANDER")
    assert resistance(context(organisation())) is None


def test_a_run_without_capacity_stated_gives_no_position():
    portfolio = PortfolioFactory()
    simulation(portfolio, dt.date(2026, 11, 20), available=None, ratio=None, rating="")

    assert resistance(context(portfolio_scope(portfolio))) is None


def grow(size, unit):
    for _ in range(size):
        project = ProjectFactory(org_unit=unit)
        threat(project, "1000")
        threat(project, "2000", residual_probability=4)
        threat(project, "3000", kind=Risk.Kind.OPPORTUNITY)


@pytest.mark.parametrize("collect", [risk_exposure, risk_map, resistance])
def test_queries_do_not_grow_with_the_projects(collect, unit, django_assert_num_queries):
    expected = {risk_exposure: 1, risk_map: 2, resistance: 2}
    ctx = context(organisation())
    simulation(PortfolioFactory(), dt.date(2026, 11, 20))
    grow(3, unit)
    with django_assert_num_queries(expected[collect]):
        small = collect(ctx)
    grow(27, unit)
    with django_assert_num_queries(expected[collect]):
        large = collect(ctx)
    if collect is risk_exposure:
        assert (len(small), len(large)) == (3, 30)
    elif collect is risk_map:
        assert (small["exposure"], large["exposure"]) == (9000.0, 90000.0)
    else:
        assert small == large and small["class"] == "B"
