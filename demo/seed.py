"""Building the demo municipality. Deterministic, and a second run changes nothing."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction

from pmo.actors import Actor
from pmo.models import User
from pmo.roles import Role
from portfolio.capacity.models import Team
from portfolio.projects.models import (
    PHASE_ORDER,
    LifecycleStatus,
    Milestone,
    OrgUnit,
    Phase,
    Portfolio,
    Programme,
    Project,
    ProjectBudget,
)
from portfolio.projects.services import project_create

from . import data as demo_data
from .assessment import seed_assessment
from .benefit_maps import seed_maps
from .benefits import seed_benefits
from .capacity import seed_capacity
from .dashboards import seed_dashboards
from .history import seed_history
from .issues import seed_issues
from .resistance import seed_resistance
from .risks import seed_risks
from .stakeholders import seed_stakeholders

PORTFOLIO_CODE = "LHV"
TODAY = dt.date(2026, 11, 1)  # fixed so the demo does not drift with the clock


def _status_for(phase: str, rng: random.Random) -> str:
    if phase == Phase.INITIATION:
        return LifecycleStatus.PROPOSED
    if phase == Phase.CLOSED:
        return rng.choice([LifecycleStatus.COMPLETED] * 4 + [LifecycleStatus.CANCELLED])
    return rng.choice([LifecycleStatus.ACTIVE] * 9 + [LifecycleStatus.ON_HOLD])


@transaction.atomic
def seed_demo() -> dict[str, int]:
    """Create what is missing of the demo; existing rows are left as they are."""
    created = {"org_units": 0, "users": 0, "projects": 0, "teams": 0, "programmes": 0}
    rng = random.Random(2026)

    units: dict[str, OrgUnit] = {}
    for domain_code, domain_name, departments in demo_data.ORGANISATION:
        domain, new = OrgUnit.objects.get_or_create(
            code=domain_code, defaults={"name": domain_name, "kind": OrgUnit.Kind.DOMAIN}
        )
        created["org_units"] += new
        units[domain_code] = domain
        for code, name in departments:
            unit, new = OrgUnit.objects.get_or_create(
                code=code,
                defaults={"name": name, "kind": OrgUnit.Kind.DEPARTMENT, "parent": domain},
            )
            created["org_units"] += new
            units[code] = unit

    users: dict[str, User] = {}
    for username, first, last, role, unit_code in demo_data.USERS:
        user, new = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@lindenhoven.example",
                "org_unit": units.get(unit_code) if unit_code else None,
                "is_staff": role in (Role.PMO_ANALIST, Role.BEHEERDER),
            },
        )
        if new:
            user.set_password(demo_data.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            if role:
                user.groups.add(Group.objects.get(name=role))
            created["users"] += 1
        users[username] = user
    managers_by_unit: dict[str, list[User]] = {}
    for username, _first, _last, role, unit_code in demo_data.USERS:
        if role == Role.PROJECTLEIDER:
            managers_by_unit.setdefault(unit_code, []).append(users[username])
    all_managers = [user for group in managers_by_unit.values() for user in group]
    sponsors = [users["raad"], users["raad.hendriks"]]

    portfolio, _new = Portfolio.objects.get_or_create(
        code=PORTFOLIO_CODE,
        defaults={
            "name": demo_data.MUNICIPALITY,
            "description": "Het concernportfolio van de gemeente Lindenhoven.",
        },
    )
    programmes: dict[str, Programme] = {}
    for code, name, domain_code in demo_data.PROGRAMMES:
        programme, new = Programme.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "portfolio": portfolio,
                "org_unit": units[domain_code],
                "sponsor": sponsors[len(programmes) % 2],
                "manager": users.get(demo_data.PROGRAMME_MANAGERS.get(code)),
            },
        )
        created["programmes"] += new
        programmes[code] = programme

    for code, name, unit_code, fte in demo_data.TEAMS:
        _team, new = Team.objects.get_or_create(
            code=code,
            defaults={"name": name, "org_unit": units[unit_code], "fte": Decimal(fte)},
        )
        created["teams"] += new

    phases = list(Phase)
    number = 0
    for unit_code, projects in demo_data.PROJECTS.items():
        domain_code = unit_code.split("-")[0]
        for name, programme_code, going_concern in projects:
            number += 1
            code = f"{domain_code}-{2024 + number % 3}-{number:03d}"
            # Draw every random value whether or not the project exists, so a partial
            # earlier run cannot shift what later projects get.
            phase = Phase.REALISATION if going_concern else phases[rng.randrange(len(phases))]
            status = LifecycleStatus.ACTIVE if going_concern else _status_for(phase, rng)
            statutory = name in demo_data.STATUTORY
            if statutory:  # the elections run, whatever the draw said
                phase, status = Phase.REALISATION, LifecycleStatus.ACTIVE
            start = TODAY + dt.timedelta(
                days=rng.randint(-900, 120)
                + 120 * (PHASE_ORDER[Phase.REALISATION] - PHASE_ORDER[phase])
            )
            end = start + dt.timedelta(days=rng.randint(240, 1100))
            yearly = rng.choice([80_000, 150_000, 250_000, 400_000, 750_000, 1_200_000, 2_500_000])
            local_managers = managers_by_unit.get(unit_code) or all_managers
            manager = local_managers[number % len(local_managers)]
            slips = [rng.randint(-10, 90) for _ in demo_data.MILESTONE_NAMES]
            if Project.objects.filter(code=code).exists():
                continue
            project = project_create(
                actor=Actor.seed(None),
                code=code,
                name=name,
                description=f"{name} binnen {units[unit_code].name}.",
                kind=Project.Kind.GOING_CONCERN if going_concern else Project.Kind.PROJECT,
                portfolio=portfolio,
                org_unit=units[unit_code],
                programme=programmes.get(programme_code) if programme_code else None,
                sponsor=sponsors[number % 2],
                manager=manager,
                phase=phase,
                status=status,
                delivery_approach=rng.choice(list(Project.DeliveryApproach)),
                planned_start=start,
                planned_end=end,
                statutory=statutory,
                # The key the financial administration knows it by (for the API's sync).
                external_id=f"FIN-{code}",
            )
            created["projects"] += 1
            for year in range(start.year, end.year + 1):
                amount = Decimal(yearly) * Decimal(rng.choice([0.6, 0.8, 1.0, 1.2]))
                ProjectBudget.objects.create(
                    project=project, year=year, amount=amount, actual=_booked(amount, year)
                )
            span = (end - start).days
            for index, milestone_name in enumerate(demo_data.MILESTONE_NAMES):
                baseline = start + dt.timedelta(days=span * index // (len(slips) - 1))
                forecast = baseline + dt.timedelta(days=slips[index])
                done = forecast < TODAY
                Milestone.objects.create(
                    project=project,
                    external_id=f"FIN-{code}-M{index + 1}",
                    name=milestone_name,
                    baseline_date=baseline,
                    forecast_date=forecast,
                    actual_date=forecast if done else None,
                )
    created.update(seed_history(today=TODAY, board=users["raad"], analyst=users["analist"]))
    created.update(seed_capacity(today=TODAY))
    created.update(seed_assessment(today=TODAY, analyst=users["analist"], board=users["raad"]))
    created.update(seed_benefits(today=TODAY, analyst=users["analist"]))
    created.update(seed_maps(analyst=users["analist"]))
    created.update(seed_risks(today=TODAY, analyst=users["analist"]))
    created.update(seed_issues(today=TODAY, analyst=users["analist"], board=users["raad"]))
    created.update(seed_stakeholders(today=TODAY, analyst=users["analist"]))
    created.update(seed_resistance(today=TODAY, analyst=users["analist"]))
    created.update(seed_dashboards(analyst=users["analist"]))
    return created


def _booked(amount: Decimal, year: int) -> Decimal | None:
    """What finance booked in a year, as its sync would deliver it: most of the budget
    in past years, the elapsed part of this one, nothing yet for later years."""
    if year < TODAY.year:
        return (amount * Decimal("0.92")).quantize(Decimal("0.01"))
    if year == TODAY.year:
        elapsed = Decimal(TODAY.timetuple().tm_yday) / Decimal(365)
        return (amount * elapsed * Decimal("0.85")).quantize(Decimal("0.01"))
    return None
