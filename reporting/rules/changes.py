"""What changed between two snapshots of one scope.

Rows are matched on their project (id); a project in only one of the two was added or
removed. A colour change is reported only between two reported colours or from none to
one: a project whose new report is missing did not "turn grey", it is late, and the
overdue list says so.
"""

from collections.abc import Iterable, Mapping

from .aggregate import DIMENSIONS, RED

NUMERIC_TILES = (
    "projects",
    "red",
    "exceptions",
    "budget",
    "eac",
    "actuals",
    "eac_vs_budget_pct",
    "benefits_planned",
    "benefits_realised",
    "benefits_pct",
    "resistance_ratio",
    "overloaded_teams",
    "teams",
)


def previous_colours(previous: Mapping | None) -> dict[str, str]:
    """The colours a row had last period: the RAG matrix's arrows."""
    if not previous:
        return {}
    return {dimension: previous[dimension] for dimension in DIMENSIONS}


def tile_changes(now: Mapping, before: Mapping | None) -> dict[str, float | int | None]:
    """This period's tile minus last period's; None where either side has no value."""
    if before is None:
        return {}
    changes = {}
    for key in NUMERIC_TILES:
        a, b = now.get(key), before.get(key)
        changes[key] = None if a is None or b is None else round(a - b, 2)
    return changes


def row_changes(rows: Iterable[Mapping], previous: Mapping[int, Mapping]) -> dict:
    """Projects added, removed and changed in overall colour since the previous rows."""
    current = {row["project_id"]: row for row in rows}
    added = sorted(current[pid]["code"] for pid in current.keys() - previous.keys())
    removed = sorted(previous[pid]["code"] for pid in previous.keys() - current.keys())
    return {"added": added, "removed": removed, "rag_changed": colour_changes(current, previous)}


def colour_changes(current: Mapping[int, Mapping], before: Mapping[int, Mapping]) -> list[dict]:
    changed = []
    for pid, row in current.items():
        old = before.get(pid)
        if old is None or not row["rag_overall"] or old["rag_overall"] == row["rag_overall"]:
            continue
        changed.append(
            {
                "project": row["code"],
                "name": row["name"],
                "from": old["rag_overall"],
                "to": row["rag_overall"],
            }
        )
    return sorted(changed, key=lambda change: change["project"])


def since_board(current: Mapping[int, Mapping], at_board: Mapping[int, Mapping]) -> dict:
    """Status changes and new reds against the rows the board last looked at."""
    changes = colour_changes(current, at_board)
    new_reds = [
        {"project": row["code"], "name": row["name"]}
        for pid, row in sorted(current.items(), key=lambda kv: kv[1]["code"])
        if row["rag_overall"] == RED and at_board.get(pid, {}).get("rag_overall") != RED
    ]
    return {"status_changes": changes, "new_reds": new_reds}
