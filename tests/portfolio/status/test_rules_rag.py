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
