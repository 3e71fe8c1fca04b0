"""The business case's benefits per year from the financial profiles (benefits/rules/
yearly.py), against examples worked out by hand."""

import datetime as dt
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from benefits.rules.realisation import Point
from benefits.rules.yearly import FinancialPlan, attributed_per_year, yearly_amounts

END_2025, END_2026, END_2027 = dt.date(2025, 12, 31), dt.date(2026, 12, 31), dt.date(2027, 12, 31)


def test_a_straight_plan_over_two_years_is_half_in_each():
    # € 0 on 31-12-2025 to € 200.000 on 31-12-2027: 365 of 730 days in each year.
    amounts = yearly_amounts(baseline=Point(END_2025, D(0)), target=Point(END_2027, D(200_000)))
    assert amounts == {2026: D(100_000), 2027: D(100_000)}


def test_the_plan_points_set_the_pace():
    # € 50.000 by the end of 2026, then € 150.000 more in 2027.
    amounts = yearly_amounts(
        baseline=Point(END_2025, D(0)),
        target=Point(END_2027, D(200_000)),
        planned=[Point(END_2026, D(50_000))],
    )
    assert amounts == {2026: D(50_000), 2027: D(150_000)}


def test_a_plan_starting_on_new_years_day_moves_364_days_in_its_first_year():
    # 1-1-2026 to 31-12-2027 is 729 days: 364 until 31-12-2026, 365 in 2027.
    amounts = yearly_amounts(
        baseline=Point(dt.date(2026, 1, 1), D(0)), target=Point(END_2027, D(729))
    )
    assert amounts == {2026: D(364), 2027: D(365)}


def test_lower_is_better_counts_the_saving_and_a_disbenefit_counts_against():
    # Costs of € 500.000 brought down to € 300.000: € 100.000 saved in each year.
    saving = yearly_amounts(
        baseline=Point(END_2025, D(500_000)), target=Point(END_2027, D(300_000))
    )
    assert saving == {2026: D(100_000), 2027: D(100_000)}
    # A dis-benefit: € 30.000 more maintenance over two years, against the case.
    cost = yearly_amounts(
        baseline=Point(END_2025, D(0)), target=Point(END_2027, D(30_000)), disbenefit=True
    )
    assert cost == {2026: D(-15_000), 2027: D(-15_000)}


def test_a_plan_stepping_back_gives_that_year_a_negative_amount():
    amounts = yearly_amounts(
        baseline=Point(END_2025, D(0)),
        target=Point(END_2027, D(100)),
        planned=[Point(dt.date(2026, 6, 30), D(80)), Point(END_2026, D(-20))],
    )
    assert amounts == {2026: D(-20), 2027: D(120)}
    assert yearly_amounts(baseline=Point(END_2025, D(5)), target=Point(END_2026, D(5))) == {}


def test_the_project_counts_its_share_of_each_profile():
    plans = [
        # 40 % of € 100.000 in each of 2026 and 2027.
        FinancialPlan(
            share=D(40), baseline=Point(END_2025, D(0)), target=Point(END_2027, D(200_000))
        ),
        # 33,33 % of € 90.000 in 2027 only.
        FinancialPlan(
            share=D("33.33"), baseline=Point(END_2026, D(0)), target=Point(END_2027, D(90_000))
        ),
        # 100 % of a € 10.000 dis-benefit in 2026.
        FinancialPlan(
            share=D(100),
            baseline=Point(END_2025, D(0)),
            target=Point(END_2026, D(10_000)),
            disbenefit=True,
        ),
    ]
    assert attributed_per_year(plans) == {2026: D("30000.00"), 2027: D("69997.00")}
    assert list(attributed_per_year(plans)) == [2026, 2027]
    assert attributed_per_year([]) == {}


@given(
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    st.integers(1, 3000),
    st.decimals(-(10**6), 10**6, places=2),
    st.decimals(-(10**6), 10**6, places=2),
    st.lists(st.tuples(st.integers(1, 2999), st.decimals(-(10**6), 10**6, places=2)), max_size=4),
)
def test_the_years_add_up_to_the_planned_amount(start, days, baseline, target, inside):
    """Whatever the plan, the yearly amounts add up to |target − baseline|: the planned
    amount the profile shows."""
    if baseline == target:
        return
    end = start + dt.timedelta(days=days)
    planned = [Point(start + dt.timedelta(days=d % days or 1), v) for d, v in inside]
    amounts = yearly_amounts(
        baseline=Point(start, baseline), target=Point(end, target), planned=planned
    )
    assert abs(sum(amounts.values()) - abs(target - baseline)) < D("0.000001")
    assert min(amounts) == (start + dt.timedelta(days=1)).year and max(amounts) == end.year
