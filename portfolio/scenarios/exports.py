"""A framework's scenarios as Excel or CSV, as the list shows them: state, budget per year,
how many projects were chosen, their value and when the board adopted it."""

from decimal import Decimal, InvalidOperation

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.exports import ChoiceLabel, ExportColumn, export_response

from .models import Scenario

STATE = ChoiceLabel(Scenario, "state")


def state_label(scenario: Scenario) -> str:
    """The state as the list words it: a result for older inputs is out of date."""
    if scenario.result_is_current and scenario.changed:
        changed = _("gewijzigd: %(inputs)s") % {"inputs": ", ".join(map(str, scenario.changed))}
        return f"{_('verouderd')} ({changed})"
    if scenario.result_is_current:
        if scenario.result.get("status") == "infeasible":
            return _("onmogelijk")
        return STATE(scenario)
    if scenario.state == Scenario.State.DONE:
        return _("verouderd")
    return STATE(scenario)


def _budget(year: str):
    def amount(scenario: Scenario) -> Decimal | None:
        value = scenario.budgets.get(year)
        try:
            return None if value in (None, "") else Decimal(str(value))
        except InvalidOperation:
            return None

    return amount


def _solved(scenario: Scenario) -> bool:
    return scenario.state == Scenario.State.DONE and bool(scenario.result)


def scenario_columns(scenarios: list[Scenario]) -> list[ExportColumn]:
    years = sorted({year for scenario in scenarios for year in scenario.budgets})
    return [
        ExportColumn(_("Naam"), lambda s: s.name),
        ExportColumn(_("Toestand"), state_label),
        *(
            ExportColumn(_("Budget %(year)s (€)") % {"year": year}, _budget(year), kind="money")
            for year in years
        ),
        ExportColumn(
            _("Projecten"),
            lambda s: len(s.result.get("selected", [])) if _solved(s) else None,
            kind="integer",
        ),
        ExportColumn(
            _("Waarde"), lambda s: s.result.get("value") if _solved(s) else None, kind="number"
        ),
        ExportColumn(
            _("Vastgesteld op"),
            lambda s: timezone.localdate(s.adopted_at) if s.adopted_at else None,
            kind="date",
        ),
        ExportColumn(_("Vastgesteld door"), lambda s: str(s.adopted_by) if s.adopted_by else ""),
    ]


def scenario_export(framework, scenarios: list[Scenario], *, fmt: str) -> HttpResponse:
    return export_response(
        scenarios,
        scenario_columns(scenarios),
        fmt=fmt,
        title=_("Scenario's %(framework)s") % {"framework": framework},
    )
