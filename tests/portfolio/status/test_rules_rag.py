import datetime as dt
from decimal import Decimal

import pytest

from portfolio.status.rules import rag


@pytest.mark.parametrize(
    ("forecast", "expected", "beyond"),
    [
        (dt.date(2027, 6, 20), "groen", False),  # 10 days early
        (dt.date(2027, 7, 15), "groen", False),  # 15 days late: half of 30
        (dt.date(2027, 7, 16), "oranje", False),  # 16 days late
        (dt.date(2027, 7, 30), "oranje", False),  # 30 days: exactly the tolerance
        (dt.date(2027, 7, 31), "rood", True),  # 31 days: beyond, an exception
    ],
)
def test_time_proposal(forecast, expected, beyond):
    proposal = rag.propose_time(
        baseline_end=dt.date(2027, 6, 30), forecast_end=forecast, tolerance_days=30
    )
    assert (proposal.rag, proposal.beyond_tolerance) == (expected, beyond)


def test_time_proposal_needs_both_dates():
    assert (
        rag.propose_time(baseline_end=None, forecast_end=dt.date(2027, 1, 1), tolerance_days=30).rag
        is None
    )


def test_cost_tolerance_takes_the_tighter_limit():
    assert rag.cost_tolerance(
        baseline_cost=Decimal(1_000_000), pct=Decimal(10), eur=Decimal(50_000)
    ) == Decimal(50_000)
    assert rag.cost_tolerance(
        baseline_cost=Decimal(100_000), pct=Decimal(10), eur=Decimal(50_000)
    ) == Decimal(10_000)
    assert rag.cost_tolerance(baseline_cost=Decimal(100_000), pct=None, eur=None) == 0


@pytest.mark.parametrize(
    ("eac", "expected", "beyond"),
    [
        (990_000, "groen", False),
        (1_050_000, "groen", False),
        (1_050_001, "oranje", False),
        (1_100_000, "oranje", False),
        (1_100_001, "rood", True),
    ],
)
def test_cost_proposal(eac, expected, beyond):
    proposal = rag.propose_cost(
        baseline_cost=Decimal(1_000_000), forecast_cost=Decimal(eac), tolerance=Decimal(100_000)
    )
    assert (proposal.rag, proposal.beyond_tolerance) == (expected, beyond)


def test_no_tolerance_means_any_overrun_is_an_exception():
    proposal = rag.propose_cost(
        baseline_cost=Decimal(100), forecast_cost=Decimal(101), tolerance=Decimal(0)
    )
    assert (proposal.rag, proposal.beyond_tolerance) == ("rood", True)


def test_worst():
    assert rag.worst(["groen", None, "oranje"]) == "oranje"
    assert rag.worst([None, None]) is None


def fact(share, track="op-koers", overdue=False):
    return rag.BenefitFact(share=Decimal(share), track=track, overdue=overdue)


@pytest.mark.parametrize(
    ("facts", "expected", "behind_pct"),
    [
        ([fact(100), fact(40)], "groen", 0),  # every one on track and measured in time
        ([fact(100), fact(50, overdue=True)], "oranje", 0),  # one nobody measures
        ([fact(60), fact(40, "achter")], "oranje", 40),  # 40 of 100 shares behind
        ([fact(50), fact(50, "achter")], "oranje", 50),  # half is not most
        ([fact(40), fact(60, "achter")], "rood", 60),  # 60 of 100 shares behind
        # Counted by share, not by benefit: two small shares behind, one large on track.
        ([fact(100), fact(10, "achter"), fact(10, "achter")], "oranje", Decimal("16.7")),
        # Overdue is unmeasured, whatever its last track said; it counts in the total.
        ([fact(30, "achter", overdue=True), fact(10)], "oranje", 0),
        ([fact(60, "achter"), fact(60, overdue=True)], "oranje", 50),
        ([fact(100, "achter"), fact(100, "", overdue=True)], "oranje", 50),
        ([fact(100, "achter"), fact(25, "")], "rood", 100),  # not yet measured: no data
    ],
)
def test_benefits_proposal(facts, expected, behind_pct):
    proposal = rag.propose_benefits(facts)
    assert (proposal.rag, proposal.deviation) == (expected, behind_pct)
    assert not proposal.beyond_tolerance  # baten raise no exception: no number to exceed


def test_benefits_proposal_counts_what_it_saw():
    proposal = rag.propose_benefits(
        [fact(10), fact(20, "achter"), fact(30, overdue=True), fact(40, "")]
    )
    assert (proposal.on_track, proposal.behind, proposal.unmeasured) == (1, 1, 1)
    assert proposal.tolerance == rag.BENEFITS_RED_ABOVE == 50


def test_no_benefit_with_data_no_benefits_proposal():
    assert rag.propose_benefits([]).rag is None
    assert rag.propose_benefits([fact(100, "")]).rag is None  # waiting for its first measurement


def test_the_tracks_are_the_ones_benefits_derives():
    from benefits.rules import realisation

    assert (rag.ON_TRACK, rag.BEHIND) == (realisation.ON_TRACK, realisation.BEHIND)
