"""The pure capacity arithmetic: months across years, a team's hours with exceptions,
how loaded a cell is, and a plan moved in time."""

import datetime as dt
from decimal import Decimal

import pytest

from portfolio.capacity.rules import (
    Formation,
    Load,
    add_months,
    capacity_hours,
    load_level,
    load_pct,
    month_count,
    month_start,
    months_between,
    shifted,
    team_hours,
)

D = dt.date


@pytest.mark.parametrize(
    ("month", "count", "expected"),
    [
        (D(2026, 11, 1), 1, D(2026, 12, 1)),
        (D(2026, 12, 1), 1, D(2027, 1, 1)),
        (D(2027, 1, 1), -1, D(2026, 12, 1)),
        (D(2026, 3, 1), 22, D(2028, 1, 1)),
        (D(2026, 3, 1), -27, D(2023, 12, 1)),
        (D(2026, 3, 1), 0, D(2026, 3, 1)),
    ],
)
def test_add_months_crosses_years_both_ways(month, count, expected):
    assert add_months(month, count) == expected


def test_month_start_and_months_between_span_a_new_year():
    assert month_start(D(2026, 11, 17)) == D(2026, 11, 1)
    assert months_between(D(2026, 11, 17), D(2027, 2, 3)) == [
        D(2026, 11, 1),
        D(2026, 12, 1),
        D(2027, 1, 1),
        D(2027, 2, 1),
    ]
    assert months_between(D(2027, 2, 1), D(2027, 1, 31)) == []
    assert month_count(D(2026, 11, 1), D(2028, 2, 1)) == 15


def test_capacity_is_formation_times_hours_times_availability():
    default = Formation(Decimal("2.5"), 156, 80)
    assert capacity_hours(default) == pytest.approx(312.0)


def test_an_exception_replaces_formation_availability_or_both():
    default = Formation(Decimal("2.5"), 156, 80)
    assert capacity_hours(default, Formation(None, 0, 50)) == pytest.approx(195.0)
    assert capacity_hours(default, Formation(Decimal("1"), 0, None)) == pytest.approx(124.8)
    assert capacity_hours(default, Formation(Decimal("0"), 0, 100)) == 0.0
    # The hours per fte are the team's, whatever the exception says.
    assert capacity_hours(default, Formation(Decimal("1"), 999, 100)) == pytest.approx(156.0)


def test_team_hours_apply_exceptions_only_in_their_month():
    default = Formation(Decimal("2"), 150, 100)
    months = months_between(D(2027, 6, 1), D(2027, 8, 1))
    exceptions = {D(2027, 7, 1): Formation(None, 0, 50)}
    assert team_hours(default, exceptions, months) == [300.0, 150.0, 300.0]


@pytest.mark.parametrize(
    ("demand", "capacity", "tolerance", "level"),
    [
        (0, 0, 1.0, Load.EMPTY),
        (1, 0, 1.0, Load.OVER),
        (50, 100, 1.0, Load.FREE),
        (89.9, 100, 1.0, Load.FREE),
        (90, 100, 1.0, Load.TIGHT),
        (100, 100, 1.0, Load.TIGHT),
        (100.5, 100, 1.0, Load.OVER),
        (104, 100, 1.05, Load.TIGHT),
        (106, 100, 1.05, Load.OVER),
    ],
)
def test_load_levels(demand, capacity, tolerance, level):
    assert load_level(demand, capacity, tolerance) == level


def test_load_pct_is_whole_and_none_without_capacity():
    assert load_pct(156, 312) == 50
    assert load_pct(1, 3) == 33
    assert load_pct(40, 0) is None


def test_shifted_moves_every_cell_across_years_either_way():
    plan = {(1, D(2026, 11, 1)): 10.0, (1, D(2026, 12, 1)): 20.0, (2, D(2027, 1, 1)): 5.0}
    assert shifted(plan, 2) == {
        (1, D(2027, 1, 1)): 10.0,
        (1, D(2027, 2, 1)): 20.0,
        (2, D(2027, 3, 1)): 5.0,
    }
    assert shifted(plan, -12) == {
        (1, D(2025, 11, 1)): 10.0,
        (1, D(2025, 12, 1)): 20.0,
        (2, D(2026, 1, 1)): 5.0,
    }
    assert shifted(plan, 0) == plan
