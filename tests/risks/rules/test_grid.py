"""The power/interest grid: the quadrant rule (3 and up is high), the 5 × 5 table with
power 5 on top, counts per cell and per quadrant."""

import pytest

from risks.rules import grid as rules
from risks.rules.grid import Bounds, bounds, grid, strategy_for


@pytest.mark.parametrize(
    ("power", "interest", "strategy"),
    [
        (5, 5, "nauw-betrekken"),
        (3, 3, "nauw-betrekken"),  # the middle class counts as high
        (4, 2, "tevreden-houden"),
        (3, 1, "tevreden-houden"),
        (2, 3, "informeren"),
        (1, 5, "informeren"),
        (2, 2, "monitoren"),
        (1, 1, "monitoren"),
    ],
)
def test_the_quadrant_follows_power_and_interest(power, interest, strategy):
    assert strategy_for(power, interest) == strategy


@pytest.mark.parametrize(("power", "interest"), [(0, 3), (6, 3), (3, 6), (None, 3), (True, 3)])
def test_a_class_off_the_scale_has_no_quadrant(power, interest):
    with pytest.raises(ValueError):
        strategy_for(power, interest)


def test_every_cell_of_a_quadrants_bounds_lies_in_that_quadrant():
    for quadrant in rules.QUADRANTS:
        found = bounds(quadrant)
        cells = {
            (p, i)
            for p in range(found.power[0], found.power[1] + 1)
            for i in range(found.interest[0], found.interest[1] + 1)
        }
        assert {strategy_for(p, i) for p, i in cells} == {quadrant}
    assert bounds("informeren") == Bounds(power=(1, 2), interest=(3, 5))
    assert bounds("nauw-betrekken") == Bounds(power=(3, 5), interest=(3, 5))


def test_the_grid_has_power_five_on_top_and_interest_one_on_the_left():
    laid_out = grid([(5, 1, 2), (1, 5, 1), (3, 3, 4)])
    assert [row.power for row in laid_out.rows] == [5, 4, 3, 2, 1]
    assert [cell.interest for cell in laid_out.rows[0].cells] == [1, 2, 3, 4, 5]
    top_left = laid_out.rows[0].cells[0]
    assert (top_left.power, top_left.interest, top_left.count) == (5, 1, 2)
    assert top_left.quadrant == "tevreden-houden" and top_left.shade == "hoog"
    assert laid_out.rows[4].cells[4].count == 1  # power 1, interest 5
    assert laid_out.rows[2].cells[2].quadrant == "nauw-betrekken"
    assert laid_out.rows[3].cells[0].count == 0
    assert laid_out.total == 7


def test_the_quadrants_are_counted_in_the_order_of_attention():
    laid_out = grid([(5, 5, 2), (4, 4, 1), (5, 1, 3), (1, 1, 1)])
    assert [(q.quadrant, q.count) for q in laid_out.quadrants] == [
        ("nauw-betrekken", 3),
        ("tevreden-houden", 3),
        ("informeren", 0),
        ("monitoren", 1),
    ]


def test_stakeholder_pairs_count_one_each_and_off_scale_values_are_left_out():
    laid_out = grid([(4, 4), (4, 4), (2, 1), (6, 2), (None, 3)])
    assert laid_out.rows[1].cells[3].count == 2
    assert laid_out.rows[3].cells[0].count == 1
    assert laid_out.total == 3


def test_an_empty_register_gives_an_empty_grid():
    laid_out = grid([])
    assert laid_out.total == 0
    assert all(cell.count == 0 for row in laid_out.rows for cell in row.cells)
    assert [q.count for q in laid_out.quadrants] == [0, 0, 0, 0]
