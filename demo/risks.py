"""Lindenhoven's risk register: two to four risks for each running project, drawn from the
risks municipal projects commonly run (permits, tenders, staff, suppliers, budgets),
scored before and after their responses, some with actions, a few escalated. Made through
the services, so scores and expected values are derived as in real use."""

from __future__ import annotations

import datetime as dt
import random

from pmo.actors import Actor
from pmo.models import User
from portfolio.projects.models import LifecycleStatus, Project
from risks.models import Risk, RiskAction
from risks.services import risk_create, risk_escalate

C = Risk.Category
# (title, category, cause, event, effect, inherent P, money, time; response, action)
TEMPLATES = [
    ("Bezwaar tegen de vergunning", C.LEGAL, "Omwonenden zijn tegen het ontwerp.",
     "Bezwaar en beroep tegen de omgevingsvergunning.", "De uitvoering schuift maanden op.",
     3, 3, 4, "verminderen",
     "Informatieavond en overleg met de omwonenden"),
    ("Aanbesteding levert geen geldige inschrijving op", C.SUPPLIER,
     "De markt is krap en de eisen zijn streng.", "Geen of alleen te dure inschrijvingen.",
     "Opnieuw aanbesteden, hogere kosten.", 2, 4, 3, "verminderen",
     "Marktconsultatie vóór de aanbesteding"),
    ("Kernteam valt uit", C.ORGANISATIONAL, "De projectleider en de specialist zijn schaars.",
     "Langdurige uitval of vertrek.", "Kennis en tempo gaan verloren.", 3, 2, 3, "voorbereiden",
     "Tweede specialist inwerken"),
    ("Prijsstijging materialen", C.FINANCIAL, "Onrust op de grondstoffenmarkt.",
     "Indexatie boven de begroting.", "Het budget wordt overschreden.", 4, 3, None, "accepteren",
     "Indexatieclausule in het contract"),
    ("Leverancier levert niet op tijd", C.SUPPLIER, "Eén leverancier voor het kernsysteem.",
     "De oplevering schuift.", "Ingebruikname en baten later.", 3, 2, 4, "overdragen",
     "Boeteclausule en mijlpaalbetalingen"),
    ("Datamigratie mislukt", C.TECHNICAL, "Oude gegevens zijn vervuild.",
     "Migratie loopt vast of verliest gegevens.", "Dubbele systemen en herstelwerk.",
     2, 3, 3, "verminderen",
     "Proefmigratie op een kopie"),
    ("Bestuurlijke koerswijziging", C.POLITICAL, "Verkiezingen in 2026.",
     "Een nieuw college stelt andere prioriteiten.", "Scope of budget verandert.",
     2, 4, None, "accepteren",
     "Scenario's voor het nieuwe college"),
    ("Subsidie valt hoger uit", C.FINANCIAL, "De regeling wordt verruimd.",
     "Een hogere bijdrage van het Rijk.", "Minder eigen middelen nodig.", 2, 2, None, "benutten",
     "Aanvraag voorbereiden"),
]  # fmt: skip


def seed_risks(*, today: dt.date, analyst: User) -> dict[str, int]:
    """Idempotent: a project's risks are made once, keyed by their external id."""
    made = 0
    projects = Project.objects.filter(status=LifecycleStatus.ACTIVE, kind="project").select_related(
        "portfolio", "programme", "manager"
    )
    for project in projects.order_by("code"):
        # Each project draws from its own stream: a second run draws the same.
        rng = random.Random(f"risks-{project.code}")
        picks = rng.sample(TEMPLATES, rng.randint(2, 4))
        for number, template in enumerate(picks, start=1):
            key = f"RISK-{project.code}-{number}"
            if Risk.objects.filter(external_id=key).exists():
                continue
            _risk(key, project, template, analyst, today, rng)
            made += 1
    return {"risks": made}


def _risk(key, project, template, analyst, today, rng) -> None:
    title, category, cause, event, effect, p, money, time, response, action = template
    actor = Actor.seed(analyst)
    opportunity = response == "benutten"
    residual_p = max(1, p - rng.choice([0, 1, 1, 2]))
    risk = risk_create(
        actor=actor,
        project=project,
        external_id=key,
        kind=Risk.Kind.OPPORTUNITY if opportunity else Risk.Kind.THREAT,
        title=title,
        cause=cause,
        event=event,
        effect=effect,
        category=category,
        owner=project.manager,
        inherent_probability=p,
        inherent_money=money,
        inherent_time=time,
        residual_probability=residual_p,
        residual_money=max(1, money - rng.choice([0, 0, 1])),
        residual_time=time and max(1, time - 1),
        response=response,
        proximity=rng.choice(list(Risk.Proximity.values)),
        raised_on=today - dt.timedelta(days=rng.randint(30, 360)),
    )
    if not opportunity and rng.random() < 0.6:
        RiskAction.objects.create(
            risk=risk,
            description=action,
            actionee=project.manager,
            due_on=today + dt.timedelta(days=rng.randint(-30, 120)),
        )
    if risk.residual_score >= 12 and project.programme_id and rng.random() < 0.5:
        risk_escalate(
            actor=actor,
            risk=risk,
            expected_version=risk.version,
            reason="Raakt meer projecten van het programma.",
        )
