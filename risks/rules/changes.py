"""What approving a request for change does to its project's baseline: the end it asks
for becomes the planned end, the budget change is added to the budget line of the year of
the decision. The decision form shows it before, the decision applies it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

# Problems, by the field.
END_BEFORE_START = "end-before-start"
BUDGET_BELOW_ZERO = "budget-below-zero"


@dataclass(frozen=True)
class BaselineChange:
    year: int
    end_before: dt.date | None = None
    end_after: dt.date | None = None  # None: the end stays
    budget_before: Decimal | None = None  # None: the year has no budget line yet
    budget_after: Decimal | None = None  # None: the budget stays
    problems: dict[str, str] = field(default_factory=dict)

    @property
    def changes_end(self) -> bool:
        return self.end_after is not None

    @property
    def changes_budget(self) -> bool:
        return self.budget_after is not None

    @property
    def changes_anything(self) -> bool:
        return self.changes_end or self.changes_budget


def baseline_change(
    *,
    planned_start: dt.date | None,
    planned_end: dt.date | None,
    requested_end: dt.date | None,
    year: int,
    budget: Decimal | None,
    budget_change: Decimal | None,
) -> BaselineChange:
    """The change from the project's planned dates and its budget of `year` (None: no
    line), with what makes it impossible."""
    problems = {}
    end_after = requested_end if requested_end and requested_end != planned_end else None
    if end_after and planned_start and end_after < planned_start:
        problems["requested_end"] = END_BEFORE_START
    budget_after = None
    if budget_change:
        budget_after = (budget or Decimal(0)) + budget_change
        if budget_after < 0:
            problems["requested_budget_change"] = BUDGET_BELOW_ZERO
    return BaselineChange(
        year=year,
        end_before=planned_end,
        end_after=end_after,
        budget_before=budget,
        budget_after=budget_after,
        problems=problems,
    )
