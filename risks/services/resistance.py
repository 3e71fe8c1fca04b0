"""Writes of the weerstandsvermogen: the risk policy (scales, certainty, classes), the
beschikbare weerstandscapaciteit with its components, and the simulation of the open
risks (requested by a page, run by a Celery task, its state kept on the row).

A simulation takes each open threat with a financial effect: its residual probability
class gives the chance, its residual money class the range the amount is drawn from
(uniform), unless its owner gave min / most likely / max (triangular); see
risks/rules/simulation.py. The ratio is taken against the newest statement of the same
portfolio and org unit on the day it runs."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from pmo.actors import Actor
from pmo.queue import requested, send_on_commit
from portfolio.projects.models import OrgUnit, Portfolio

from ..models import Risk, RiskPolicy, Simulation
from ..rules import resistance as classes
from ..rules import scoring, simulation
from .capacity_statements import (  # noqa: F401 (the weerstandsvermogen's writes, in one place)
    Component,
    capacity_create,
    capacity_total,
    capacity_update,
    statement_for,
)
from .policy import engine_error, engine_messages, policy_save, require_writer  # noqa: F401
from .risks import policy_for, scale_of

SHOWN_CERTAINTIES = (0.7, 0.8, 0.9, 0.95)
TOP_CONTRIBUTORS = 10
HISTOGRAM_BINS = 30  # enough for the shape, few enough for labels a phone can show
RATIO_DECIMALS = 1  # the paragraph writes the ratio with one decimal, and classes by it


def scope(portfolio_id: int, org_unit: OrgUnit | None) -> QuerySet[Risk]:
    """The open threats a simulation takes: the portfolio's, or those of the projects of
    one org unit and the units below it."""
    risks = Risk.objects.filter(
        portfolio_id=portfolio_id, status=Risk.Status.OPEN, kind=Risk.Kind.THREAT
    )
    if org_unit is not None:
        risks = risks.filter(project__org_unit__path__startswith=org_unit.path)
    return risks


def risk_inputs(risks: QuerySet[Risk], policy: RiskPolicy) -> list[simulation.RiskInput]:
    """Each risk with a financial effect as the engine takes it (see the module docstring)."""
    scale = scale_of(policy)
    inputs = []
    rows = risks.order_by("pk").values_list(
        "pk", "residual_probability", "residual_money", "amount_low", "amount_likely", "amount_high"
    )
    for pk, probability, money, low, likely, high in rows:
        estimate = None not in (low, likely, high)
        if money is None and not estimate:
            continue  # no financial effect: nothing to cover
        chance = scoring.probability_of(probability, scale)
        if estimate:
            inputs.append(
                simulation.RiskInput(str(pk), chance, float(low), float(high), float(likely))
            )
        else:
            lower, upper = scoring.money_range(money, scale)
            inputs.append(simulation.RiskInput(str(pk), chance, lower, upper))
    return inputs


@transaction.atomic
def simulation_request(
    *,
    actor: Actor,
    portfolio: Portfolio,
    org_unit: OrgUnit | None = None,
    iterations: int = simulation.DEFAULT_ITERATIONS,
    seed: int | None = None,
) -> Simulation:
    """Ask for a simulation at the policy's certainty; the task runs it after commit. A
    seed given makes it repeat an earlier run exactly; none draws a new one."""
    require_writer(actor)
    policy = policy_for(portfolio)
    errors = {}
    if not 1 <= iterations <= simulation.MAX_ITERATIONS:
        errors["iterations"] = [engine_messages()[simulation.ITERATIONS_OUT_OF_RANGE]]
    if seed is not None and not 0 <= seed < 2**63:
        errors["seed"] = [_("Een seed is een geheel getal vanaf 0.")]
    if errors:
        raise ValidationError(errors)
    run = Simulation.objects.create(
        portfolio=portfolio,
        org_unit=org_unit,
        seed=secrets.randbits(63) if seed is None else seed,
        iterations=iterations,
        certainty=policy.certainty,
        requested_by=actor.saved_user,
        **requested(),
    )
    send_on_commit(run)
    return run


def simulation_run(*, simulation_id: int) -> Simulation:
    """Run a requested simulation. Idempotent: a finished run is left as it is, and a
    rerun of one that failed or was cut off gives the same figures (same seed)."""
    run = Simulation.objects.select_related("portfolio", "org_unit").get(pk=simulation_id)
    if run.state == Simulation.State.DONE:
        return run
    Simulation.objects.filter(pk=run.pk).update(state=Simulation.State.RUNNING, error="")
    try:
        with override("nl"):
            fields = _figures(run)
    except simulation.InvalidInput as error:
        # Bad data does not get better by retrying: fail visibly, don't raise.
        message = "; ".join(sum(engine_error(error).message_dict.values(), []))
        Simulation.objects.filter(pk=run.pk).update(
            state=Simulation.State.FAILED, error=message[:2000], finished_at=timezone.now()
        )
    except Exception as error:
        Simulation.objects.filter(pk=run.pk).update(
            state=Simulation.State.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    else:
        Simulation.objects.filter(pk=run.pk).update(
            state=Simulation.State.DONE, finished_at=timezone.now(), **fields
        )
    run.refresh_from_db()
    return run


def _figures(run: Simulation) -> dict[str, Any]:
    policy = policy_for(run.portfolio)
    bounds = classes.bounds_from_data(policy.class_bounds)
    risks = scope(run.portfolio_id, run.org_unit)
    inputs = risk_inputs(risks, policy)
    certainty = float(run.certainty) / 100
    result = simulation.simulate(
        inputs,
        seed=run.seed,
        iterations=run.iterations,
        certainty=certainty,
        certainties=SHOWN_CERTAINTIES,
        bins=HISTOGRAM_BINS,
    )
    statement = statement_for(run.portfolio_id, run.org_unit_id, timezone.localdate())
    available = capacity_total(statement)
    required = []
    for requirement in result.required:
        row = {"certainty": requirement.certainty, "amount": round(requirement.amount, 2)}
        if available is not None:
            position = classes.resistance(
                available, Decimal(repr(row["amount"])), bounds, decimals=RATIO_DECIMALS
            )
            row.update(ratio=position.ratio, rating=position.class_name, label=position.label)
        required.append(row)
    chosen = next(row for row in required if row["certainty"] == certainty)
    names = {
        pk: (title, code) for pk, title, code in risks.values_list("pk", "title", "project__code")
    }
    top = [
        {
            "risk": int(c.key),
            "title": names.get(int(c.key), ("", None))[0],
            "project": names.get(int(c.key), ("", None))[1],
            "expected": round(c.expected, 2),
            "tail_mean": round(c.tail_mean, 2),
            "tail_share": round(c.tail_share, 4),
        }
        for c in result.top(TOP_CONTRIBUTORS)
        if c.tail_mean > 0
    ]
    return {
        "risk_count": len(inputs),
        "required": Decimal(repr(chosen["amount"])),
        "available": available,
        "statement": statement,
        "ratio": None if chosen.get("ratio") is None else Decimal(repr(chosen["ratio"])),
        "rating": chosen.get("rating", ""),
        "results": {
            "required": required,
            "mean": round(result.mean, 2),
            "expected_mean": round(result.expected_mean, 2),
            "std": round(result.std, 2),
            "minimum": round(result.minimum, 2),
            "maximum": round(result.maximum, 2),
            "tail_mean": round(result.tail_mean, 2),
            "tail_iterations": result.tail_iterations,
            "histogram": {
                "edges": [round(e, 2) for e in result.histogram.edges],
                "counts": list(result.histogram.counts),
            },
            "top": top,
            "classes": policy.class_bounds,
        },
    }
