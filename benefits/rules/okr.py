"""How far an OKR is, and how confident its owners are. Pure: no Django, no models.

Model. A key result runs from its start value s to its target value t; its current value
is c. Its progress is (c − s) / (t − s) × 100 %, clipped to 0–100 %: a move the wrong
way counts as 0 %, going past the target as 100 %. A decreasing key result (t below s,
‘wachttijd van 25 naar 10 minuten’) needs no flag: numerator and denominator are then
both negative, so the same formula holds. t = s leaves the progress undefined; such a
key result is refused when it is saved (`key_result_errors`).

An OKR's progress is the *unweighted* mean of its key results' progress: every key
result counts the same, as in the usual OKR grading (Doerr, *Measure What Matters*).
Its confidence is the unweighted mean of the key results' confidence (1–10, where 10 is
‘certain to reach the target this period’). An OKR without key results has neither.

Both means are rounded to one decimal (half up), as they are kept and shown. An OKR, or
one key result, is *at risk* when its confidence is at most `AT_RISK_CONFIDENCE` (4):
its owners think the target more likely missed than reached.

Validation answers with codes per field (`TARGET_IS_START`, …), which the services turn
into messages in the user's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CONFIDENCE_MIN, CONFIDENCE_MAX = 1, 10
AT_RISK_CONFIDENCE = 4
TENTH = Decimal("0.1")

# Validation codes, by the field they belong to.
TARGET_IS_START = "target-is-start"
CONFIDENCE_OUT_OF_RANGE = "confidence-out-of-range"
PERIOD_END_BEFORE_START = "period-end-before-start"


@dataclass(frozen=True)
class KeyResultFacts:
    start: Decimal
    target: Decimal
    current: Decimal
    confidence: int


@dataclass(frozen=True)
class OkrSummary:
    progress: Decimal | None  # % (0–100, one decimal), None without key results
    confidence: Decimal | None  # 1–10, one decimal, None without key results
    at_risk: bool


def key_result_progress(start: Decimal, target: Decimal, current: Decimal) -> Decimal | None:
    """(current − start) / (target − start) × 100, clipped to 0–100; None when undefined."""
    if target == start:
        return None
    raw = (current - start) / (target - start) * HUNDRED
    return min(max(raw, Decimal(0)), HUNDRED)


def is_at_risk(confidence: Decimal | int | None) -> bool:
    return confidence is not None and confidence <= AT_RISK_CONFIDENCE


def summary(key_results: Sequence[KeyResultFacts]) -> OkrSummary:
    """The OKR's progress and confidence: the unweighted means of its key results'."""
    progresses = [
        p
        for p in (key_result_progress(k.start, k.target, k.current) for k in key_results)
        if p is not None
    ]
    confidence = _tenth(_mean([Decimal(k.confidence) for k in key_results]))
    # Judged on the confidence as kept and shown (one decimal), so the two always agree.
    return OkrSummary(
        progress=_tenth(_mean(progresses)), confidence=confidence, at_risk=is_at_risk(confidence)
    )


def key_result_errors(
    *, start: Decimal | None, target: Decimal | None, confidence: int | None
) -> dict[str, list[str]]:
    """{field: [code]} for what keeps a key result from being saved."""
    errors: dict[str, list[str]] = {}
    if start is not None and target is not None and target == start:
        errors["target_value"] = [TARGET_IS_START]
    if confidence is not None and not CONFIDENCE_MIN <= confidence <= CONFIDENCE_MAX:
        errors["confidence"] = [CONFIDENCE_OUT_OF_RANGE]
    return errors


def period_errors(start: dt.date | None, end: dt.date | None) -> dict[str, list[str]]:
    """{field: [code]}: the period ends on or after the day it starts."""
    if start is not None and end is not None and end < start:
        return {"period_end": [PERIOD_END_BEFORE_START]}
    return {}


def _mean(values: Sequence[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


def _tenth(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(TENTH, rounding=ROUND_HALF_UP)
