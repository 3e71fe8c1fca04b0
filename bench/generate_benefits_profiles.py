"""One generated benefit: its profile, plan, measurements, attribution and the derived
progress on the profile (bench/generate_benefits.py inserts them in bulk).

What a benefit gets (drawn from one random stream, seeded with seed + 12,000):

- a profile made from one of the templates below (name + a place, so names vary and
  sorting by name is real work): 90 % baat, 10 % negatieve baat; the category,
  indicator, unit, direction and data source of the template; baseline and target
  scaled per benefit; 40 % an ESG theme; 75 % of those with an owner vastgesteld;
- a primary project, drawn uniformly from the bench portfolio; the benefit's programme is
  that project's (about 60 % have one). 70 % are attributed to that project alone (100 %),
  20 % to two (60/40), 10 % to three (50/30/20), the others from the same programme, or
  without one, the same department;
- an owner (bateneigenaar): 45 % the project's projectleider, 35 % its sponsor (a board
  member), 15 % another projectleider, 5 % nobody;
- frequency: 35 % monthly, 50 % quarterly, 15 % half-yearly; status: 10 % verwacht,
  55 % in meting, 15 % deels gerealiseerd, 10 % gerealiseerd, 5 % niet gerealiseerd,
  5 % vervallen;
- `measurements` measurements (default 10), one per period ending at the newest: for
  85 % the newest lies within the last period before today (measured on time), for 15 %
  one to seven months before that (so "niemand meet" once due). The baseline lies one
  period before the first measurement; the target date 3 to 36 months after today;
- 0-3 plan points between baseline and target (a slow start: fraction^1.0-1.6), and
  measured values that follow the plan at a per-benefit pace (75 %: 0.95-1.15 of plan,
  25 %: 0.4-0.8, so behind) with a little noise.

The derived progress the services keep on each profile (last value and date,
realisation, expected, track, due date, the € amounts) is computed with the services'
own `benefits.services.derived_progress`, from the benefit's newest generated
measurement and its generated plan, exactly as `progress_refresh` would store it.

Changing a template, a share or the order of the draws changes the data a seed gives,
and with it the figures in docs/PERFORMANCE.md.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from bench.generate_names import PLACES

EXTERNAL_PREFIX = "BENCH-BT-"
CENT = Decimal("0.01")

# name, category, indicator, unit, direction, baseline, change (fraction of baseline, or
# the target when the baseline is 0), data source
FIN, NON_CASH, NON_FIN = (
    "financieel-incasseerbaar",
    "financieel-niet-incasseerbaar",
    "niet-financieel",
)
TEMPLATES = [
    ("Kortere doorlooptijd omgevingsvergunning", NON_FIN, "gemiddelde doorlooptijd", "dagen",
     "lager", 56, 0.35, "Zaaksysteem"),
    ("Minder CO₂-uitstoot gemeentelijk vastgoed", NON_FIN, "CO₂-uitstoot", "ton per jaar",
     "lager", 4200, 0.3, "Energiemonitor"),
    ("Lagere energiekosten gemeentelijke gebouwen", FIN, "energiekosten", "€ per jaar",
     "lager", 1_850_000, 0.2, "Financiële administratie"),
    ("Meer woningen van het aardgas af", NON_FIN, "woningen aardgasvrij", "woningen",
     "hoger", 350, 4.0, "Wijkuitvoeringsplannen"),
    ("Meer aanvragen digitaal afgehandeld", NON_FIN, "aandeel digitaal", "%",
     "hoger", 42, 0.9, "KCC-rapportage"),
    ("Besparing op baliecapaciteit", NON_CASH, "waarde van de baliecapaciteit", "€ per jaar",
     "lager", 520_000, 0.35, "Urenregistratie"),
    ("Hogere klanttevredenheid dienstverlening", NON_FIN, "klanttevredenheid",
     "rapportcijfer", "hoger", Decimal("6.8"), 0.12, "Klantonderzoek"),
    ("Minder jongeren in de jeugdzorg met verblijf", NON_FIN, "jongeren met verblijf",
     "jongeren", "lager", 140, 0.3, "Jeugdmonitor"),
    ("Meer inwoners actief in hun wijk", NON_FIN, "actieve inwoners", "% van de inwoners",
     "hoger", 18, 0.45, "Wijkenquête"),
    ("Minder verkeersongevallen met letsel", NON_FIN, "ongevallen met letsel",
     "ongevallen per jaar", "lager", 112, 0.3, "Politie en VIA"),
    ("Meer fietsverplaatsingen naar het centrum", NON_FIN, "fietsverplaatsingen",
     "per werkdag", "hoger", 9400, 0.33, "Fietstellingen"),
    ("Lagere onderhoudskosten openbare ruimte", FIN, "onderhoudskosten", "€ per jaar",
     "lager", 760_000, 0.15, "Beheersysteem"),
    ("Hogere opbrengst parkeerbelasting", FIN, "opbrengst", "€ per jaar",
     "hoger", 0, 300_000, "Financiële administratie"),
    ("Minder klachten over afvalinzameling", NON_FIN, "klachten", "per maand",
     "lager", 240, 0.4, "Meldingensysteem"),
    ("Minder ziekteverzuim medewerkers", NON_CASH, "verzuimkosten", "€ per jaar",
     "lager", 1_200_000, 0.15, "HR-systeem"),
    ("Hogere beheerlasten nieuwe wijken", FIN, "beheerlasten", "€ per jaar",
     "hoger", 0, 240_000, "Begroting"),  # the dis-benefit template, see below
]  # fmt: skip
DISBENEFIT_TEMPLATE = len(TEMPLATES) - 1
ESG = [
    "people-burgerparticipatie", "people-gezondheid", "people-inclusie", "people-veiligheid",
    "planet-klimaat-energie", "planet-circulair", "planet-biodiversiteit",
    "planet-mobiliteit", "profit-duurzaam-inkopen", "profit-lokale-economie",
    "profit-dienstverlening",
]  # fmt: skip
STATUSES = {
    "verwacht": 10,
    "in-meting": 55,
    "deels-gerealiseerd": 15,
    "gerealiseerd": 10,
    "niet-gerealiseerd": 5,
    "vervallen": 5,
}
FREQUENCIES = {1: 35, 3: 50, 6: 15}
SHARES = (
    [(Decimal(100),)] * 7
    + [(Decimal(60), Decimal(40))] * 2
    + [(Decimal(50), Decimal(30), Decimal(20))]
)


@dataclass(frozen=True)
class Pool:
    """What the benefits are drawn from: the bench portfolio and its people."""

    portfolio_id: int
    projects: list[tuple]  # (pk, programme_id, org_unit_id, manager_id, sponsor_id)
    by_programme: dict[int, list[int]]
    by_unit: dict[int, list[int]]
    leaders: list[int]
    analyst_id: int
    today: dt.date
    now: dt.datetime
    width: int  # digits of the external ids


@dataclass
class Drawn:
    """One benefit before its insert: the profile with its derived progress, its plan
    points, its measurements (day, value), its attribution (project, share) and the
    template it was made from."""

    benefit: object
    planned: list
    values: list[tuple[dt.date, Decimal]]
    shares: list[tuple[int, Decimal]]
    template: int


def make_pool(portfolio, *, benefits: int) -> Pool:
    """The projects, programmes, departments and people of the bench portfolio."""
    from django.utils import timezone

    from pmo.models import User
    from portfolio.projects.models import Project

    projects = list(
        Project.objects.filter(portfolio=portfolio)
        .order_by("pk")
        .values_list("pk", "programme_id", "org_unit_id", "manager_id", "sponsor_id")
    )
    if not projects:
        raise SystemExit("The bench portfolio has no projects.")
    leaders = list(
        User.objects.filter(username__startswith="bench.pl.").order_by("pk").values_list("pk")
    )
    by_programme: dict[int, list[int]] = {}
    by_unit: dict[int, list[int]] = {}
    for pk, programme_id, unit_id, _manager, _sponsor in projects:
        if programme_id is not None:
            by_programme.setdefault(programme_id, []).append(pk)
        by_unit.setdefault(unit_id, []).append(pk)
    return Pool(
        portfolio_id=portfolio.pk,
        projects=projects,
        by_programme=by_programme,
        by_unit=by_unit,
        leaders=[pk for (pk,) in leaders],
        analyst_id=User.objects.get(username="bench.analist").pk,
        today=timezone.localdate(),
        now=timezone.now(),
        width=max(6, len(str(benefits))),
    )


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def _scaled(rng: random.Random, value) -> Decimal:
    return (Decimal(value) * Decimal(str(round(rng.uniform(0.5, 2.0), 2)))).quantize(CENT)


def _plan_and_values(rng, baseline_date, target_date, b: Decimal, t: Decimal):
    """Plan points strictly between baseline and target, with a slow start."""
    from benefits.rules.realisation import Point

    span = (target_date - baseline_date).days
    points = []
    count = rng.choice([0, 1, 2, 2, 3])
    curve = rng.choice([1.0, 1.2, 1.4, 1.6])
    for k in range(1, count + 1):
        fraction = k / (count + 1)
        day = baseline_date + dt.timedelta(days=round(span * fraction))
        value = b + (t - b) * Decimal(str(round(fraction**curve, 4)))
        points.append(Point(day, value.quantize(CENT)))
    return points


def draw_benefit(rng: random.Random, pool: Pool, number: int, measurements: int) -> Drawn:
    """Benefit `number` (1-based) of the run; the draws' order makes the data, keep it."""
    from benefits.models import Benefit, Measurement
    from benefits.rules.realisation import Point, add_months, plan_value
    from benefits.services import derived_progress

    today = pool.today
    project, programme_id, unit_id, manager_id, sponsor_id = rng.choice(pool.projects)
    negative = rng.random() < 0.1
    index = DISBENEFIT_TEMPLATE if negative else rng.randrange(DISBENEFIT_TEMPLATE)
    name, category, measure, unit, direction, base, change, source = TEMPLATES[index]
    b = _scaled(rng, base) if base else Decimal(0)
    delta = _scaled(rng, change) if not base else (b * Decimal(str(change)))
    t = (b + delta if direction == "hoger" else b - delta).quantize(CENT)
    if t == b:
        t = b + Decimal(1) if direction == "hoger" else b - CENT
    roll = rng.random()
    if roll < 0.45 and manager_id is not None:
        owner_id = manager_id
    elif roll < 0.8:
        owner_id = sponsor_id
    elif roll < 0.95:
        owner_id = rng.choice(pool.leaders)
    else:
        owner_id = None
    frequency = _weighted(rng, FREQUENCIES)
    status = _weighted(rng, STATUSES)
    on_time = rng.random() >= 0.15
    if on_time:
        period_start = add_months(today, -frequency)
        last_day = today - dt.timedelta(days=rng.randrange((today - period_start).days))
    else:
        last_day = add_months(today, -frequency) - dt.timedelta(days=rng.randint(30, 210))
    days = [add_months(last_day, -frequency * k) for k in range(measurements)][::-1]
    baseline_date = add_months(days[0], -frequency)
    target_date = today + dt.timedelta(days=rng.randint(90, 1100))
    planned = _plan_and_values(rng, baseline_date, target_date, b, t)
    line = [Point(baseline_date, b), *planned, Point(target_date, t)]
    pace = rng.uniform(0.95, 1.15) if rng.random() < 0.75 else rng.uniform(0.4, 0.8)
    values = []
    for day in days:
        expected = plan_value(day, line)
        noise = Decimal(str(round(rng.gauss(0, 0.02), 4)))
        value = b + (expected - b) * Decimal(str(round(pace, 4))) + (t - b) * noise
        values.append((day, value.quantize(CENT)))
    approved = owner_id is not None and rng.random() < 0.75
    esg = rng.choice(ESG) if rng.random() < 0.4 else ""
    place = rng.choice(PLACES)
    benefit = Benefit(
        kind="negatieve-baat" if negative else "baat",
        name=f"{name} {place}",
        description=f"{name} in {place}: synthetische benchmarkbaat.",
        category=category,
        portfolio_id=pool.portfolio_id,
        programme_id=programme_id,
        owner_id=owner_id,
        measure=measure,
        unit=unit,
        direction=direction,
        data_source=source,
        frequency=frequency,
        baseline_value=b,
        baseline_date=baseline_date,
        target_value=t,
        target_date=target_date,
        status=status,
        esg_theme=esg,
        approved_at=pool.now if approved else None,
        approved_by_id=pool.analyst_id if approved else None,
        external_id=f"{EXTERNAL_PREFIX}{number:0{pool.width}d}" if rng.random() < 0.3 else None,
        version=1,
    )
    last = Measurement(measured_on=values[-1][0], value=values[-1][1])
    for field, value in derived_progress(benefit, last, planned, today).items():
        setattr(benefit, field, value)
    others = pool.by_programme.get(programme_id) if programme_id else pool.by_unit[unit_id]
    split = rng.choice(SHARES)
    chosen = [project]
    candidates = [pk for pk in (others or []) if pk != project]
    if candidates and len(split) > 1:
        chosen += rng.sample(candidates, min(len(split) - 1, len(candidates)))
    split = split if len(chosen) == len(split) else (Decimal(100),)
    shares = list(zip(chosen[: len(split)], split, strict=True))
    return Drawn(benefit, planned, values, shares, index)
