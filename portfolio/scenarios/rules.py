"""Pure rules of scenarios: when one may be adopted, how scenarios compare."""

import hashlib
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The inputs of a solve, in the order a user reads what changed.
INPUT_LABELS = {
    "scores": gettext_lazy("scores"),
    "weights": gettext_lazy("gewichten"),
    "costs": gettext_lazy("kosten"),
    "capacity": gettext_lazy("capaciteit"),
    "budgets": gettext_lazy("budgetten"),
    "rules": gettext_lazy("regels"),
    "candidates": gettext_lazy("kandidaten"),
}

# Rules about two projects; the others ("moet erin", "valt af") name one.
PAIR_KINDS = ("requires", "excludes")


def budget_errors(raw: Mapping[str, Any]) -> tuple[dict[str, str], str | None]:
    """{year: amount} as 4-digit years and non-negative decimals, sorted; or the reason
    it cannot be one. Empty amounts are years without a budget; one year at least."""
    budgets: dict[str, str] = {}
    for year, amount in raw.items():
        if amount in (None, ""):
            continue
        try:
            value = Decimal(str(amount))
        except InvalidOperation:
            return {}, _("Een budget is een bedrag in euro's.")
        if value < 0:
            return {}, _("Een budget is niet negatief.")
        budgets[str(int(year))] = str(value)
    if not budgets:
        return {}, _("Geef voor minstens één jaar een budget op.")
    return dict(sorted(budgets.items())), None


def rule_errors(*, kind: str, project: Any, other: Any) -> dict[str, str]:
    """What is wrong with a scenario rule (field → message); empty when it is right."""
    if kind in PAIR_KINDS and other is None:
        return {"other": _("Deze regel gaat over twee projecten.")}
    if kind in PAIR_KINDS and other == project:
        return {"other": _("Kies een ander project.")}
    return {}


def _digest(value: Any, length: int = 16) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:length]


def input_fingerprint(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """A short digest per input, stored with a result and compared on every read. Inputs
    given per project ({project id: value}) keep a digest per project, so that a project
    leaving the candidates counts as a changed candidate, not as changed scores."""
    return {
        key: {str(k): _digest(v, 8) for k, v in value.items()}
        if isinstance(value, Mapping)
        else _digest(value)
        for key, value in inputs.items()
    }


def changed_inputs(stored: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    """Labels of the inputs whose digest differs (per-project inputs: for the projects in
    both). A result stored without digests (solved before they were kept) cannot be
    vouched for: every input counts as changed."""
    changed = []
    for key, label in INPUT_LABELS.items():
        old, new = stored.get(key), current.get(key)
        if isinstance(old, Mapping) and isinstance(new, Mapping):
            differs = any(old[k] != new[k] for k in old.keys() & new.keys())
        else:
            differs = old != new
        if differs:
            changed.append(str(label))
    return changed


def adoptable(
    *, adopted: bool, result_is_current: bool, status: str | None, changed: Sequence[str] = ()
) -> bool:
    """The board adopts only a scenario not yet adopted whose stored result belongs to its
    current constraints and inputs and holds a valid selection."""
    return not adopted and result_is_current and not changed and status != "infeasible"


def comparison(
    rows: Sequence[Any], chosen: Sequence[set[int] | None]
) -> tuple[list[tuple[Any, list[bool | None]]], list[tuple[Any, list[bool | None]]]]:
    """Ranked rows chosen by at least one scenario, each with a mark per scenario (True in,
    False out, None: that scenario has no current result); and the rows where they differ.

    `rows` carry `.project.pk`; `chosen` holds each scenario's selected project ids.
    """
    table = [
        (row, [None if c is None else row.project.pk in c for c in chosen])
        for row in rows
        if any(c is not None and row.project.pk in c for c in chosen)
    ]
    differing = [(row, marks) for row, marks in table if len(set(marks)) > 1]
    return table, differing
