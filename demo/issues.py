"""Lindenhoven's issue register: fifteen issues across the running projects, of all five
types and in every step of the workflow. Several are decided with their reasoning: a
request for change beyond tolerance that the portfolioraad approved at its last meeting
(its new end and budget are the project's baseline now) and one it rejected; another
awaits the next meeting. Two of the largest escalated risks go on to the portfolio, so
the next meeting's agenda shows them. Made through the services, as in real use."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from pmo.actors import Actor
from pmo.models import User
from portfolio.governance.models import AgendaItem, BoardMeeting
from portfolio.projects.models import LifecycleStatus, Project
from risks.models import Issue, IssueType, Level, Risk
from risks.services import (
    issue_advance,
    issue_create,
    issue_decide,
    issue_escalate,
    issue_update,
    risk_escalate,
)

APPROVED, REJECTED, DEFERRED, CONCESSION = (
    Issue.Decision.APPROVED,
    Issue.Decision.REJECTED,
    Issue.Decision.DEFERRED,
    Issue.Decision.CONCESSION,
)
# (type, title, description, impact, proposal, severity, priority, where it ends:
#  a status, or (decision, reasoning, by the board?, the step after it), and for a
#  request for change beyond tolerance (months later, € more))
ISSUES = [
    ("wijzigingsverzoek", "Extra koppeling met het zaaksysteem",
     "Vergunningen wil de aanvragen rechtstreeks in het zaaksysteem hebben.",
     "Drie maanden langer bouwen en testen; de leverancier rekent de koppeling apart.",
     "De koppeling nu meenemen: het einde drie maanden later, € 120.000 erbij.", 3, "must",
     (APPROVED, "Zonder koppeling blijft het dubbele invoer; de baten wegen op tegen de "
                "kosten. Dekking uit de reserve informatievoorziening.", True, None), (3, 120_000)),
    ("wijzigingsverzoek", "Tweede fase van de herinrichting nu uitvoeren",
     "De wijkraad vraagt de tweede fase direct aan te sluiten op de eerste.",
     "Acht maanden langer en € 900.000 extra, nog niet begroot.",
     "Fase twee direct aansluitend uitvoeren.", 2, "could",
     (REJECTED, "Niet gedekt in de begroting 2027; de raad besluit over fase twee bij de "
                "voorjaarsnota.", True, None), (8, 900_000)),
    ("wijzigingsverzoek", "Meer laadpalen dan in het plan",
     "De vraag naar laadpalen groeit sneller dan de prognose.",
     "Twee maanden langer; € 80.000 extra voor dertig palen.",
     "Dertig palen extra plaatsen in deze fase.", 2, "should", "voorgesteld", (2, 80_000)),
    ("wijzigingsverzoek", "Andere kleur bestrating in het centrum",
     "De welstandscommissie vraagt om gebakken klinkers in plaats van beton.",
     "Past binnen het budget en de planning.", "Gebakken klinkers toepassen.", 1, "could",
     (APPROVED, "Binnen de tolerantie; geen gevolgen voor planning of budget.", False, None),
     None),
    ("wijzigingsverzoek", "Extra rapportage voor de gemeenteraad",
     "De raadscommissie wil elk kwartaal een voortgangsrapportage.",
     "Een dag per kwartaal extra werk.", "", 1, "should", "vastgelegd", None),
    ("afwijking", "Geluidsscherm is lager dan gespecificeerd",
     "Het geleverde scherm is 2,8 m in plaats van 3 m.",
     "De geluidsnorm wordt nog gehaald, met minder marge.",
     "De afwijking aanvaarden tegen een korting van de leverancier.", 2, "should",
     (CONCESSION, "De norm wordt gehaald; de korting dekt het verschil.", False, None), None),
    ("afwijking", "Formulier voldoet niet aan de toegankelijkheidseisen",
     "De toets vond twaalf bevindingen op WCAG 2.1 AA.",
     "Zonder herstel mag het formulier niet live.", "", 3, "must", "onderzocht", None),
    ("probleem", "Testomgeving is niet op tijd beschikbaar",
     "ICT levert de testomgeving zes weken later.",
     "De acceptatietest schuift op.", "", 2, "must", "vastgelegd", None),
    ("probleem", "Bodemverontreiniging gevonden bij het graven",
     "Bij het graven is asbest in de grond gevonden.",
     "Werk ligt stil tot de sanering; kosten onbekend.",
     "Saneren en de kosten melden bij de provincie.", 4, "must", "escalated", None),
    ("probleem", "Sleutelgebruiker vertrekt",
     "De sleutelgebruiker bij Burgerzaken gaat met pensioen.",
     "Kennis van de huidige werkwijze gaat verloren.",
     "Een opvolger nu laten meelopen.", 2, "should",
     (DEFERRED, "Eerst de werving afronden; in januari opnieuw bekijken.", False, None), None),
    ("probleem", "Te weinig inschrijvingen bij de markt",
     "Slechts één inschrijving op de aanbesteding.", "Geen concurrentie op prijs.",
     "Opnieuw aanbesteden met ruimere eisen.", 3, "must", "gesloten", None),
    ("kans", "Subsidie voor klimaatadaptatie beschikbaar",
     "De provincie opent een regeling voor groene schoolpleinen.",
     "Tot € 150.000 bijdrage.", "De aanvraag indienen vóór 1 februari.", 2, "should",
     "voorgesteld", None),
    ("kans", "Werk combineren met de riolering",
     "Stadsbeheer vervangt het riool in dezelfde straat.",
     "Eén keer de straat open in plaats van twee keer.",
     "De planning van beide projecten op elkaar afstemmen.", 2, "should",
     (APPROVED, "Minder overlast voor bewoners en lagere kosten.", False, "uitgevoerd"), None),
    ("externe-gebeurtenis", "Nieuwe landelijke eisen aan informatiebeveiliging",
     "De BIO wordt aangescherpt per 1 juli.", "Extra maatregelen in het ontwerp.",
     "", 2, "must", "onderzocht", None),
    ("externe-gebeurtenis", "Staking bij het openbaar vervoer",
     "De staking verhinderde twee informatieavonden.", "De participatie loopt twee weken uit.",
     "", 1, "", "gesloten", None),
]  # fmt: skip
WORKFLOW = ["onderzocht", "voorgesteld"]


def _default_types() -> None:
    """The types the first migration adds, again if they are gone: a database emptied
    after migrating (as the browser tests' flush does) still gets its demo."""
    types = importlib.import_module("risks.migrations.0002_issue_types").TYPES
    for position, (code, name, change) in enumerate(types):
        IssueType.objects.get_or_create(
            code=code, defaults={"name": name, "is_change_request": change, "position": position}
        )


def seed_issues(*, today: dt.date, analyst: User, board: User) -> dict[str, int]:
    """Idempotent: each issue is made once, keyed by its external id; the escalated risks
    are the same two each run."""
    projects = list(
        Project.objects.filter(status=LifecycleStatus.ACTIVE, kind="project")
        .select_related("manager", "portfolio", "programme")
        .order_by("code")
    )
    _default_types()
    made = 0
    if projects:
        step = max(len(projects) // len(ISSUES), 1)
        held = BoardMeeting.objects.filter(state=BoardMeeting.State.HELD).order_by("-date")
        for number, template in enumerate(ISSUES, start=1):
            key = f"ISSUE-{number:02d}"
            if Issue.objects.filter(external_id=key).exists():
                continue
            project = projects[(number - 1) * step % len(projects)]
            _issue(key, project, template, analyst, board, held.first(), today, number)
            made += 1
    return {"issues": made, "risks_to_board": _risks_to_the_board(analyst)}


def _issue(key, project, template, analyst, board, held, today, number) -> None:
    kind, title, description, impact, proposal, severity, priority, end, change = template
    actor = Actor.seed(project.manager or analyst)
    fields = {}
    if change:
        months, amount = change
        fields = {
            "beyond_tolerance": True,
            "requested_end": (project.planned_end or today) + dt.timedelta(days=30 * months),
            "requested_budget_change": Decimal(amount),
        }
    issue = issue_create(
        actor=actor,
        project=project,
        external_id=key,
        type=IssueType.objects.get(code=kind),
        title=title,
        description=description,
        impact=impact,
        proposal=proposal,
        severity=severity,
        priority=priority,
        owner=project.manager,
        raised_on=today - dt.timedelta(days=20 + 11 * number),
        **fields,
    )
    if end == "vastgelegd":
        return
    if end == "escalated":
        _escalate(actor, issue)
        return
    for status in WORKFLOW:
        if status == "voorgesteld" and not issue.proposal:
            break
        issue = issue_advance(
            actor=actor, issue=issue, expected_version=issue.version, to_status=status
        )
        if status == end:
            return
    if end == "gesloten":
        issue_advance(actor=actor, issue=issue, expected_version=issue.version, to_status=end)
        return
    if isinstance(end, tuple):
        decision, reasoning, by_board, after = end
        issue = issue_decide(
            actor=Actor.seed(board) if by_board else actor,
            issue=issue,
            expected_version=issue.version,
            decision=decision,
            reasoning=reasoning,
        )
        if by_board and held is not None:
            # Decided at the last meeting, so it stood on that agenda (proposing it put it
            # on the next one): the demo dates it there, as its history does with gates.
            AgendaItem.objects.filter(
                subject_type=ContentType.objects.get_for_model(Issue), subject_id=issue.pk
            ).update(meeting=held)
        if after:  # carried out since
            issue_advance(actor=actor, issue=issue, expected_version=issue.version, to_status=after)


def _escalate(actor, issue: Issue) -> None:
    """Examined and escalated one level: beyond what the project can solve itself."""
    issue = issue_advance(
        actor=actor, issue=issue, expected_version=issue.version, to_status="onderzocht"
    )
    issue = issue_update(
        actor=actor, issue=issue, expected_version=issue.version, beyond_tolerance=True
    )
    issue_escalate(
        actor=actor,
        issue=issue,
        expected_version=issue.version,
        reason="De saneringskosten gaan de tolerantie van het project ver te boven.",
    )


def _risks_to_the_board(analyst: User) -> int:
    """The two largest risks escalated from a project, or of a project outside any
    programme (one step from the portfolio): on to the portfolio. Escalating keeps them
    in this set, so a second run picks the same two."""
    candidates = Risk.objects.filter(
        Q(project__programme__isnull=True) | ~Q(level=Level.PROJECT),
        external_id__startswith="RISK-",
        home_level=Level.PROJECT,
        status=Risk.Status.OPEN,
        kind=Risk.Kind.THREAT,
        project__status=LifecycleStatus.ACTIVE,
    ).order_by("-residual_score", "external_id")[:2]
    moved = 0
    for risk in candidates:
        if risk.level == Level.PORTFOLIO:
            continue
        risk_escalate(
            actor=Actor.seed(analyst),
            risk=risk,
            expected_version=risk.version,
            reason="Raakt de begroting van de gemeente: de portfolioraad moet het weten.",
        )
        moved += 1
    return moved
