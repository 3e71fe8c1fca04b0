"""Reads of the baten that other domains' pages take: a project's benefits per year for
its gate's business case."""

import datetime as dt
from decimal import Decimal as D

import pytest

from benefits.models import Benefit, PlannedValue
from benefits.selectors import project_yearly_benefits
from tests.support.factories import BenefitFactory, ContributionFactory

pytestmark = pytest.mark.django_db
END_2025, END_2026, END_2027 = dt.date(2025, 12, 31), dt.date(2026, 12, 31), dt.date(2027, 12, 31)


def financial(project, share, **fields):
    """€ 0 on 31-12-2025 to € 200.000 on 31-12-2027, `share` % attributed to `project`."""
    defaults = {
        "category": Benefit.Category.CASHABLE,
        "direction": Benefit.Direction.HIGHER,
        "baseline_value": D(0),
        "baseline_date": END_2025,
        "target_value": D(200_000),
        "target_date": END_2027,
    }
    benefit = BenefitFactory(portfolio=project.portfolio, **{**defaults, **fields})
    ContributionFactory(benefit=benefit, project=project, share=D(share))
    return benefit


def test_the_attributed_financial_profiles_per_year_in_two_queries(
    project, django_assert_num_queries
):
    paced = financial(project, 50)
    PlannedValue.objects.create(benefit=paced, date=END_2026, value=D(50_000))
    financial(project, 100, kind=Benefit.Kind.DISBENEFIT, target_value=D(20_000))
    financial(project, 100, status=Benefit.Status.CANCELLED)  # lapsed: not counted
    financial(project, 100, status=Benefit.Status.NOT_REALISED)  # failed: not counted
    financial(project, 100, baseline_value=None)  # no plan yet: named, not counted
    ContributionFactory(project=project)  # a non-financial benefit
    financial(ContributionFactory().project, 100)  # another project's
    with django_assert_num_queries(2):
        yearly = project_yearly_benefits(project)
    # 50 % of 50.000 and of 150.000; 100 % of a 20.000 dis-benefit, 10.000 a year.
    assert yearly.amounts == {2026: D("15000.00"), 2027: D("65000.00")}
    assert (yearly.profiles, yearly.without_plan) == (2, 1)


def test_no_financial_profile_no_benefits(project, django_assert_num_queries):
    ContributionFactory(project=project)
    with django_assert_num_queries(2):
        yearly = project_yearly_benefits(project)
    assert (yearly.amounts, yearly.profiles, yearly.without_plan) == ({}, 0, 0)
