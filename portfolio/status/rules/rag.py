"""RAG rules: pure functions, no Django. Plain data in, plain data out.

Proposal rule for tijd and geld (documented in docs/RAPPORTAGE.md):
- deviation ≤ 0 or ≤ half the tolerance  → green
- deviation ≤ the tolerance              → amber
- deviation beyond the tolerance         → red, and an exception (PRINCE2)

Proposal rule for baten (`propose_benefits`), from the project's attributed benefits that
are still being realised and have data (measured, or overdue for a measurement); each
counts with the share of it attributed to the project:
- every one on track and measured in time          → green
- any behind plan or overdue for its measurement   → amber
- more than half of the shares behind plan         → red
- none with data                                   → no proposal
A red baten proposal is no exception: the baten tolerance is words, not a number.

Proposal rule for risico (`propose_risk`), from the project's open threats by their
residual score (probability × worst impact, 1–25; risks/rules/scoring.py):
- one or more very high (16 or more)                → red
- one or more high (10–15)                          → amber
- open threats, all below 10                        → green
- no open threat                                    → no proposal
Opportunities do not count. Neither is a red risico proposal an exception.
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


ON_TRACK, BEHIND = "op-koers", "achter"
BENEFITS_RED_ABOVE = Decimal(50)  # % of the attributed shares behind plan


@dataclass(frozen=True)
class BenefitFact:
    """One benefit attributed to the project, as the baten provider reports it."""

    share: Decimal  # % of the benefit attributed to the project
    track: str  # ON_TRACK, BEHIND or "" (not measured yet)
    overdue: bool  # its next measurement is overdue: nobody measures it


@dataclass(frozen=True)
class BenefitsProposal(Proposal):
    on_track: int = 0
    behind: int = 0
    unmeasured: int = 0


def propose_benefits(facts) -> BenefitsProposal:
    """The baten colour from the attributed active benefits (rule in the module's
    docstring). An overdue benefit counts as unmeasured whatever its last track said;
    one neither measured nor overdue (waiting for its first measurement) has no data and
    does not count. `deviation` is the share-weighted % behind plan (its shares behind
    over all counted shares), `tolerance` the % above which it is red. Counted by share,
    because that is how much of each benefit the project answers for."""
    counted = [f for f in facts if f.overdue or f.track in (ON_TRACK, BEHIND)]
    if not counted:
        return BenefitsProposal(None, None, BENEFITS_RED_ABOVE, False)
    unmeasured = [f for f in counted if f.overdue]
    behind = [f for f in counted if not f.overdue and f.track == BEHIND]
    total = sum((Decimal(f.share) for f in counted), Decimal(0))
    behind_pct = (
        sum((Decimal(f.share) for f in behind), Decimal(0)) / total * 100 if total else Decimal(0)
    )
    if behind_pct > BENEFITS_RED_ABOVE:
        colour = RED
    elif behind or unmeasured:
        colour = AMBER
    else:
        colour = GREEN
    return BenefitsProposal(
        colour,
        behind_pct.quantize(Decimal("0.1")),
        BENEFITS_RED_ABOVE,
        False,
        on_track=len(counted) - len(behind) - len(unmeasured),
        behind=len(behind),
        unmeasured=len(unmeasured),
    )


RISK_RED_FROM, RISK_AMBER_FROM = 16, 10  # residual score of an open threat


@dataclass(frozen=True)
class RiskFact:
    """One open threat of the project, as the risks provider reports it."""

    residual_score: int


@dataclass(frozen=True)
class RiskProposal(Proposal):
    very_high: int = 0
    high: int = 0
    threats: int = 0


def propose_risk(facts) -> RiskProposal:
    """The risico colour from the open threats' residual scores (rule in the module's
    docstring); `deviation` is the highest residual score, `tolerance` the score from
    which it is red."""
    scores = [int(f.residual_score) for f in facts]
    if not scores:
        return RiskProposal(None, None, Decimal(RISK_RED_FROM), False)
    very_high = sum(score >= RISK_RED_FROM for score in scores)
    high = sum(RISK_AMBER_FROM <= score < RISK_RED_FROM for score in scores)
    colour = RED if very_high else AMBER if high else GREEN
    return RiskProposal(
        colour,
        Decimal(max(scores)),
        Decimal(RISK_RED_FROM),
        False,
        very_high=very_high,
        high=high,
        threats=len(scores),
    )


def worst(colours) -> str | None:
    present = [c for c in colours if c]
    return max(present, key=SEVERITY.__getitem__) if present else None
