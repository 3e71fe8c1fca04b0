"""Lindenhoven's OKR's: four objectives for this quarter and the next, each with two to
four key results, linked to running projects of a programme and to its baten. Owned by
the projectleider of the first linked project. Made through the services, so progress
and confidence are derived and audited as in real use; a second run changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from benefits.models import Benefit, Okr
from benefits.services import key_result_add, okr_create
from pmo.actors import Actor
from pmo.models import User
from pmo.periods import period_end, period_start, shift
from portfolio.projects.models import LifecycleStatus, Project

# key, programme, quarter (0 this one, 1 the next), objective, description, benefit keys,
# key results: (title, unit, start, target, current, confidence)
OKRS = [
    ("OKR-DIGITAAL", "PRG-DIGITAAL", 0, "Inwoners sneller en digitaal geholpen",
     "Minder wachten aan de balie doordat meer aanvragen online kunnen.",
     ["BAAT-DIGITAAL-1", "BAAT-DIGITAAL-3"],
     [("Aandeel aanvragen digitaal afgehandeld", "%", 52, 65, 58, 7),
      ("Wachttijd aan de balie", "minuten", 25, 10, 18, 5),
      ("Klanttevredenheid dienstverlening", "rapportcijfer", "6.9", "7.3", "7.0", 6)]),
    ("OKR-ENERGIE", "PRG-ENERGIE", 0, "Gemeentelijk vastgoed energiezuiniger",
     "De eigen gebouwen gaan voor op de weg naar een aardgasvrije gemeente.",
     ["BAAT-ENERGIE-1", "BAAT-ENERGIE-2"],
     [("Gebouwen met ledverlichting", "gebouwen", 12, 30, 21, 8),
      ("Energieverbruik stadhuis", "MWh per jaar", 1450, 1200, 1390, 4)]),
    ("OKR-MOBIEL", "PRG-MOBIEL", 0, "Veilig naar school in drie wijken",
     "Schoolzones herinrichten waar de meeste ongevallen met kinderen gebeuren.",
     ["BAAT-MOBIEL-1"],
     [("Schoolzones heringericht", "schoolzones", 0, 6, 2, 3),
      ("Ongevallen rond scholen", "per kwartaal", 9, 5, 8, 3),
      ("Scholen met een verkeersouder", "scholen", 4, 12, 7, 5)]),
    ("OKR-WONEN", "PRG-WONEN", 1, "Sneller bouwen voor woningzoekenden",
     "Vergunningen binnen de termijn, zodat de bouw van huurwoningen niet stilvalt.",
     ["BAAT-WONEN-1", "BAAT-WONEN-2"],
     [("Doorlooptijd omgevingsvergunning", "dagen", 48, 40, 48, 6),
      ("Huurwoningen in aanbouw", "woningen", 120, 180, 120, 7),
      ("Vergunningen binnen de wettelijke termijn", "%", 82, 95, 82, 5),
      ("Bouwteams met corporaties", "bouwteams", 1, 3, 1, 6)]),
]  # fmt: skip


def seed_okrs(*, today: dt.date, analyst: User) -> dict[str, int]:
    """Idempotent: an OKR is made once, keyed by its external id and quarter."""
    created = {"okrs": 0, "key_results": 0}
    seed = Actor.seed(analyst)
    this_quarter = period_start(today, 3)
    for key, programme, offset, title, description, benefit_keys, results in OKRS:
        start = shift(this_quarter, offset, 3)
        external_id = f"{key}-{start.year}-K{(start.month - 1) // 3 + 1}"
        if Okr.objects.filter(external_id=external_id).exists():
            continue
        projects = list(
            Project.objects.filter(programme__code=programme, status=LifecycleStatus.ACTIVE)
            .select_related("manager")
            .order_by("code")[:2]
        )
        if not projects:
            continue
        okr = okr_create(
            actor=seed,
            external_id=external_id,
            title=title,
            description=description,
            portfolio=projects[0].portfolio,
            owner=projects[0].manager or analyst,
            period_start=start,
            period_end=period_end(start, 3),
            projects=projects,
            benefits=Benefit.objects.filter(
                external_id__in=benefit_keys, portfolio=projects[0].portfolio
            ),
        )
        created["okrs"] += 1
        for result_title, unit, start_value, target, current, confidence in results:
            key_result_add(
                actor=seed,
                okr=okr,
                expected_version=okr.version,
                title=result_title,
                unit=unit,
                start_value=Decimal(str(start_value)),
                target_value=Decimal(str(target)),
                current_value=Decimal(str(current)),
                confidence=confidence,
            )
            created["key_results"] += 1
    return created
