"""The benefit collectors: the € per project as of the period, ESG themes and the scope's
totals, in a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest

from benefits.models import Benefit
from reporting.collect import BuildContext
from reporting.collect.benefits import benefit_totals, esg_counts, project_benefits
from reporting.models import Scope
from tests.support.factories import (
    BenefitFactory,
    ContributionFactory,
    MeasurementFactory,
    OrgUnitFactory,
    PortfolioFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

OCT, NOV = dt.date(2026, 10, 1), dt.date(2026, 11, 1)
TODAY = dt.date(2026, 12, 1)
CLIMATE = Benefit.Esg.PLANET_CLIMATE
SAFETY = Benefit.Esg.PEOPLE_SAFETY


def context(scope: Scope, period: dt.date = NOV) -> BuildContext:
    return BuildContext(scope=scope, period=period, today=TODAY)


def organisation() -> Scope:
    # One organisation scope at most (it may come with the install).
    return Scope.objects.get_or_create(kind=Scope.Kind.ORGANISATION, defaults={"name": "Gemeente"})[
        0
    ]


def unit_scope(unit) -> Scope:
    return Scope.objects.get_or_create(kind=Scope.Kind.ORG_UNIT, org_unit=unit, name=unit.name)[0]


def savings(baseline="0", target="100000", **kwargs) -> Benefit:
    """A cashable benefit of `target − baseline` €, the higher the better."""
    return BenefitFactory(
        category=Benefit.Category.CASHABLE,
        direction=Benefit.Direction.HIGHER,
        baseline_value=Decimal(baseline),
        target_value=Decimal(target),
        **kwargs,
    )


@pytest.fixture
def unit():
    return OrgUnitFactory(parent=OrgUnitFactory(kind="domein"), name="Wegen")


def test_planned_is_the_target_and_realised_the_last_measurement_by_the_period(unit):
    project = ProjectFactory(org_unit=unit)
    benefit = savings(esg_theme=CLIMATE)
    ContributionFactory(benefit=benefit, project=project, share=Decimal("50"))
    MeasurementFactory(benefit=benefit, measured_on=dt.date(2026, 6, 30), value=Decimal("40000"))
    MeasurementFactory(benefit=benefit, measured_on=dt.date(2026, 11, 15), value=Decimal("80000"))
    scope = unit_scope(unit)

    october = project_benefits(context(scope, OCT))[project.pk]
    november = project_benefits(context(scope, NOV))[project.pk]

    # Half of €100,000 planned; by October the June measurement (40 %), by November 80 %.
    assert october == {
        "benefits_planned": Decimal("50000.00"),
        "benefits_realised": Decimal("20000.00"),
        "esg_themes": [CLIMATE],
    }
    assert november["benefits_realised"] == Decimal("40000.00")


def test_a_measurement_after_the_period_is_not_realised_yet(unit):
    project = ProjectFactory(org_unit=unit)
    benefit = savings()
    ContributionFactory(benefit=benefit, project=project)
    MeasurementFactory(benefit=benefit, measured_on=dt.date(2026, 11, 2), value=Decimal("30000"))

    scope = unit_scope(unit)
    row = project_benefits(context(scope, OCT))[project.pk]
    totals = benefit_totals(context(scope, OCT))

    assert (row["benefits_planned"], row["benefits_realised"]) == (Decimal("100000.00"), 0)
    assert totals == {"planned": 100000.0, "realised": 0.0, "pct": 0.0}


def test_dis_benefits_count_against_and_non_financial_ones_only_by_theme(unit):
    project = ProjectFactory(org_unit=unit)
    gain = savings(target="60000", esg_theme=CLIMATE)
    loss = savings(target="20000", kind=Benefit.Kind.DISBENEFIT)
    safer = BenefitFactory(esg_theme=SAFETY)  # non-financial: days, not euros
    for benefit in (gain, loss, safer):
        ContributionFactory(benefit=benefit, project=project)
    MeasurementFactory(benefit=gain, measured_on=dt.date(2026, 9, 1), value=Decimal("30000"))
    MeasurementFactory(benefit=safer, measured_on=dt.date(2026, 9, 1), value=Decimal("40"))

    row = project_benefits(context(unit_scope(unit)))[project.pk]

    assert row == {
        "benefits_planned": Decimal("40000.00"),  # 60,000 − 20,000
        "benefits_realised": Decimal("30000.00"),
        "esg_themes": sorted([CLIMATE, SAFETY]),
    }


def test_a_shared_benefit_counts_once_in_the_totals_and_by_share_per_project(unit):
    first, second = ProjectFactory(org_unit=unit), ProjectFactory(org_unit=unit)
    elsewhere = ProjectFactory(org_unit=OrgUnitFactory(name="Jeugd"))
    shared = savings(esg_theme=CLIMATE)
    ContributionFactory(benefit=shared, project=first, share=Decimal("60"))
    ContributionFactory(benefit=shared, project=second, share=Decimal("40"))
    MeasurementFactory(benefit=shared, measured_on=dt.date(2026, 8, 1), value=Decimal("25000"))
    other = savings(target="999", esg_theme=CLIMATE)
    ContributionFactory(benefit=other, project=elsewhere)
    scope = unit_scope(unit)

    rows = project_benefits(context(scope))

    assert set(rows) == {first.pk, second.pk}
    assert rows[first.pk]["benefits_realised"] == Decimal("15000.00")
    assert rows[second.pk]["benefits_realised"] == Decimal("10000.00")
    assert benefit_totals(context(scope)) == {"planned": 100000.0, "realised": 25000.0, "pct": 25.0}
    assert esg_counts(context(scope)) == {CLIMATE: 1}
    assert esg_counts(context(organisation())) == {CLIMATE: 2}


def test_without_financial_benefits_there_is_no_percentage(unit):
    project = ProjectFactory(org_unit=unit)
    ContributionFactory(benefit=BenefitFactory(), project=project)

    assert benefit_totals(context(unit_scope(unit))) == {
        "planned": 0.0,
        "realised": 0.0,
        "pct": None,
    }
    assert project_benefits(context(unit_scope(unit)))[project.pk]["esg_themes"] == []


def test_a_portfolio_scope_reads_its_own_projects_only(unit):
    ours = ProjectFactory(org_unit=unit)
    theirs = ProjectFactory(org_unit=unit, portfolio=PortfolioFactory(code="ANDER"))
    for project in (ours, theirs):
        ContributionFactory(benefit=savings(esg_theme=SAFETY), project=project)
    scope = Scope.objects.create(kind=Scope.Kind.PORTFOLIO, portfolio=ours.portfolio, name="P")

    assert set(project_benefits(context(scope))) == {ours.pk}
    assert esg_counts(context(scope)) == {SAFETY: 1}


def grow(size, unit):
    for _ in range(size):
        project = ProjectFactory(org_unit=unit)
        benefit = savings(esg_theme=CLIMATE)
        ContributionFactory(benefit=benefit, project=project, share=Decimal("50"))
        ContributionFactory(benefit=benefit, project=ProjectFactory(org_unit=unit))
        MeasurementFactory(benefit=benefit, measured_on=dt.date(2026, 7, 1))
        MeasurementFactory(benefit=benefit, measured_on=dt.date(2026, 9, 1))


@pytest.mark.parametrize("collect", [project_benefits, esg_counts, benefit_totals])
def test_one_query_whatever_the_number_of_projects(collect, unit, django_assert_num_queries):
    ctx = context(organisation())
    grow(2, unit)
    with django_assert_num_queries(1):
        small = collect(ctx)
    grow(18, unit)
    with django_assert_num_queries(1):
        large = collect(ctx)
    if collect is project_benefits:
        assert (len(small), len(large)) == (4, 40)
    elif collect is esg_counts:
        assert (small, large) == ({CLIMATE: 2}, {CLIMATE: 20})
    else:
        assert (small["planned"], large["planned"]) == (2 * 100000.0, 20 * 100000.0)
