"""Validation rules of a status report, as plain data: field name -> messages.

Kept free of models so forms, services and the API apply exactly the same rules.

Three kinds of rule. The impossible is refused always, a draft included: progress outside
0–100 %, negative amounts, a cost date in the future, a forecast end before the period
reported on, a forecast of total cost below what has been spent. What a submission needs
is asked at submit only, so a draft saves incomplete: every colour and the progress, the
explanations of amber and red, a reason for overriding the proposal, the exception
report beyond tolerance. The implausible asks a reason at submit (`plausibility_reason`):
progress falling by more than PROGRESS_DROP points, costs above COST_FACTOR times the
budget, a forecast end more than FAR_YEARS years ahead.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
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


PROGRESS_DROP = 10
COST_FACTOR = 3
FAR_YEARS = 10


@dataclass(frozen=True)
class ReportSetting:
    """What the rules compare a report with: its period, last period's progress and the
    budget baseline. Unknown parts (None) skip the rules that need them."""

    period: date | None = None
    previous_progress: int | None = None
    baseline_cost: Decimal | None = None


def explanation_field(dimension: str, part: str) -> str:
    return f"explain_{dimension}_{part}"


def implausible(values: Mapping[str, Any], setting: ReportSetting) -> list[str]:
    """What looks wrong but may be true; each needs a word of explanation."""
    found = []
    progress, previous = values.get("progress_pct"), setting.previous_progress
    if progress is not None and previous is not None and previous - progress > PROGRESS_DROP:
        found.append(
            _("De voortgang daalt van %(before)s %% naar %(now)s %%.")
            % {"before": previous, "now": progress}
        )
    budget = setting.baseline_cost
    if budget:
        for field, label in (
            ("actual_cost", _("werkelijke kosten")),
            ("forecast_cost", _("prognose")),
        ):
            amount = values.get(field)
            if amount is not None and amount > COST_FACTOR * budget:
                found.append(
                    _("De %(what)s is meer dan %(factor)s keer het budget.")
                    % {"what": label, "factor": COST_FACTOR}
                )
    end, period = values.get("forecast_end"), setting.period
    if end is not None and period is not None and end.year - period.year > FAR_YEARS:
        found.append(
            _("De prognose einddatum ligt meer dan %(years)s jaar vooruit.") % {"years": FAR_YEARS}
        )
    return found


def report_errors(
    values: Mapping[str, Any],
    *,
    dimensions: list[str],
    proposals: Mapping[str, Proposal],
    today: date,
    submitting: bool,
    setting: ReportSetting | None = None,
) -> dict[str, list[str]]:
    setting = setting or ReportSetting()
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    # The impossible: refused in a draft too.
    end = values.get("forecast_end")
    if end is not None and setting.period is not None and end < setting.period:
        add(
            "forecast_end",
            _("De prognose einddatum ligt vóór de periode waarover u rapporteert."),
        )
    spent, forecast = values.get("actual_cost"), values.get("forecast_cost")
    if spent is not None and forecast is not None and 0 <= forecast < spent:
        add(
            "forecast_cost",
            _("De prognose totale kosten is lager dan wat al is uitgegeven (werkelijke kosten)."),
        )

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

    if not submitting:
        return errors  # a draft may be incomplete; the rest is asked at submit

    for field in [f"rag_{d}" for d in dimensions] + ["rag_overall"]:
        if not values.get(field):
            add(field, _("Kies een kleur."))
    if values.get("progress_pct") is None:
        add("progress_pct", _("Vul de voortgang in."))

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

    if not (values.get("plausibility_reason") or "").strip():
        for message in implausible(values, setting):
            add("plausibility_reason", message + " " + _("Licht dit toe."))

    beyond = any(proposal.beyond_tolerance for proposal in proposals.values())
    if beyond:
        for field in EXCEPTION_FIELDS:
            if not (values.get(field) or "").strip():
                add(field, _("Verplicht: de prognose ligt buiten de tolerantie (exception)."))
    return errors
