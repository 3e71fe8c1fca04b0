"""The pure rules of the baten: realisation with its direction, the plan line, on track
or behind, the due day, the DOAM letters and the attribution sum."""

import datetime as dt
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from benefits.rules import profile as rules
from benefits.rules.realisation import (
    BEHIND,
    ON_TRACK,
    Point,
    add_months,
    due_on,
    plan_value,
    progress,
    realisation_pct,
)

START, END = dt.date(2026, 1, 1), dt.date(2027, 1, 1)


def test_realisation_runs_from_baseline_to_target_in_either_direction():
    assert realisation_pct(D(40), D(20), D(30)) == 50  # lower is better: 40 → 20 days
    assert realisation_pct(D(100), D(200), D(250)) == 150
    assert realisation_pct(D(40), D(20), D(45)) == -25  # the wrong way
    assert realisation_pct(D(5), D(5), D(5)) is None  # undefined, never a division by 0
    assert realisation_pct(D(5), D(10), None) is None


@given(
    st.decimals(-1000, 1000, places=2),
    st.decimals(-1000, 1000, places=2),
    st.decimals(0, 1, places=3),
)
def test_a_value_part_of_the_way_is_that_part_realised(baseline, target, part):
    if baseline == target:
        return
    value = baseline + (target - baseline) * part
    assert abs(realisation_pct(baseline, target, value) - part * 100) < D("0.0001")


def test_the_plan_is_a_line_through_its_points_and_flat_outside():
    plan = [Point(START, D(0)), Point(dt.date(2026, 7, 1), D(100)), Point(END, D(120))]
    assert plan_value(dt.date(2025, 6, 1), plan) == 0
    assert plan_value(START, plan) == 0
    assert plan_value(dt.date(2026, 7, 1), plan) == 100
    assert plan_value(dt.date(2026, 4, 1), plan) == D(100) * 90 / 181
    assert plan_value(dt.date(2030, 1, 1), plan) == 120
    assert plan_value(START, []) is None


def test_behind_is_more_than_ten_points_under_the_plan():
    common = {
        "baseline": Point(START, D(0)),
        "target": Point(END, D(100)),
        "financial": False,
        "disbenefit": False,
    }
    middle = dt.date(2026, 7, 2)  # day 182 of 365: the plan expects 49.9 %
    assert progress(last=Point(middle, D(41)), **common).track == ON_TRACK
    behind = progress(last=Point(middle, D(39)), **common)
    assert (behind.track, behind.realisation, behind.expected) == (BEHIND, 39, D("49.9"))
    assert progress(last=None, **common).track == ""


def test_financial_amounts_follow_the_realisation_and_a_disbenefit_counts_against():
    common = {"baseline": Point(START, D(0)), "target": Point(END, D(200_000)), "financial": True}
    gain = progress(last=Point(dt.date(2026, 7, 2), D(50_000)), disbenefit=False, **common)
    assert (gain.planned_amount, gain.realised_amount) == (200_000, 50_000)
    cost = progress(last=None, disbenefit=True, **common)
    assert (cost.planned_amount, cost.realised_amount) == (-200_000, None)
    none = progress(last=None, disbenefit=False, **{**common, "financial": False})
    assert none.planned_amount is None


def test_a_measurement_is_due_a_period_after_the_last():
    assert due_on(last=dt.date(2026, 1, 31), baseline=START, start=START, months=1) == dt.date(
        2026, 2, 28
    )
    assert due_on(last=None, baseline=START, start=END, months=3) == dt.date(2026, 4, 1)
    assert due_on(last=None, baseline=None, start=END, months=12) == dt.date(2028, 1, 1)
    assert add_months(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)


def complete(**overrides):
    values = {
        "name": "Kortere doorlooptijd omgevingsvergunning",
        "description": "Aanvragers krijgen sneller een besluit.",
        "measure": "gemiddelde doorlooptijd",
        "unit": "dagen",
        "data_source": "zaaksysteem",
        "direction": "lager",
        "baseline_value": D(56),
        "baseline_date": START,
        "target_value": D(35),
        "target_date": END,
        "has_owner": True,
        "contributing_projects": 1,
    }
    return rules.Profile(**{**values, **overrides})


def test_a_complete_profile_passes_doam_and_each_gap_names_its_letter():
    assert rules.doam(complete()) == {}
    assert set(rules.doam(complete(name="Doorlooptijd omgevingsvergunning"))) == {"D"}
    assert set(rules.doam(complete(data_source=""))) == {"O"}
    assert set(rules.doam(complete(has_owner=False, contributing_projects=0))) == {"A"}
    assert len(rules.doam(complete(has_owner=False, contributing_projects=0))["A"]) == 2
    assert set(rules.doam(complete(target_date=None, unit=""))) == {"M"}


def test_a_profile_cannot_be_saved_with_an_undefined_or_backward_target():
    assert rules.profile_errors(complete()) == {}
    assert "target_value" in rules.profile_errors(complete(target_value=D(56)))
    assert "target_value" in rules.profile_errors(complete(target_value=D(60)))
    assert "target_value" in rules.profile_errors(complete(direction="hoger"))
    assert "target_date" in rules.profile_errors(complete(target_date=START))


def test_shares_add_up_to_at_most_a_hundred():
    assert rules.shares_errors([D(60), D(40)]) == []
    assert "100,5" in rules.shares_errors([D(60), D("40.5")])[0]
    assert rules.shares_errors([D(0)])
