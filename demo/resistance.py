"""Lindenhoven's weerstandsvermogen: a year of register history (some risks closed along
the way), the beschikbare weerstandscapaciteit as its begroting states it, and one run
of the simulation, so the page opens with figures. With the demo register this lands in
class C (voldoende), as a test checks."""

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from pmo.actors import Actor
from pmo.models import User
from portfolio.projects.models import Portfolio
from risks.models import CapacityStatement, Risk, Simulation
from risks.services import resistance, risk_update

# The begroting's components (€): what Lindenhoven can draw on to absorb setbacks.
COMPONENTS = [
    ("Algemene reserve (vrij besteedbaar deel)", "incidenteel", Decimal("4200000")),
    ("Reserve grondexploitatie", "incidenteel", Decimal("1300000")),
    ("Post onvoorzien", "structureel", Decimal("250000")),
    ("Onbenutte belastingcapaciteit OZB", "structureel", Decimal("750000")),
]
SEED = 20261101  # the run's seed, so every demo shows the same figures
CLOSED_SHARE = 0.2  # of the demo's threats, closed over the past year


def seed_resistance(*, today: dt.date, analyst: User) -> dict[str, int]:
    """Idempotent: the history, the statement and the run are made once."""
    actor = Actor.seed(analyst)
    made = {"closed_risks": _history(actor, today)}
    portfolio = Portfolio.objects.order_by("pk").first()
    if not CapacityStatement.objects.filter(portfolio=portfolio, org_unit=None).exists():
        resistance.capacity_create(
            actor=actor,
            portfolio=portfolio,
            as_of=dt.date(today.year, 1, 1),
            notes="Volgens de begroting; de reserve grondexploitatie na aftrek van de "
            "verwachte verliezen.",
            components=[resistance.Component(*row) for row in COMPONENTS],
        )
        made["capacity_statements"] = 1
    if not Simulation.objects.filter(portfolio=portfolio, state=Simulation.State.DONE).exists():
        run = resistance.simulation_request(actor=actor, portfolio=portfolio, seed=SEED)
        resistance.simulation_run(simulation_id=run.pk)  # the task finds it done
        # Dated on the demo's day, like its other history, so the dashboards of the
        # periods since (built from what was known then) show its class.
        ran = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 30)))
        Simulation.objects.filter(pk=run.pk).update(finished_at=ran)
        made["simulations"] = 1
    return made


def _history(actor: Actor, today: dt.date) -> int:
    """Close a fifth of the threats at a date in the past year, so the register's trend
    per month moves as a real one does."""
    if Risk.objects.filter(status=Risk.Status.CLOSED, external_id__startswith="RISK-").exists():
        return 0
    rng = random.Random("risk-history")
    threats = list(
        Risk.objects.filter(kind=Risk.Kind.THREAT, external_id__startswith="RISK-").order_by("pk")
    )
    closed = 0
    for risk in rng.sample(threats, int(len(threats) * CLOSED_SHARE)):
        risk_update(
            actor=actor,
            risk=risk,
            expected_version=risk.version,
            confirm_open_actions=True,
            status=Risk.Status.CLOSED,
        )
        # The demo's year of history: it was closed some weeks after it was raised.
        days = max(1, (today - risk.raised_on).days)
        Risk.objects.filter(pk=risk.pk).update(
            closed_on=risk.raised_on + dt.timedelta(days=rng.randint(1, days))
        )
        closed += 1
    return closed
