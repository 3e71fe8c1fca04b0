"""Lindenhoven's baten: a profile for each running project of a programme, a year of the
owners' measurements (most on track, some behind, a few nobody measures any more), and
realisation plans. Made through the services, so the progress is derived as in real use."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from benefits.models import Benefit
from benefits.rules.realisation import add_months
from benefits.services import (
    benefit_create,
    benefit_update,
    contribution_set,
    measurement_record,
    plan_set,
)
from pmo.actors import Actor
from pmo.models import User
from portfolio.assessment.models import Objective
from portfolio.projects.models import LifecycleStatus, Project

from .okrs import seed_okrs
from .reviews import seed_reviews

C = Benefit.Category
# programme code -> (name, category, measure, unit, direction, baseline, target, source,
#                    objective name, ESG theme, dis-benefit?)
PROFILES = {
    "PRG-ENERGIE": [
        ("Minder CO₂-uitstoot gemeentelijk vastgoed", C.NON_FINANCIAL, "CO₂-uitstoot",
         "ton per jaar", "lager", 4200, 2900, "Energiemonitor", "Energietransitie",
         Benefit.Esg.PLANET_CLIMATE, False),
        ("Lagere energiekosten gemeentelijke gebouwen", C.CASHABLE, "energiekosten",
         "€ per jaar", "lager", 1_850_000, 1_450_000, "Financiële administratie",
         "Lagere structurele lasten", Benefit.Esg.PLANET_CLIMATE, False),
        ("Meer woningen van het aardgas af", C.NON_FINANCIAL, "woningen aardgasvrij",
         "woningen", "hoger", 350, 2100, "Wijkuitvoeringsplannen", "Energietransitie",
         Benefit.Esg.PLANET_CLIMATE, False),
    ],
    "PRG-WONEN": [
        ("Kortere doorlooptijd omgevingsvergunning", C.NON_FINANCIAL, "gemiddelde doorlooptijd",
         "dagen", "lager", 56, 35, "Zaaksysteem", "Leefbare en veilige wijken",
         Benefit.Esg.PROFIT_SERVICE, False),
        ("Meer betaalbare huurwoningen opgeleverd", C.NON_FINANCIAL, "opgeleverde woningen",
         "woningen per jaar", "hoger", 180, 420, "Woningbouwmonitor",
         "Leefbare en veilige wijken", Benefit.Esg.PEOPLE_INCLUSION, False),
        ("Hogere beheerlasten openbare ruimte nieuwe wijken", C.CASHABLE, "beheerlasten",
         "€ per jaar", "hoger", 0, 240_000, "Begroting", "Financieel gezond",
         Benefit.Esg.PROFIT_SERVICE, True),
    ],
    "PRG-DIGITAAL": [
        ("Meer aanvragen digitaal afgehandeld", C.NON_FINANCIAL, "aandeel digitaal",
         "%", "hoger", 42, 80, "KCC-rapportage", "Dienstverlening en digitalisering",
         Benefit.Esg.PROFIT_SERVICE, False),
        ("Besparing op baliecapaciteit", C.NON_CASHABLE, "waarde van de baliecapaciteit",
         "€ per jaar", "lager", 520_000, 340_000, "Urenregistratie", "Lagere structurele lasten",
         Benefit.Esg.PROFIT_SERVICE, False),
        ("Hogere klanttevredenheid dienstverlening", C.NON_FINANCIAL, "klanttevredenheid",
         "rapportcijfer", "hoger", Decimal("6.8"), Decimal("7.6"), "Klantonderzoek",
         "Dienstverlening en digitalisering", Benefit.Esg.PEOPLE_PARTICIPATION, False),
    ],
    "PRG-WIJK": [
        ("Minder jongeren in de jeugdzorg met verblijf", C.NON_FINANCIAL, "jongeren met verblijf",
         "jongeren", "lager", 140, 95, "Jeugdmonitor", "Iedereen doet mee",
         Benefit.Esg.PEOPLE_HEALTH, False),
        ("Meer inwoners actief in hun wijk", C.NON_FINANCIAL, "actieve inwoners",
         "% van de inwoners", "hoger", 18, 26, "Wijkenquête", "Iedereen doet mee",
         Benefit.Esg.PEOPLE_PARTICIPATION, False),
    ],
    "PRG-MOBIEL": [
        ("Minder verkeersongevallen met letsel", C.NON_FINANCIAL, "ongevallen met letsel",
         "ongevallen per jaar", "lager", 112, 80, "Politie en VIA", "Leefbare en veilige wijken",
         Benefit.Esg.PEOPLE_SAFETY, False),
        ("Meer fietsverplaatsingen naar het centrum", C.NON_FINANCIAL, "fietsverplaatsingen",
         "per werkdag", "hoger", 9400, 12500, "Fietstellingen", "Duurzaam en klimaatbestendig",
         Benefit.Esg.PLANET_MOBILITY, False),
    ],
}  # fmt: skip
OWNERS = ["be.kok", "be.vos", "be.aydin"]
BASELINE = dt.date(2025, 11, 1)
TARGET = dt.date(2028, 12, 31)


def seed_benefits(*, today: dt.date, analyst: User) -> dict[str, int]:
    """Idempotent: a programme's profiles are made once, keyed by their external id."""
    rng = random.Random(2031)
    created = {"benefits": 0, "measurements": 0}
    owners = list(User.objects.filter(username__in=OWNERS).order_by("username"))
    objectives = {o.name: o for o in Objective.objects.all()}
    for code, profiles in PROFILES.items():
        projects = list(
            Project.objects.filter(programme__code=code, status=LifecycleStatus.ACTIVE)
            .select_related("portfolio", "programme")
            .order_by("code")
        )
        if not projects:
            continue
        for number, profile in enumerate(profiles, start=1):
            key = f"BAAT-{code.removeprefix('PRG-')}-{number}"
            if Benefit.objects.filter(external_id=key).exists():
                continue
            _profile(key, profile, projects, owners, objectives, analyst, today, rng)
            created["benefits"] += 1
            created["measurements"] += Benefit.objects.get(external_id=key).measurements.count()
    # After and before projects: reviews, lessons and a value canvas (demo/reviews.py).
    created.update(seed_reviews(today=today, analyst=analyst))
    # OKR's of this quarter and the next, on the baten above (demo/okrs.py).
    created.update(seed_okrs(today=today, analyst=analyst))
    return created


def _profile(key, profile, projects, owners, objectives, analyst, today, rng) -> None:
    (name, category, measure, unit, direction, baseline, target, source, objective, esg,
     negative) = profile  # fmt: skip
    owner = owners[rng.randrange(len(owners))]
    seed = Actor.seed(analyst)
    lead = projects[rng.randrange(len(projects))]
    share = Decimal(rng.choice([60, 70, 100]))
    benefit = benefit_create(
        actor=seed,
        project=lead,
        share=share,
        external_id=key,
        kind=Benefit.Kind.DISBENEFIT if negative else Benefit.Kind.BENEFIT,
        name=name,
        description=f"{name}: wat het programma {lead.programme.name} oplevert.",
        category=category,
        portfolio=lead.portfolio,
        programme=lead.programme,
        owner=owner,
        measure=measure,
        unit=unit,
        direction=direction,
        data_source=source,
        frequency=Benefit.Frequency.QUARTER,
        baseline_value=Decimal(baseline),
        baseline_date=BASELINE,
        target_value=Decimal(target),
        target_date=TARGET,
        status=Benefit.Status.TRACKING,
        esg_theme=esg,
        objectives=[objectives[objective]] if objective in objectives else [],
    )
    # The other running projects of the programme share the rest.
    others = [p for p in projects if p != lead][: 2 if share == 60 else 1]
    for other in others if share < 100 else []:
        rest = (Decimal(100) - share) / len(others)
        contribution_set(actor=seed, benefit=benefit, project=other, share=rest)
    benefit.refresh_from_db()
    # The plan: slow at first, as change usually is.
    step = Decimal(target) - Decimal(baseline)
    points = [
        (dt.date(2026, 12, 31), Decimal(baseline) + step * Decimal("0.2")),
        (dt.date(2027, 12, 31), Decimal(baseline) + step * Decimal("0.6")),
    ]
    benefit = plan_set(actor=seed, benefit=benefit, expected_version=benefit.version, points=points)
    benefit = benefit_update(
        actor=seed, benefit=benefit, expected_version=benefit.version, approved=True
    )
    # A year of quarterly measurements; one in five stopped being measured in spring,
    # one in four lags the plan.
    pace = rng.choice([Decimal("1.1"), Decimal("1.0"), Decimal("0.9"), Decimal("0.3")])
    stops = rng.random() < 0.2
    day = add_months(BASELINE, 2).replace(day=28)
    total_days = (TARGET - BASELINE).days
    while day <= today:
        if stops and day > dt.date(2026, 4, 30):
            break
        elapsed = Decimal((day - BASELINE).days) / Decimal(total_days)
        noise = Decimal(rng.uniform(-0.03, 0.03))
        value = Decimal(baseline) + step * (elapsed * Decimal("0.7") * pace + noise * elapsed)
        measurement_record(
            actor=Actor.seed(owner),
            benefit=benefit,
            measured_on=day,
            value=value.quantize(Decimal("0.01")),
            note="",
        )
        day = add_months(day, 3)
