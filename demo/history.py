"""Twelve months of reporting history for the demo: trends, exceptions, gates, meetings.

Deterministic (seeded) and idempotent: a project that already has reports, tolerances or
gate decisions keeps them; meetings are created once.
"""

import datetime as dt
import random
import zlib
from decimal import Decimal

from django.utils import timezone

from demo import data as demo_data
from pmo.models import User
from pmo.periods import shift
from portfolio.governance.models import (
    AgendaItem,
    BoardMeeting,
    BusinessCaseVersion,
    GateDecision,
    PhaseRequirement,
    ProjectDocument,
)
from portfolio.governance.selectors import reports_for_the_board
from portfolio.governance.services import agenda_place_report
from portfolio.projects.models import (
    CLOSED_STATUSES,
    PHASE_ORDER,
    LifecycleStatus,
    Phase,
    Project,
)
from portfolio.status.models import ProjectTolerance, StatusReport
from portfolio.status.rules import rag
from portfolio.status.services import current_reports_refresh

MONTHS = 12
PHASES = list(Phase)
# How a project's status develops over the year: (share, colours oldest → newest).
TRAJECTORIES = [
    ("stable", 0.65),
    ("slipping", 0.15),  # green, then amber, red in the last months: exceptions
    ("recovering", 0.12),
    ("troubled", 0.08),  # amber throughout, scope and risk red at times
]
EXPLAIN = {
    "time": (
        "Vergunningverlening loopt uit",
        "Oplevering schuift op",
        "Fasering aangepast en extra capaciteit ingehuurd",
    ),
    "cost": (
        "Aanbesteding valt hoger uit dan geraamd",
        "Overschrijding van het budget",
        "Scope versoberd, dekking gezocht in het programma",
    ),
    "scope": (
        "Nieuwe wensen van de gebruikersorganisatie",
        "Meer werk binnen dezelfde tijd",
        "Wijzigingsverzoeken naar de stuurgroep",
    ),
    "quality": (
        "Testbevindingen in de acceptatietest",
        "Herstelwerk nodig",
        "Extra testronde gepland",
    ),
    "risk": (
        "Afhankelijkheid van een externe leverancier",
        "Kans op vertraging",
        "Escalatie bij de leverancier, terugvalscenario uitgewerkt",
    ),
    "benefits": (
        "Baten later dan gepland meetbaar",
        "Business case onder druk",
        "Batenprofiel herzien",
    ),
}


def _colours(trajectory: str, month: int, rng: random.Random) -> dict[str, str]:
    """Colours per dimension for month 0 (oldest) … 11 (newest)."""
    colours = dict.fromkeys(EXPLAIN, rag.GREEN)
    if trajectory == "slipping":
        if month >= 5:
            colours["time"] = rag.AMBER
            colours["risk"] = rag.AMBER
        if month >= 9:
            colours["time"] = rag.RED
            colours["cost"] = rag.AMBER if month < 11 else rag.RED
    elif trajectory == "recovering":
        if month < 7:
            colours["time"] = rag.AMBER
            colours["scope"] = rag.AMBER if month < 4 else rag.GREEN
    elif trajectory == "troubled":
        colours["time"] = rag.AMBER
        colours["quality"] = rag.AMBER
        colours["risk"] = rag.RED if month % 4 == 3 else rag.AMBER
        colours["scope"] = rag.RED if month >= 10 else rag.AMBER
    if rng.random() < 0.06:  # the odd amber in a good month
        colours[rng.choice(list(EXPLAIN))] = rag.AMBER
    return colours


def _trajectory(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for name, share in TRAJECTORIES:
        total += share
        if roll < total:
            return name
    return TRAJECTORIES[0][0]


def seed_history(*, today: dt.date, board: User, analyst: User) -> dict[str, int]:
    rng = random.Random(1848)
    created = {"reports": 0, "gates": 0, "meetings": 0, "documents": 0, "tolerances": 0}
    first_period = shift(today.replace(day=1), -MONTHS)
    meetings = _meetings(first_period, created)
    requirements = dict(PhaseRequirement.objects.values_list("phase", "required_documents"))
    reports: list[StatusReport] = []
    projects = list(Project.objects.order_by("code").prefetch_related("budgets"))
    for index, project in enumerate(projects):
        trajectory = _trajectory(rng)
        budget = sum((b.amount for b in project.budgets.all()), Decimal(0))
        tolerance_days = rng.choice([30, 30, 45, 60])
        tolerance_pct = Decimal(rng.choice([5, 10, 10, 15]))
        _, new = ProjectTolerance.objects.get_or_create(
            project=project, defaults={"time_days": tolerance_days, "cost_pct": tolerance_pct}
        )
        created["tolerances"] += new
        created["documents"] += _documents(project, requirements)
        created["gates"] += _last_gate(project, meetings, board, rng)
        if project.reports.exists() or project.kind == Project.Kind.GOING_CONCERN:
            continue
        if project.phase == Phase.INITIATION or project.status == LifecycleStatus.PROPOSED:
            continue
        # Some active projects miss last month's report: the PMO sees them as overdue.
        skip_last = project.status == LifecycleStatus.ACTIVE and index % 11 == 3
        # A closed or stopped project reported until it closed, some months ago.
        last_month = MONTHS - 1
        if project.status in CLOSED_STATUSES:
            last_month = MONTHS - 3 - index % 4
        for month in range(last_month + 1):
            period = shift(first_period, month)
            if project.planned_start and period < project.planned_start.replace(day=1):
                continue
            if (
                project.phase == Phase.CLOSED
                and project.planned_end
                and period > project.planned_end
            ):
                continue
            if skip_last and month == MONTHS - 1:
                continue
            reports.append(
                _report(
                    project,
                    period,
                    month,
                    trajectory,
                    budget,
                    tolerance_days,
                    tolerance_pct,
                    rng,
                    analyst,
                )
            )
    StatusReport.objects.bulk_create(reports, batch_size=500)
    current_reports_refresh()
    created["reports"] = len(reports)
    _agenda(meetings["next"])
    return created


def board_day(month: dt.date) -> dt.date:
    """The board meets on the second Thursday of the month: a working day, after the
    reports are due on the fifth."""
    first_thursday = month + dt.timedelta(days=(3 - month.weekday()) % 7)
    return first_thursday + dt.timedelta(days=7)


def _next_board_day(today: dt.date) -> dt.date:
    this_month = board_day(today.replace(day=1))
    return this_month if this_month > today else board_day(shift(today.replace(day=1), 1))


def _meetings(first_period: dt.date, created: dict) -> dict:
    meetings: dict = {}
    for month in range(MONTHS):
        day = board_day(shift(first_period, month))
        meeting, new = BoardMeeting.objects.get_or_create(
            title="Portfolioraad", date=day, defaults={"state": BoardMeeting.State.HELD}
        )
        created["meetings"] += new
        meetings[month] = meeting
    upcoming = BoardMeeting.objects.filter(state=BoardMeeting.State.PLANNED).first()
    if upcoming is None:
        upcoming = BoardMeeting.objects.create(
            title="Portfolioraad", date=_next_board_day(timezone.localdate())
        )
        created["meetings"] += 1
    meetings["next"] = upcoming
    return meetings


def _documents(project: Project, requirements: dict) -> int:
    """The documents of every phase the project has passed, and most of the current one."""
    if project.documents.exists():
        return 0
    documents = []
    for phase in PHASES[: PHASE_ORDER[project.phase] + (1 if project.pk % 3 else 0)]:
        for kind in requirements.get(phase.value, []):
            documents.append(
                ProjectDocument(
                    project=project,
                    kind=kind,
                    phase=phase.value,
                    title=f"{kind.replace('-', ' ').capitalize()} {project.name}",
                    link=f"https://dms.lindenhoven.example/{project.code}/{kind}",
                )
            )
    ProjectDocument.objects.bulk_create(documents)
    return len(documents)


def _last_gate(project: Project, meetings: dict, board: User, rng: random.Random) -> int:
    """The gate decision that brought the project into its current phase."""
    if project.phase == Phase.INITIATION or project.gates.exists():
        return 0
    previous = PHASES[PHASE_ORDER[project.phase] - 1].value
    meeting = meetings[rng.randrange(MONTHS)]
    decided = timezone.make_aware(dt.datetime.combine(meeting.date, dt.time(15, 0)))
    decision = rng.choice([GateDecision.Decision.GO] * 3 + [GateDecision.Decision.GO_CONDITIONS])
    # Varied words without new random draws, so the rest of the demo stays as it was.
    variety = zlib.crc32(project.code.encode())
    reasoning = demo_data.GATE_REASONINGS[variety % len(demo_data.GATE_REASONINGS)]
    conditions = demo_data.GATE_CONDITIONS[variety % len(demo_data.GATE_CONDITIONS)]
    gate = GateDecision.objects.create(
        project=project,
        from_phase=previous,
        to_phase=project.phase,
        proposal=f"{project.name}: door naar de fase {project.get_phase_display().lower()}.",
        decision=decision,
        conditions=conditions if decision != "go" else "",
        reasoning=reasoning,
        gotik_money=rag.GREEN,
        gotik_organisation=rng.choice([rag.GREEN, rag.AMBER]),
        gotik_time=rng.choice([rag.GREEN, rag.AMBER]),
        gotik_information=rag.GREEN,
        gotik_quality=rag.GREEN,
        delivery_confidence=rng.choice(["groen", "oranje-groen", "oranje-groen", "oranje"]),
        decided_by=board,
        decided_at=decided,
        meeting=meeting,
        proposed_by=project.manager,
    )
    GateDecision.objects.filter(pk=gate.pk).update(proposed_at=decided - dt.timedelta(days=9))
    BusinessCaseVersion.objects.create(
        project=project,
        gate=gate,
        costs={str(b.year): str(b.amount) for b in project.budgets.all()},
        options="0: niets doen; 1: gefaseerd uitvoeren; 2: volledig uitvoeren (voorkeur)",
    )
    AgendaItem.objects.create(
        meeting=meeting,
        kind=AgendaItem.Kind.GATE,
        project=project,
        gate=gate,
        decision=gate.get_decision_display(),
        reasoning=gate.reasoning,
        decided_by=board,
        decided_at=decided,
    )
    return 1


def _report(
    project, period, month, trajectory, budget, tolerance_days, tolerance_pct, rng, author
) -> StatusReport:
    colours = _colours(trajectory, month, rng)
    slip_days = {
        rag.GREEN: rng.randint(-5, tolerance_days // 2),
        rag.AMBER: rng.randint(tolerance_days // 2 + 1, tolerance_days),
        rag.RED: rng.randint(tolerance_days + 10, tolerance_days + 120),
    }[colours["time"]]
    cost_factor = {
        rag.GREEN: Decimal("1.00"),
        rag.AMBER: 1 + tolerance_pct / 150,
        rag.RED: 1 + tolerance_pct / 100 + Decimal("0.08"),
    }[colours["cost"]]
    forecast_end = (
        project.planned_end + dt.timedelta(days=slip_days) if project.planned_end else None
    )
    forecast_cost = (budget * cost_factor).quantize(Decimal("1")) if budget else None
    proposal_time = rag.propose_time(
        baseline_end=project.planned_end, forecast_end=forecast_end, tolerance_days=tolerance_days
    )
    proposal_cost = rag.propose_cost(
        baseline_cost=budget or None,
        forecast_cost=forecast_cost,
        tolerance=rag.cost_tolerance(baseline_cost=budget, pct=tolerance_pct, eur=None),
    )
    overall = rag.worst(colours.values())
    exception = proposal_time.beyond_tolerance or proposal_cost.beyond_tolerance
    period_end = shift(period, 1) - dt.timedelta(days=1)
    submitted = timezone.make_aware(
        dt.datetime.combine(period_end + dt.timedelta(days=3), dt.time(10, 30))
    )
    return StatusReport(
        project=project,
        period=period,
        state=StatusReport.State.SUBMITTED,
        **{f"rag_{key}": colour for key, colour in colours.items()},
        rag_overall=overall,
        proposed_rag_time=proposal_time.rag or "",
        proposed_rag_cost=proposal_cost.rag or "",
        override_reason_time=""
        if proposal_time.rag in (None, colours["time"])
        else "Inschatting projectleider, toegelicht in het projectteam.",
        override_reason_cost=""
        if proposal_cost.rag in (None, colours["cost"])
        else "Inschatting projectleider, toegelicht in het projectteam.",
        explanations={
            key: dict(zip(("cause", "effect", "measure"), EXPLAIN[key], strict=True))
            for key, colour in colours.items()
            if colour != rag.GREEN
        },
        progress_pct=min(100, 8 * (month + 1) + rng.randint(0, 6)),
        forecast_end=forecast_end,
        forecast_cost=forecast_cost,
        actual_cost=(budget * Decimal(min(month + 1, 12)) / 14).quantize(Decimal("1"))
        if budget
        else None,
        actual_cost_date=period_end if budget else None,
        achievements="Mijlpalen van deze maand gehaald; overleg met de gebruikers gevoerd.",
        next_plans="Volgende deelopdracht gunnen en de planning bijwerken.",
        escalations="Onvoldoende capaciteit bij het team Inkoop en aanbesteding."
        if trajectory == "troubled" and month == MONTHS - 1
        else "",
        decisions_requested="Besluit over extra inhuur gevraagd."
        if trajectory == "troubled" and month == MONTHS - 1
        else "",
        is_exception=exception,
        exception_cause="De prognose overschrijdt de tolerantie." if exception else "",
        exception_consequences="Oplevering en kosten buiten de afspraak met de opdrachtgever."
        if exception
        else "",
        exception_options="A: scope versoberen; B: meer tijd en budget; C: stoppen"
        if exception
        else "",
        exception_recommendation="Optie A, met herijking van de planning." if exception else "",
        created_by=author,
        submitted_by=project.manager or author,
        submitted_at=submitted,
    )


def _agenda(meeting: BoardMeeting) -> None:
    """The next meeting gets what open projects' newest reports ask of the board."""
    if meeting.items.exists():
        return
    for report in reports_for_the_board():
        agenda_place_report(report=report, meeting=meeting)
