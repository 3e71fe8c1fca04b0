"""Validation rules of a status report, as plain data: field name -> messages.

Kept free of models so forms, services and the API apply exactly the same rules.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from .rag import AMBER, RED, Proposal

EXPLANATION_PARTS = ("cause", "effect", "measure")
EXCEPTION_FIELDS = (
    "exception_cause",
    "exception_consequences",
    "exception_options",
    "exception_recommendation",
)


def explanation_field(dimension: str, part: str) -> str:
    return f"explain_{dimension}_{part}"


def report_errors(
    values: Mapping[str, Any],
    *,
    dimensions: list[str],
    proposals: Mapping[str, Proposal],
    today: date,
    submitting: bool,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    progress = values.get("progress_pct")
    if progress is not None and not 0 <= progress <= 100:
        add("progress_pct", _("Voortgang ligt tussen 0 en 100 procent."))
    for field in ("forecast_cost", "actual_cost"):
        if values.get(field) is not None and values[field] < 0:
            add(field, _("Een bedrag kan niet negatief zijn."))
    actual_date = values.get("actual_cost_date")
    if actual_date is not None and actual_date > today:
        add("actual_cost_date", _("De peildatum van de werkelijke kosten ligt in de toekomst."))
    if values.get("actual_cost") is not None and actual_date is None:
        add("actual_cost_date", _("Geef aan op welke datum de werkelijke kosten gelden."))

    # Amber or red needs cause, effect and measure: the board must see why and what now.
    for dimension in dimensions:
        if values.get(f"rag_{dimension}") in (AMBER, RED):
            for part in EXPLANATION_PARTS:
                if not (values.get(explanation_field(dimension, part)) or "").strip():
                    add(explanation_field(dimension, part), _("Verplicht bij oranje of rood."))

    # Choosing another colour than the system proposed needs a reason; both are kept.
    for dimension, proposal in proposals.items():
        chosen = values.get(f"rag_{dimension}")
        overridden = bool(proposal.rag and chosen and chosen != proposal.rag)
        if overridden and not (values.get(f"override_reason_{dimension}") or "").strip():
            add(
                f"override_reason_{dimension}",
                _("Het systeem stelt %(proposed)s voor; licht toe waarom u %(chosen)s kiest.")
                % {"proposed": proposal.rag, "chosen": chosen},
            )

    beyond = any(proposal.beyond_tolerance for proposal in proposals.values())
    if beyond and submitting:
        for field in EXCEPTION_FIELDS:
            if not (values.get(field) or "").strip():
                add(field, _("Verplicht: de prognose ligt buiten de tolerantie (exception)."))
    return errors
