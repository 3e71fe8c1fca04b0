"""RAG rules: pure functions, no Django. Plain data in, plain data out.

Proposal rule for tijd and geld (documented in docs/RAPPORTAGE.md):
- deviation ≤ 0 or ≤ half the tolerance  → green
- deviation ≤ the tolerance              → amber
- deviation beyond the tolerance         → red, and an exception (PRINCE2)
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

GREEN, AMBER, RED = "groen", "oranje", "rood"
SEVERITY = {GREEN: 0, AMBER: 1, RED: 2}


@dataclass(frozen=True)
class Proposal:
    rag: str | None  # None: not enough data to propose
    deviation: Decimal | int | None
    tolerance: Decimal | int | None
    beyond_tolerance: bool


def _classify(deviation, tolerance) -> tuple[str, bool]:
    if deviation <= 0 or deviation * 2 <= tolerance:
        return GREEN, False
    if deviation <= tolerance:
        return AMBER, False
    return RED, True


def propose_time(
    *, baseline_end: date | None, forecast_end: date | None, tolerance_days: int
) -> Proposal:
    if baseline_end is None or forecast_end is None:
        return Proposal(None, None, tolerance_days, False)
    slip = (forecast_end - baseline_end).days
    rag, beyond = _classify(slip, tolerance_days)
    return Proposal(rag, slip, tolerance_days, beyond)


def cost_tolerance(*, baseline_cost: Decimal, pct: Decimal | None, eur: Decimal | None) -> Decimal:
    """The tighter of the percentage and the absolute tolerance, whichever are set."""
    limits = []
    if pct is not None:
        limits.append(baseline_cost * pct / Decimal(100))
    if eur is not None:
        limits.append(eur)
    return min(limits) if limits else Decimal(0)


def propose_cost(
    *, baseline_cost: Decimal | None, forecast_cost: Decimal | None, tolerance: Decimal
) -> Proposal:
    if not baseline_cost or forecast_cost is None:
        return Proposal(None, None, tolerance, False)
    overrun = forecast_cost - baseline_cost
    rag, beyond = _classify(overrun, tolerance)
    return Proposal(rag, overrun, tolerance, beyond)


def worst(colours) -> str | None:
    present = [c for c in colours if c]
    return max(present, key=SEVERITY.__getitem__) if present else None
