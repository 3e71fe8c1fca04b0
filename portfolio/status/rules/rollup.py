"""Roll-up of status from projects to programme, org unit and portfolio. Pure Python.

Two rules, chosen by the setting PMO_ROLLUP_RULE:

- "worst" (default): a level takes the worst colour of its projects on each dimension;
  the counts per colour are always shown beside it, so one red project among forty
  green ones is visible as exactly that.
- "budget": each project weighs by its budget. Green counts 0, amber 1, red 2; the
  weighted mean below 0.5 is green, below 1.5 amber, otherwise red. Projects without
  budget weigh 1 euro, so they count but do not dominate.

Projects without a report on a dimension are counted as "unknown" and do not colour it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .rag import AMBER, GREEN, RED, SEVERITY, worst

COLOURS = (GREEN, AMBER, RED)


@dataclass(frozen=True)
class Item:
    """One project, or a group of projects that share their colours.

    `weight` is the budget-rule weight (already effective: see effective_weight);
    `count` the number of projects it stands for.
    """

    colours: dict[str, str | None]  # dimension -> colour or None
    weight: Decimal = Decimal(1)
    count: int = 1


@dataclass
class DimensionRollup:
    colour: str | None
    counts: dict[str, int] = field(default_factory=dict)  # colour or "unknown" -> n


def decide(counts: dict[str, int], weights: dict[str, Decimal], rule: str = "worst") -> str | None:
    """The colour of a level from its projects' counts (and budget sums) per colour.

    This is the whole rule; databases may aggregate the counts and weights first.
    """
    if rule == "worst":
        return worst(c for c in COLOURS if counts.get(c))
    if rule == "budget":
        total = sum((weights.get(c, Decimal(0)) for c in COLOURS), Decimal(0))
        if not total:
            return None
        mean = sum((SEVERITY[c] * weights.get(c, Decimal(0)) for c in COLOURS), Decimal(0)) / total
        return GREEN if mean < Decimal("0.5") else AMBER if mean < Decimal("1.5") else RED
    raise ValueError(f"unknown roll-up rule {rule!r}")


def effective_weight(budget: Decimal | None) -> Decimal:
    """A project without budget weighs 1 euro: it counts, but does not dominate."""
    return budget if budget and budget > 0 else Decimal(1)


def roll_up(
    items: Iterable[Item], dimensions: Iterable[str], rule: str = "worst"
) -> dict[str, DimensionRollup]:
    """One pass over the items, then the rule per dimension."""
    dimensions = list(dimensions)
    counts = {d: dict.fromkeys((*COLOURS, "unknown"), 0) for d in dimensions}
    weights = {d: dict.fromkeys(COLOURS, Decimal(0)) for d in dimensions}
    for item in items:
        for dimension in dimensions:
            colour = item.colours.get(dimension)
            counts[dimension][colour or "unknown"] += item.count
            if colour:
                weights[dimension][colour] += item.weight
    return {
        d: DimensionRollup(colour=decide(counts[d], weights[d], rule), counts=counts[d])
        for d in dimensions
    }


__all__ = ["AMBER", "COLOURS", "GREEN", "RED", "DimensionRollup", "Item", "decide", "roll_up"]
