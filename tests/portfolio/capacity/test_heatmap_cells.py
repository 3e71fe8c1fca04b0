"""The heatmap's pure cell-building (portfolio.capacity.heatmap): demand over capacity per
team and month, levels and the over-allocated list, fte, proposals, totals, and a
what-if's change cell by cell."""

import datetime as dt

import pytest

from portfolio.capacity.heatmap import TeamRow, Unit, build, plan_window, shift_delta
from portfolio.capacity.rules import Load

JAN, FEB, MAR, APR = (dt.date(2027, m, 1) for m in (1, 2, 3, 4))
ICT = TeamRow(1, "ICT", "Informatievoorziening", "Bedrijfsvoering", 156)
GIS = TeamRow(2, "GIS", "Geo-informatie", "Ruimte", 120)


def grid(**kwargs):
    """Two teams over three months: ICT 312 h a month, GIS 240 h with none in March."""
    return build(
        [ICT, GIS],
        [JAN, FEB, MAR],
        capacity=[[312, 312, 312], [240, 240, 0]],
        committed=[[100, 300, 350], [0, 0, 10]],
        proposed=[[50, 20, 0], [0, 0, 0]],
        **kwargs,
    )


def test_each_cell_has_demand_capacity_load_and_level():
    ict = grid().rows[0].cells
    assert [(c.demand, c.capacity, c.pct, c.level) for c in ict] == [
        (100, 312, 32, Load.FREE),
        (300, 312, 96, Load.TIGHT),
        (350, 312, 112, Load.OVER),
    ]
    gis = grid().rows[1].cells
    assert [c.level for c in gis] == [Load.FREE, Load.FREE, Load.OVER]
    assert gis[0].pct == 0 and gis[2].pct is None  # demand without capacity is over


def test_the_over_allocated_team_months_are_listed_by_month_with_how_much_over():
    overloads = grid().overloads
    # By month, then by team name (Geo-informatie before Informatievoorziening).
    assert [(o.team.code, o.month) for o in overloads] == [("GIS", MAR), ("ICT", MAR)]
    by_team = {o.team.code: o for o in overloads}
    assert (by_team["ICT"].over, by_team["ICT"].over_pct) == (38, 12)
    assert (by_team["GIS"].over, by_team["GIS"].over_pct) == (10, None)


def test_proposals_count_only_when_asked():
    without, with_proposals = grid(), grid(include_proposals=True)
    assert without.rows[0].cells[0].demand == 100
    assert with_proposals.rows[0].cells[0].demand == 150
    # February: 300 is tight, 320 is over.
    assert without.rows[0].cells[1].level == Load.TIGHT
    assert with_proposals.rows[0].cells[1].level == Load.OVER
    # Committed and proposed stay apart whatever is counted (the export shows both).
    assert (without.rows[0].cells[0].committed, without.rows[0].cells[0].proposed) == (100, 50)


def test_fte_is_hours_over_the_teams_hours_per_fte_and_keeps_the_load():
    cell = grid(unit=Unit.FTE).rows[0].cells[2]
    assert cell.capacity == pytest.approx(2.0) and cell.demand == pytest.approx(350 / 156)
    assert (cell.pct, cell.level) == (112, Load.OVER)
    assert grid(unit=Unit.FTE).rows[1].cells[0].capacity == pytest.approx(2.0)  # 240 / 120
    assert grid(unit=Unit.FTE).overloads[-1].over == pytest.approx((350 - 312) / 156)


def test_the_totals_sum_every_team_per_month():
    totals = grid().totals
    assert [(t.demand, t.capacity, t.pct) for t in totals] == [
        (100, 552, 18),
        (300, 552, 54),
        (360, 312, 115),
    ]
    assert totals[2].level == Load.OVER
    # In fte each team counts by its own hours per fte.
    assert grid(unit=Unit.FTE).totals[0].capacity == pytest.approx(4.0)


def test_an_empty_cell_is_neither_free_nor_over():
    heatmap = build([ICT], [JAN], capacity=[[0]], committed=[[0]], proposed=[[0]])
    assert heatmap.rows[0].cells[0].level == Load.EMPTY and heatmap.overloads == []


def test_a_shift_moves_hours_within_the_window_and_brings_them_in_from_outside():
    plan = {(1, JAN): 40.0, (1, FEB): 60.0, (2, dt.date(2026, 12, 1)): 30.0}
    delta = shift_delta(plan, 1, [JAN, FEB, MAR])
    # January loses its 40, February trades 60 for 40, March gets 60; GIS's December
    # (outside the window) lands in January.
    assert delta == {(1, JAN): -40.0, (1, FEB): -20.0, (1, MAR): 60.0, (2, JAN): 30.0}
    assert shift_delta(plan, 0, [JAN, FEB]) == {}
    assert shift_delta({(1, APR): 10.0}, 2, [JAN, FEB, MAR]) == {}  # moves past the window


def test_the_plan_is_read_over_the_months_a_shift_brings_into_view():
    assert plan_window([JAN, FEB, MAR], 2) == [dt.date(2026, 11, 1), MAR]
    assert plan_window([JAN, FEB, MAR], -2) == [JAN, dt.date(2027, 5, 1)]
    assert plan_window([], 3) == []


def test_a_what_if_shows_before_and_after_and_which_overloads_come_and_go():
    # Move 40 h of ICT from March (over) to January (free): March is no longer over.
    heatmap = grid(delta={(1, MAR): -40.0, (1, JAN): 40.0, (2, MAR): 0.0})
    jan, feb, mar = heatmap.rows[0].cells
    assert (jan.before, jan.demand, jan.delta, jan.changed) == (100, 140, 40, True)
    assert (mar.before, mar.demand, mar.level, mar.before_level) == (
        350,
        310,
        Load.TIGHT,
        Load.OVER,
    )
    assert not feb.changed and feb.before is None
    assert heatmap.changed_cells == 2  # a zero change is no change
    assert [(o.team.code, o.month, o.demand) for o in heatmap.disappeared] == [("ICT", MAR, 350)]
    assert heatmap.appeared == []
    worse = grid(delta={(1, FEB): 30.0})
    assert [(o.team.code, o.month) for o in worse.appeared] == [("ICT", FEB)]
    assert ("ICT", FEB) in [(o.team.code, o.month) for o in worse.overloads]


def test_a_shift_never_makes_demand_negative():
    heatmap = grid(delta={(1, JAN): -500.0})
    assert heatmap.rows[0].cells[0].demand == 0 and heatmap.rows[0].cells[0].before == 100
