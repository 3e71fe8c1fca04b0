"""Filtering and sorting of the baten's registers (pages, exports and the API share
them), a module per part; the profiles' and maps' are re-exported here."""

from .maps import (
    MapFilter,
)
from .profiles import (
    MEASURED,
    BenefitFilter,
)

__all__ = [
    "BenefitFilter",
    "MEASURED",
    "MapFilter",
]
