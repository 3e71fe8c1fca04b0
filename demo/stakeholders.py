"""Lindenhoven's stakeholder registers: three to five stakeholders for ten running
projects (the demo projectleider's first), drawn from those a municipal project commonly
has — the wethouder, the raad, ondernemers, bewoners, the OR, the leverancier, the
provincie, the waterschap — each with one or two communication actions, some done. Made
through the services, so the strategy follows from power and interest as in real use;
one keeps a strategy of its own, to show that a choice stays."""

from __future__ import annotations

import datetime as dt
import random

from pmo.actors import Actor
from pmo.models import User
from portfolio.projects.models import LifecycleStatus, Project
from risks.models import Stakeholder
from risks.services import stakeholder_action_add, stakeholder_create

PROJECTS = 10
A = Stakeholder.Attitude
# (name, organisation, role, power, interest, attitude, strategy or "", notes,
#  [(action, channel), …])
TEMPLATES = [
    ("Portefeuillehouder", "College van B&W", "Wethouder die het project bestuurlijk draagt",
     5, 4, A.SUPPORTIVE, "", "",
     [("Bestuurlijk overleg over de voortgang", "overleg"),
      ("Collegevoorstel voor de volgende fase", "collegevoorstel")]),
    ("Gemeenteraad", "Gemeente Lindenhoven", "Stelt het budget vast en controleert het college",
     5, 2, A.NEUTRAL, "", "",
     [("Raadsinformatiebrief over de stand van zaken", "raadsinformatiebrief")]),
    ("Ondernemersvereniging", "Ondernemersvereniging Lindenhoven Centrum",
     "Winkeliers en horeca in het gebied", 2, 4, A.CRITICAL, "nauw-betrekken",
     "Kritisch en goed georganiseerd: daarom nauw betrokken, al is de formele macht klein.",
     [("Informatieavond voor ondernemers", "bijeenkomst")]),
    ("Bewonerscommissie", "Bewonerscommissie van de wijk", "Omwonenden die de hinder merken",
     2, 5, A.CRITICAL, "", "",
     [("Bewonersbrief over planning en hinder", "brief"),
      ("Inloopspreekuur in het wijkcentrum", "spreekuur")]),
    ("Ondernemingsraad", "OR gemeente Lindenhoven", "Adviesrecht bij organisatiewijzigingen",
     3, 3, A.NEUTRAL, "", "", [("Adviesaanvraag aan de OR", "adviesaanvraag")]),
    ("Leverancier", "Hoofdaannemer", "Voert het werk uit onder contract",
     3, 2, A.SUPPORTIVE, "", "", [("Voortgangsoverleg met de leverancier", "overleg")]),
    ("Provincie", "Provincie", "Subsidieverlener en toezichthouder",
     4, 2, A.NEUTRAL, "", "", [("Ambtelijk vooroverleg over de subsidie", "overleg")]),
    ("Waterschap", "Waterschap De Linde", "Beheert watergangen en keringen in het gebied",
     3, 1, A.NEUTRAL, "", "", [("Watertoets aanvragen", "e-mail")]),
    ("Medewerkers", "Gemeente Lindenhoven", "Collega's die anders gaan werken",
     1, 4, A.NEUTRAL, "", "", [("Nieuwsbericht op intranet", "intranet")]),
    ("Inwoners", "", "Gebruikers van de dienst", 1, 3, A.SUPPORTIVE, "", "",
     [("Artikel op de gemeentepagina", "huis-aan-huisblad")]),
]  # fmt: skip


def _projects() -> list[Project]:
    """The demo projectleider's running projects first, then others spread over the
    codes (and so over the domains), ten in all."""
    running = list(
        Project.objects.filter(status=LifecycleStatus.ACTIVE, kind="project")
        .select_related("manager", "portfolio", "programme")
        .order_by("code")
    )
    chosen = [p for p in running if p.manager and p.manager.username == "projectleider"][:2]
    others = [p for p in running if p not in chosen]
    step = max(len(others) // max(PROJECTS - len(chosen), 1), 1)
    return chosen + others[::step][: PROJECTS - len(chosen)]


def seed_stakeholders(*, today: dt.date, analyst: User) -> dict[str, int]:
    """Idempotent: a stakeholder is made once per project, keyed by its name there."""
    actor = Actor.seed(analyst)
    made = 0
    for project in _projects():
        # Each project draws from its own stream: a second run draws the same.
        rng = random.Random(f"stakeholders-{project.code}")
        picks = rng.sample(TEMPLATES, rng.randint(3, 5))
        existing = set(Stakeholder.objects.filter(project=project).values_list("name", flat=True))
        for template in picks:
            if template[0] in existing:
                continue
            _stakeholder(actor, project, template, today, rng)
            made += 1
    return {"stakeholders": made}


def _stakeholder(actor, project, template, today, rng) -> None:
    name, organisation, role, power, interest, attitude, strategy, notes, actions = template
    stakeholder = stakeholder_create(
        actor=actor,
        project=project,
        name=name,
        organisation=organisation,
        role=role,
        power=min(5, max(1, power + rng.choice([-1, 0, 0, 0, 1]))),
        interest=interest,
        attitude=attitude,
        strategy=strategy,
        notes=notes,
    )
    for description, channel in actions:
        due_on = today + dt.timedelta(days=rng.randint(-60, 90))
        done = due_on < today and rng.random() < 0.7
        stakeholder_action_add(
            actor=actor,
            stakeholder=stakeholder,
            description=description,
            channel=channel,
            due_on=due_on,
            done_on=due_on - dt.timedelta(days=rng.randint(0, 7)) if done else None,
        )
