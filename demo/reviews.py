"""Lindenhoven after and before its projects: the closed projects dated, the review of the
Ringweg Zuid completed (two baten, planned against achieved, and the lessons it gave),
the review of the boa's over time, lessons from other domains, and the Business Value
Canvas of the traffic lights that are about to be replaced. Through the services, so
everything is audited and derived as in real use; a second run changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from benefits.models import Benefit, Lesson, Review, ValueCanvas
from benefits.services import (
    benefit_create,
    canvas_save,
    lesson_create,
    measurement_record,
    review_complete,
    review_schedule,
)
from pmo.actors import Actor
from pmo.models import User
from portfolio.projects.models import CLOSED_STATUSES, OrgUnit, Phase, Project

COMPLETED, OVERDUE, STARTING = (
    "Reconstructie Ringweg Zuid",
    "Boa's in de wijk uitbreiding",
    "Vervanging verkeersregelinstallaties",
)
# key, name, measure, unit, baseline, target, measurements until the review, one after
RINGWEG_BENEFITS = [
    ("BAAT-RINGWEG-1", "Kortere reistijd over de Ringweg Zuid in de spits", "reistijd spits",
     "minuten", 14, 9, [("2024-06-30", "13.5"), ("2024-12-31", "12"), ("2025-06-30", "10")],
     ("2026-06-30", "9.5")),
    ("BAAT-RINGWEG-2", "Minder verkeersongevallen met letsel op de Ringweg Zuid", "ongevallen",
     "per jaar", 24, 12, [("2024-12-31", "22"), ("2025-06-30", "21")], ("2026-06-30", "17")),
]  # fmt: skip
# key, domain, phase, kind, title, description, recommendation, tags, author, from review?,
# recorded on
LESSONS = [
    ("LES-1", "SB", Phase.PREPARATION, Lesson.Kind.IMPROVE,
     "Stem de omleidingen vooraf af met de hulpdiensten",
     "De eerste omleiding verlengde de aanrijtijd van de ambulance naar Zuid met vier minuten.",
     "Leg elke fase van de omleidingen voor aan brandweer, ambulance en politie voordat de "
     "planning vastligt.", ["verkeer", "omgeving", "planning"], "pl.smit", True, "2025-07-10"),
    ("LES-2", "SB", Phase.REALISATION, Lesson.Kind.KEEP,
     "Eén vast aanspreekpunt voor omwonenden en ondernemers",
     "Klachten werden binnen een dag beantwoord; de ondernemersvereniging bleef meedenken.",
     "Wijs bij elk project met hinder in de openbare ruimte een omgevingsmanager aan die "
     "het hele project blijft.", ["communicatie", "omgeving"], "pl.smit", True, "2025-07-10"),
    ("LES-3", "SB", Phase.DEFINITION, Lesson.Kind.IMPROVE,
     "Meet de nulsituatie voordat de uitvoering begint",
     "De ongevallencijfers van vóór de start waren pas achteraf bij de politie op te vragen.",
     "Leg nulmeting en gegevensbron van elke baat vast in de definitiefase, met de "
     "bateneigenaar.", ["baten", "meten"], "analist", True, "2025-07-11"),
    ("LES-4", "SD", Phase.DESIGN, Lesson.Kind.IMPROVE,
     "Vraag cliëntervaringen op in het ontwerp, niet pas bij de evaluatie",
     "De nieuwe aanvraagroute voor de jeugdzorg bleek voor ouders onduidelijk.",
     "Laat een panel van inwoners het ontwerp van een nieuwe werkwijze toetsen voordat die "
     "wordt ingevoerd.", ["inwonersparticipatie", "ontwerp"], "pl.yilmaz", False,
     "2025-11-18"),
    ("LES-5", "DV", Phase.REALISATION, Lesson.Kind.KEEP,
     "Houd de balie open tot het digitale kanaal stabiel is",
     "Twee maanden naast elkaar draaien ving de storingen van de eerste weken op.",
     "Plan een overgangsperiode met beide kanalen open en spreek vooraf af wanneer de oude "
     "route sluit.", ["dienstverlening", "digitalisering", "planning"], "pl.visser", False,
     "2026-02-03"),
    ("LES-6", "BV", Phase.PREPARATION, Lesson.Kind.IMPROVE,
     "Leg de exitstrategie vast in het contract",
     "Bij de vorige leverancierswissel waren de gegevens maar deels over te zetten.",
     "Neem in elke aanbesteding van software op hoe de gegevens bij het einde van het "
     "contract terugkomen, in welk formaat.", ["aanbesteding", "contractmanagement"],
     "pl.bos", False, "2026-04-22"),
    ("LES-7", "RU", Phase.INITIATION, Lesson.Kind.IMPROVE,
     "Reken de beheerlasten mee in de business case",
     "Het warmtenet kreeg na oplevering beheerkosten die niet in de begroting stonden.",
     "Laat de beheerafdeling de structurele lasten ramen voordat het initiatief naar de "
     "portfolioraad gaat.", ["business case", "beheer"], "pl.meijer", False, "2026-09-08"),
]  # fmt: skip
CANVAS = {
    "target_groups": "Weggebruikers in Lindenhoven: automobilisten, fietsers, voetgangers, "
    "openbaar vervoer en hulpdiensten; omwonenden van de 42 kruispunten.",
    "value_proposition": "Verkeerslichten die niet uitvallen, fietsers en bussen voorrang "
    "geven en op de drukte reageren: vlotter en veiliger over de kruispunten.",
    "societal_benefits": "Minder storingen en ongevallen, kortere wachttijden voor fietsers "
    "en bus, minder uitstoot door minder optrekken en afremmen.",
    "costs": "€ 3,1 mln eenmalig (vervanging in vier jaar), € 60.000 per jaar minder "
    "onderhoud dan nu; inzet van het team Verkeer.",
    "key_activities": "Inventarisatie van de installaties, aanbesteding, vervanging per "
    "corridor, afstellen en monitoren van de regelingen.",
    "resources": "Projectteam Wegen en Verkeer, verkeerskundigen, het budget uit het "
    "meerjarenonderhoudsplan, de verkeersdata van de installaties.",
    "partners": "Provincie (provinciale wegen), vervoerder, hulpdiensten, Fietsersbond, "
    "de leverancier van de installaties.",
}


def seed_reviews(*, today: dt.date, analyst: User) -> dict[str, int]:
    created = {"reviews": 0, "lessons": 0, "canvases": 0}
    _date_closures(today)
    users = {u.username: u for u in User.objects.all()}
    done = Project.objects.filter(name=COMPLETED, closed_on__isnull=False).first()
    if done is not None:
        created["reviews"] += _completed(done, users, analyst)
    late = Project.objects.filter(name=OVERDUE, closed_on__isnull=False).first()
    if late is not None and not Review.objects.filter(project=late).exists():
        review = review_schedule(actor=Actor.seed(analyst), project=late)
        # The owner was reminded on the day it fell due; nothing happened since.
        Review.objects.filter(pk=review.pk).update(reminded_on=review.due_on)
        created["reviews"] += 1
    review = Review.objects.filter(project=done).first() if done else None
    domains = {unit.code: unit for unit in OrgUnit.objects.filter(kind=OrgUnit.Kind.DOMAIN)}
    for key, domain, phase, kind, title, text, advice, tags, author, of_review, on in LESSONS:
        if Lesson.objects.filter(external_id=key).exists() or (of_review and review is None):
            continue
        lesson = lesson_create(
            actor=Actor.seed(users[author]),
            review=review if of_review else None,
            external_id=key,
            title=title,
            kind=kind,
            description=text,
            recommendation=advice,
            domain=domains.get(domain),
            phase=phase,
            tags=tags,
        )
        recorded = dt.datetime.combine(dt.date.fromisoformat(on), dt.time(14, 0), dt.UTC)
        Lesson.objects.filter(pk=lesson.pk).update(created_at=recorded)
        created["lessons"] += 1
    starting = Project.objects.filter(name=STARTING, phase=Phase.INITIATION).first()
    if starting is not None and not ValueCanvas.objects.filter(project=starting).exists():
        actor = Actor.seed(starting.manager or analyst)
        canvas_save(actor=actor, project=starting, expected_version=None, **CANVAS)
        created["canvases"] += 1
    return created


def _date_closures(today: dt.date) -> None:
    """A closed project closed when its reports stopped (the end of the month after the
    last), else on its planned end; never after the demo's today."""
    closed = Project.objects.filter(status__in=CLOSED_STATUSES).prefetch_related("reports")
    for project in closed:
        periods = [report.period for report in project.reports.all()]
        if periods:
            after = max(periods).replace(day=28) + dt.timedelta(days=35)
            day = after.replace(day=1) - dt.timedelta(days=1)
        else:
            day = project.planned_end or today
        day = min(day, today - dt.timedelta(days=30))
        if project.closed_on != day:
            Project.objects.filter(pk=project.pk).update(closed_on=day)


def _completed(project: Project, users: dict[str, User], analyst: User) -> int:
    """The Ringweg Zuid: its two baten measured until the review, the review completed by
    its projectleider (freezing the figures), one more measurement since."""
    review = review_schedule(actor=Actor.seed(analyst), project=project)
    if review.state == Review.State.DONE:
        return 0
    owner = users["be.kok"]
    benefits = []
    for key, name, measure, unit, baseline, target, before, after in RINGWEG_BENEFITS:
        benefit = Benefit.objects.filter(external_id=key).first() or benefit_create(
            actor=Actor.seed(analyst),
            project=project,
            external_id=key,
            name=name,
            description=f"{name}: wat de reconstructie de weggebruiker oplevert.",
            category=Benefit.Category.NON_FINANCIAL,
            portfolio=project.portfolio,
            programme=project.programme,
            owner=owner,
            measure=measure,
            unit=unit,
            direction=Benefit.Direction.LOWER,
            data_source="Verkeerscentrale en politie",
            frequency=Benefit.Frequency.HALF_YEAR,
            baseline_value=Decimal(baseline),
            baseline_date=dt.date(2024, 1, 1),
            target_value=Decimal(target),
            target_date=dt.date(2026, 12, 31),
            status=Benefit.Status.TRACKING,
        )
        if not benefit.measurements.exists():
            for day, value in before:
                measurement_record(
                    actor=Actor.seed(owner),
                    benefit=benefit,
                    measured_on=dt.date.fromisoformat(day),
                    value=Decimal(value),
                )
        benefits.append((benefit, after))
    manager = project.manager or analyst
    review_complete(
        actor=Actor.seed(manager),
        review=review,
        expected_version=review.version,
        held_on=dt.date(2025, 7, 10),
        value_for_money="Binnen het budget van € 4,2 mln opgeleverd. De reistijdwinst is er "
        "grotendeels; de verkeersveiligheid blijft achter bij wat beloofd was.",
        decision_right=Review.Verdict.PARTLY,
        decision_explanation="De reconstructie was nodig, maar de fietsoversteken hadden in "
        "dezelfde aanbesteding moeten zitten; die volgen nu apart.",
        summary="Doorstroming verbeterd, veiligheid nog niet. De oversteken bij de Lindelaan "
        "meenemen in de vervanging van de verkeersregelinstallaties.",
    )
    for benefit, (day, value) in benefits:  # the figures move on; the review keeps its own
        if dt.date.fromisoformat(day) > timezone.localdate():
            continue
        measurement_record(
            actor=Actor.seed(owner),
            benefit=benefit,
            measured_on=dt.date.fromisoformat(day),
            value=Decimal(value),
        )
    return 1
