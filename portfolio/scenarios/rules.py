"""Pure rules of scenarios: when one may be adopted, how scenarios compare."""

from collections.abc import Sequence
from typing import Any


def adoptable(*, adopted: bool, result_is_current: bool, status: str | None) -> bool:
    """The board adopts only a scenario not yet adopted whose stored result belongs to its
    current constraints and holds a valid selection."""
    return not adopted and result_is_current and status != "infeasible"


def comparison(
    rows: Sequence[Any], chosen: Sequence[set[int] | None]
) -> tuple[list[tuple[Any, list[bool | None]]], list[tuple[Any, list[bool | None]]]]:
    """Ranked rows chosen by at least one scenario, each with a mark per scenario (True in,
    False out, None: that scenario has no current result); and the rows where they differ.

    `rows` carry `.project.pk`; `chosen` holds each scenario's selected project ids.
    """
    table = [
        (row, [None if c is None else row.project.pk in c for c in chosen])
        for row in rows
        if any(c is not None and row.project.pk in c for c in chosen)
    ]
    differing = [(row, marks) for row, marks in table if len(set(marks)) > 1]
    return table, differing
