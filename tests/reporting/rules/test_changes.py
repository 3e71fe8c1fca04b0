"""Differences between two snapshots: tiles, projects in and out, colours changed."""

from reporting.rules import changes
from reporting.rules.aggregate import DIMENSIONS


def row(pid, colour, **extra):
    return {
        "project_id": pid,
        "code": f"P-{pid}",
        "name": f"Project {pid}",
        **dict.fromkeys(DIMENSIONS, colour),
        **extra,
    }


def test_tile_changes_are_differences_and_none_where_a_side_is_missing():
    now = {"projects": 12, "red": 1, "budget": 10.5, "resistance_ratio": None}
    before = {"projects": 10, "red": 3, "budget": 10.0, "resistance_ratio": 1.2}
    delta = changes.tile_changes(now, before)
    assert delta["projects"] == 2 and delta["red"] == -2 and delta["budget"] == 0.5
    assert delta["resistance_ratio"] is None
    assert changes.tile_changes(now, None) == {}


def test_rows_added_removed_and_recoloured():
    before = {1: row(1, "groen"), 2: row(2, "oranje"), 3: row(3, "rood")}
    now = [row(1, "rood"), row(2, ""), row(4, "groen")]
    result = changes.row_changes(now, before)
    assert result["added"] == ["P-4"] and result["removed"] == ["P-3"]
    # A missing report is not a colour change: the project is late, not grey.
    assert result["rag_changed"] == [
        {"project": "P-1", "name": "Project 1", "from": "groen", "to": "rood"}
    ]


def test_since_board_lists_new_reds_only_once_red_arrives():
    at_board = {1: row(1, "rood"), 2: row(2, "oranje")}
    now = {1: row(1, "rood"), 2: row(2, "rood"), 5: row(5, "rood")}
    result = changes.since_board(now, at_board)
    assert [red["project"] for red in result["new_reds"]] == ["P-2", "P-5"]
    assert [c["project"] for c in result["status_changes"]] == ["P-2"]


def test_previous_colours_for_the_matrix_arrows():
    assert changes.previous_colours(None) == {}
    colours = changes.previous_colours(row(1, "oranje"))
    assert colours == dict.fromkeys(DIMENSIONS, "oranje")
