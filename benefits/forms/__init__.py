"""Forms of the baten, a module per part; the profiles' and maps' are re-exported here."""

from .maps import (
    LinkForm,
    MapForm,
    NodeForm,
)
from .profiles import (
    BenefitForm,
    ContributionForm,
    MeasurementForm,
    PlanForm,
    plan_text,
)

__all__ = [
    "BenefitForm",
    "ContributionForm",
    "LinkForm",
    "MapForm",
    "MeasurementForm",
    "NodeForm",
    "PlanForm",
    "plan_text",
]
