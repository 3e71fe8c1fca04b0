"""The weerstandsvermogen: the ratio beschikbaar ÷ benodigd and its class A–F. Pure.

Model. The ratio is the beschikbare weerstandscapaciteit divided by the benodigde (the
simulation's quantile at the chosen certainty, risks/rules/simulation.py). It is worked
out in decimal on the amounts as written, so €1,4 mln against €1,0 mln is exactly 1.4
and lands in the class that starts there, not a hair below it.

The classes are a table of bounds, best first. A ``Bound`` names a class, its lower
bound, and whether the bound itself belongs to the class (inclusive, "≥") or not
(exclusive, ">"). A class runs up to the lower bound of the class above it, which
belongs to the class above when that one is inclusive, else to this one. So with the
default "A ≥ 2,0", class B is 1,4 ≤ ratio < 2,0; a municipality writing "A > 2,0, B >
1,4" gets 1,4 < ratio ≤ 2,0. Municipalities write both, so both can be set. The default
is the common municipal table (A uitstekend … F ruim onvoldoende); its Dutch labels are
data, shown as the organisation wrote them, not translated here.

A table is valid when it has a class; its names are filled in and unique; its lower
bounds are finite, at least 0 and strictly descending (a repeated bound leaves a class
empty or a single point); and the last class starts at 0 inclusive, so that every ratio
has a class. Classes meet by construction, so no other gap can occur.

Benodigd 0: no open risk needs covering (there are none, or none that occurs at that
certainty). The ratio is then undefined (None; the pages show "n.v.t.") and the class
is the best one: any capacity, 0 included, covers a need of 0.

The class is taken on the exact ratio; with ``decimals`` on the ratio rounded half up
to that many decimals, as the report shows it, so a ratio shown as 1,4 is never C.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .simulation import NOT_A_NUMBER, InvalidInput, Problem, Simulation, number

# Validation codes.
NEGATIVE_CAPACITY = "NEGATIVE_CAPACITY"
NEGATIVE_REQUIRED = "NEGATIVE_REQUIRED"
NO_BOUNDS = "NO_BOUNDS"
MALFORMED_BOUND = "MALFORMED_BOUND"
EMPTY_CLASS_NAME = "EMPTY_CLASS_NAME"
DUPLICATE_CLASS = "DUPLICATE_CLASS"
BOUND_NEGATIVE = "BOUND_NEGATIVE"
BOUNDS_NOT_DESCENDING = "BOUNDS_NOT_DESCENDING"
GAP_BELOW_LOWEST = "GAP_BELOW_LOWEST"
NEGATIVE_RATIO = "NEGATIVE_RATIO"
DECIMALS_OUT_OF_RANGE = "DECIMALS_OUT_OF_RANGE"
MAX_DECIMALS = 6


@dataclass(frozen=True)
class Bound:
    class_name: str
    lower: float
    inclusive: bool = True  # True: ratio ≥ lower is in the class; False: ratio > lower
    label: str = ""  # as the organisation writes it ("ruim voldoende")


DEFAULT_BOUNDS = (
    Bound("A", 2.0, True, "uitstekend"),
    Bound("B", 1.4, True, "ruim voldoende"),
    Bound("C", 1.0, True, "voldoende"),
    Bound("D", 0.8, True, "matig"),
    Bound("E", 0.6, True, "onvoldoende"),
    Bound("F", 0.0, True, "ruim onvoldoende"),
)


@dataclass(frozen=True)
class ClassRange:
    """A class as the table of classes shows it: lower ≤ (or <) ratio < (or ≤) upper."""

    class_name: str
    label: str
    lower: float
    lower_inclusive: bool
    upper: float | None  # None: no upper bound (the best class)
    upper_inclusive: bool

    def contains(self, ratio: float) -> bool:
        above = ratio >= self.lower if self.lower_inclusive else ratio > self.lower
        if self.upper is None:
            return above
        return above and (ratio <= self.upper if self.upper_inclusive else ratio < self.upper)


@dataclass(frozen=True)
class Resistance:
    available: float  # beschikbare weerstandscapaciteit (€)
    required: float  # benodigde weerstandscapaciteit (€)
    ratio: float | None  # available / required (rounded when asked); None when required is 0
    class_name: str
    label: str
    range: ClassRange


def bound_problems(bounds: Sequence[Bound]) -> list[Problem]:
    """Every problem of a table of bounds (field: the Bound's, index: its position)."""
    if not bounds:
        return [Problem("bounds", NO_BOUNDS)]
    found, names, previous = [], set(), None
    for index, bound in enumerate(bounds):
        lower = number(bound.lower)
        name = bound.class_name.strip() if isinstance(bound.class_name, str) else ""
        if not name:
            found.append(Problem("class_name", EMPTY_CLASS_NAME, index=index))
        elif name in names:
            found.append(Problem("class_name", DUPLICATE_CLASS, index=index))
        names.add(name)
        if not isinstance(bound.inclusive, bool):
            found.append(Problem("inclusive", MALFORMED_BOUND, index=index))
        if lower is None:
            found.append(Problem("lower", NOT_A_NUMBER, index=index))
            continue
        if lower < 0:
            found.append(Problem("lower", BOUND_NEGATIVE, index=index))
        if previous is not None and not lower < previous:
            found.append(Problem("lower", BOUNDS_NOT_DESCENDING, index=index))
        previous = lower
    last = bounds[-1]
    if number(last.lower) != 0 or last.inclusive is not True:
        found.append(Problem("lower", GAP_BELOW_LOWEST, index=len(bounds) - 1))
    return found


def validated(bounds: Sequence[Bound]) -> tuple[Bound, ...]:
    problems = bound_problems(bounds)
    if problems:
        raise InvalidInput(problems)
    return tuple(bounds)


def bounds_from_data(rows: Sequence[Mapping]) -> tuple[Bound, ...]:
    """The table as kept in JSON ({"class", "label", "lower", "inclusive"} per class,
    best first), checked; a row of another shape is MALFORMED_BOUND."""
    bounds, malformed = [], []
    for index, row in enumerate(rows if isinstance(rows, list | tuple) else [None]):
        keys_ok = isinstance(row, Mapping) and {"class", "lower"} <= set(row)
        if not keys_ok or not isinstance(row.get("inclusive", True), bool):
            malformed.append(Problem("bounds", MALFORMED_BOUND, index=index))
            continue
        label = row.get("label", "")
        bounds.append(
            Bound(row["class"], row["lower"], row.get("inclusive", True), str(label or ""))
        )
    if malformed:
        raise InvalidInput(malformed)
    return validated(bounds)


def ranges(bounds: Sequence[Bound] = DEFAULT_BOUNDS) -> tuple[ClassRange, ...]:
    """Each class with both its bounds, best first, for the table beside the figure."""
    bounds = validated(bounds)
    found = []
    for index, bound in enumerate(bounds):
        above = bounds[index - 1] if index else None
        found.append(
            ClassRange(
                class_name=bound.class_name,
                label=bound.label,
                lower=float(bound.lower),
                lower_inclusive=bound.inclusive,
                upper=None if above is None else float(above.lower),
                upper_inclusive=above is not None and not above.inclusive,
            )
        )
    return tuple(found)


def classify(ratio: float, bounds: Sequence[Bound] = DEFAULT_BOUNDS) -> ClassRange:
    """The class of a ratio ≥ 0: the first, from the best, whose lower bound it passes."""
    value = number(ratio)
    if value is None or value < 0:
        raise InvalidInput([Problem("ratio", NOT_A_NUMBER if value is None else NEGATIVE_RATIO)])
    for row in ranges(bounds):
        if value >= row.lower if row.lower_inclusive else value > row.lower:
            return row
    raise AssertionError("a valid table has a class for every ratio ≥ 0")  # pragma: no cover


def resistance(
    available: float,
    required: float,
    bounds: Sequence[Bound] = DEFAULT_BOUNDS,
    *,
    decimals: int | None = None,
) -> Resistance:
    """Ratio and class of a beschikbare against a benodigde weerstandscapaciteit."""
    problems = []
    for field, value, code in (
        ("available", available, NEGATIVE_CAPACITY),
        ("required", required, NEGATIVE_REQUIRED),
    ):
        if number(value) is None:
            problems.append(Problem(field, NOT_A_NUMBER))
        elif number(value) < 0:
            problems.append(Problem(field, code))
    whole = isinstance(decimals, int) and not isinstance(decimals, bool)
    if decimals is not None and not (whole and 0 <= decimals <= MAX_DECIMALS):
        problems.append(Problem("decimals", DECIMALS_OUT_OF_RANGE))
    problems += bound_problems(bounds)
    if problems:
        raise InvalidInput(problems)
    if number(required) == 0:
        ratio, row = None, ranges(bounds)[0]
    else:
        exact = _decimal(available) / _decimal(required)
        if decimals is not None:
            exact = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        ratio = float(exact)
        row = classify(ratio, bounds)
    return Resistance(float(available), float(required), ratio, row.class_name, row.label, row)


def at_certainties(
    available: float,
    simulation: Simulation,
    bounds: Sequence[Bound] = DEFAULT_BOUNDS,
    *,
    decimals: int | None = None,
) -> dict[float, Resistance]:
    """The ratio and class at each certainty the simulation gives (70/80/90/95 %)."""
    return {
        requirement.certainty: resistance(available, requirement.amount, bounds, decimals=decimals)
        for requirement in simulation.required
    }


def _decimal(value) -> Decimal:
    """The amount as written: a Decimal as it is, a float by its shortest repr."""
    return value if isinstance(value, Decimal) else Decimal(repr(float(value)))
