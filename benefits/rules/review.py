"""The review after closure and the lessons learned, as plain data.

A post-implementation review is due a number of months after the project closed. When it
is completed it keeps, per attributed benefit, what was planned and what was achieved on
that day (`BenefitResult`), so its conclusion can be read against the figures it was
drawn from. Completing it needs the day it was held, a word on value for money and a
verdict on the decision; a verdict of "partly" or "no" needs its explanation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from decimal import Decimal

from .realisation import HUNDRED, ON_TRACK, add_months

TAG_MAX = 50
REACHED, BEHIND, UNMEASURED = "gehaald", "achter", "niet-gemeten"
PARTLY, NO = "deels", "nee"
DECIMALS = ("share", "baseline_value", "target_value", "last_value", "realisation", "expected")
AMOUNTS = ("planned_amount", "realised_amount")
DATES = ("baseline_date", "target_date", "last_measured_on")


def due_on(closed_on: dt.date, months: int) -> dt.date:
    """The day the review of a project closed on `closed_on` is due."""
    return add_months(closed_on, months)


def is_overdue(*, done: bool, due: dt.date, today: dt.date) -> bool:
    return not done and due < today


@dataclass(frozen=True)
class BenefitResult:
    """One attributed benefit: what was planned and what was achieved."""

    benefit_id: int
    name: str
    unit: str
    share: Decimal  # % of the benefit attributed to the project
    baseline_value: Decimal | None
    baseline_date: dt.date | None
    target_value: Decimal | None
    target_date: dt.date | None
    last_value: Decimal | None
    last_measured_on: dt.date | None
    realisation: Decimal | None  # % of the way from baseline to target
    expected: Decimal | None  # % the plan expected on the day of the last measurement
    track: str
    planned_amount: Decimal | None = None  # € of a financial benefit
    realised_amount: Decimal | None = None
    disbenefit: bool = False

    @property
    def verdict(self) -> str:
        """gehaald (target reached), op-koers, achter, or niet-gemeten."""
        if self.realisation is None:
            return UNMEASURED
        if self.realisation >= HUNDRED:
            return REACHED
        return ON_TRACK if self.track == ON_TRACK else BEHIND

    def as_json(self) -> dict:
        """JSON-safe: decimals as strings, dates in ISO 8601."""
        data = asdict(self)
        for name in (*DECIMALS, *AMOUNTS):
            data[name] = None if data[name] is None else str(data[name])
        for name in DATES:
            data[name] = None if data[name] is None else data[name].isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict) -> BenefitResult:
        known = {f.name for f in fields(cls)}
        values = {name: value for name, value in data.items() if name in known}
        for name in (*DECIMALS, *AMOUNTS):
            if values.get(name) is not None:
                values[name] = Decimal(values[name])
        for name in DATES:
            if values.get(name):
                values[name] = dt.date.fromisoformat(values[name])
        return cls(**values)


@dataclass(frozen=True)
class Summary:
    benefits: int
    reached: int
    behind: int
    unmeasured: int
    planned_amount: Decimal | None  # € of the financial benefits, the project's share
    realised_amount: Decimal | None


def summarise(results: Sequence[BenefitResult]) -> Summary:
    """The headline of a review: how many benefits reached their target, and the money
    planned and realised, each counted for the project's share."""
    verdicts = [r.verdict for r in results]
    financial = [r for r in results if r.planned_amount is not None]
    planned = realised = None
    if financial:
        planned = sum((r.planned_amount * r.share / HUNDRED for r in financial), Decimal(0))
        realised = sum(
            ((r.realised_amount or 0) * r.share / HUNDRED for r in financial), Decimal(0)
        )
    return Summary(
        benefits=len(results),
        reached=verdicts.count(REACHED),
        behind=verdicts.count(BEHIND),
        unmeasured=verdicts.count(UNMEASURED),
        planned_amount=None if planned is None else planned.quantize(Decimal("0.01")),
        realised_amount=None if realised is None else realised.quantize(Decimal("0.01")),
    )


@dataclass(frozen=True)
class Outcome:
    """What a review says, to be checked before it is completed or changed."""

    held_on: dt.date | None
    value_for_money: str
    decision_right: str
    decision_explanation: str


def outcome_errors(
    outcome: Outcome, *, closed_on: dt.date | None, today: dt.date, completing: bool
) -> dict[str, list[str]]:
    """Field errors as message keys (the service words them): a review is held after the
    project closed and not in the future; a completed one has all it needs."""
    errors: dict[str, list[str]] = {}
    if outcome.held_on is not None:
        if closed_on is not None and outcome.held_on < closed_on:
            errors["held_on"] = ["before_closure"]
        elif outcome.held_on > today:
            errors["held_on"] = ["future"]
    if not completing:
        return errors
    if outcome.held_on is None:
        errors.setdefault("held_on", []).append("required")
    if not outcome.value_for_money.strip():
        errors["value_for_money"] = ["required"]
    if not outcome.decision_right:
        errors["decision_right"] = ["required"]
    elif outcome.decision_right in (PARTLY, NO) and not outcome.decision_explanation.strip():
        errors["decision_explanation"] = ["explain"]
    return errors


def normalise_tags(tags: Iterable[str]) -> list[str]:
    """Lower case, single spaces, no empties, each once, in the order first given."""
    seen: dict[str, None] = {}
    for tag in tags:
        clean = re.sub(r"\s+", " ", str(tag)).strip().lower()
        if clean:
            seen.setdefault(clean, None)
    return list(seen)


def split_tags(text: str) -> list[str]:
    """Tags as typed in one box: separated by commas or semicolons."""
    return normalise_tags(re.split(r"[,;]", text or ""))


def tag_errors(tags: Sequence[str]) -> list[str]:
    """The tags longer than TAG_MAX characters."""
    return [tag for tag in tags if len(tag) > TAG_MAX]
