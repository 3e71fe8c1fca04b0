"""The baten domain's data: profiles and measurements, maps, OKR's, reviews, lessons and
the value canvas."""

from .maps import BenefitMap, MapLink, MapNode
from .okrs import KeyResult, Okr
from .profiles import (
    ACTIVE_STATUSES,
    AMOUNT,
    Benefit,
    BenefitChildQuerySet,
    Contribution,
    Measurement,
    PlannedValue,
)
from .reviews import CANVAS_FIELDS, Lesson, Review, ValueCanvas

__all__ = [
    "ACTIVE_STATUSES",
    "AMOUNT",
    "CANVAS_FIELDS",
    "Benefit",
    "BenefitChildQuerySet",
    "BenefitMap",
    "Contribution",
    "KeyResult",
    "Lesson",
    "MapLink",
    "MapNode",
    "Measurement",
    "Okr",
    "PlannedValue",
    "Review",
    "ValueCanvas",
]
