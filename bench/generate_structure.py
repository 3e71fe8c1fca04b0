"""The bench portfolio's structure: org tree, people, programmes, projects, budgets and
milestones (bench/generate.py).

One random stream runs through these steps in this order (org tree, people, programmes,
projects, budgets and milestones); reordering them changes the data a seed gives.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from bench.generate_names import (
    ACTIONS,
    BATCH,
    BOARD_COUNT,
    DEPARTMENTS_PER_DOMAIN,
    DOMAINS,
    FIRST_NAMES,
    LAST_NAMES,
    MILESTONE_NAMES,
    PASSWORD,
    PHASE_WEIGHTS,
    PLACES,
    PORTFOLIO_CODE,
    PROGRAMME_COUNT,
    PROJECTLEIDER_COUNT,
    SUBJECTS,
    TODAY,
)


@dataclass
class Structure:
    """What the later steps need of the earlier ones."""

    domains: list = field(default_factory=list)
    departments: list = field(default_factory=list)
    portfolio: object = None
    board: list = field(default_factory=list)
    leaders: list = field(default_factory=list)
    programmes: list = field(default_factory=list)


def _status_for(phase: str, rng: random.Random) -> str:
    if phase == "initiatief":
        return "voorgesteld"
    if phase == "afgesloten":
        return rng.choice(["afgerond"] * 4 + ["gestopt"])
    return rng.choice(["lopend"] * 9 + ["gepauzeerd"])


def build_structure(groups: dict, rng: random.Random, created: dict) -> Structure:
    """Org tree, portfolio, users with their groups and programmes."""
    from django.contrib.auth.hashers import make_password

    from pmo.models import User
    from portfolio.projects.models import OrgUnit, Portfolio, Programme

    built = Structure()
    # Org tree: ~30 units with save() (the path needs the primary key).
    for code, name in DOMAINS:
        domain = OrgUnit(code=code, name=f"{name} (bench)", kind=OrgUnit.Kind.DOMAIN)
        domain.save()
        built.domains.append(domain)
        for number in range(1, DEPARTMENTS_PER_DOMAIN + 1):
            unit = OrgUnit(
                code=f"{code}-{number}",
                name=f"{name} afdeling {number}",
                kind=OrgUnit.Kind.DEPARTMENT,
                parent=domain,
            )
            unit.save()
            built.departments.append(unit)
    created["org_units"] = len(built.domains) + len(built.departments)

    built.portfolio = Portfolio.objects.create(
        code=PORTFOLIO_CODE,
        name="Benchmarkportfolio",
        description="Synthetische gegevens voor benchmarks (bench/generate.py).",
    )

    # Users: one password hash for all (hashing is deliberately slow).
    password = make_password(PASSWORD)

    def person(username: str, **extra) -> User:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        return User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@bench.example",
            password=password,
            **extra,
        )

    departments = built.departments
    built.board = [person(f"bench.raad.{n}") for n in range(1, BOARD_COUNT + 1)]
    built.leaders = [
        person(f"bench.pl.{n:03d}", org_unit=departments[(n - 1) % len(departments)])
        for n in range(1, PROJECTLEIDER_COUNT + 1)
    ]
    analyst = person("bench.analist", org_unit=departments[-1], is_staff=True)
    User.objects.bulk_create(built.board + built.leaders + [analyst], batch_size=BATCH)
    Membership = User.groups.through
    Membership.objects.bulk_create(
        [Membership(user_id=u.pk, group_id=groups["portfolioraad"].pk) for u in built.board]
        + [Membership(user_id=u.pk, group_id=groups["projectleider"].pk) for u in built.leaders]
        + [Membership(user_id=analyst.pk, group_id=groups["pmo-analist"].pk)],
        batch_size=BATCH,
    )
    created["users"] = len(built.board) + len(built.leaders) + 1

    built.programmes = [
        Programme(
            code=f"BENCH-PRG-{n}",
            name=f"Programma {n} (bench)",
            portfolio=built.portfolio,
            org_unit=built.domains[(n - 1) % len(built.domains)],
            sponsor=built.board[n % len(built.board)],
            manager=built.leaders[n],
        )
        for n in range(1, PROGRAMME_COUNT + 1)
    ]
    Programme.objects.bulk_create(built.programmes)
    created["programmes"] = len(built.programmes)
    return built


def build_projects(
    built: Structure, projects: int, rng: random.Random, created: dict
) -> tuple[list, list[tuple[dt.date, dt.date]]]:
    """`projects` projects over all phases and statuses; returns them and their plans."""
    from portfolio.projects.models import Project

    departments, board, leaders = built.departments, built.board, built.leaders
    leaders_by_unit: dict[int, list] = {}
    for leader in leaders:
        leaders_by_unit.setdefault(leader.org_unit_id, []).append(leader)

    phases = list(PHASE_WEIGHTS)
    weights = list(PHASE_WEIGHTS.values())
    realisation = phases.index("realisatie")
    width = max(5, len(str(projects)))
    project_rows, plans = [], []
    for i in range(1, projects + 1):
        unit = departments[rng.randrange(len(departments))]
        domain_code = unit.code.split("-")[0]
        going_concern = rng.random() < 0.08
        phase = "realisatie" if going_concern else rng.choices(phases, weights)[0]
        status = "lopend" if going_concern else _status_for(phase, rng)
        start = TODAY + dt.timedelta(
            days=rng.randint(-900, 120) + 120 * (realisation - phases.index(phase))
        )
        end = start + dt.timedelta(days=rng.randint(240, 1100))
        has_dates = rng.random() >= 0.03
        roll = rng.random()
        if roll < 0.03:
            manager = None
        elif roll < 0.9:
            manager = rng.choice(leaders_by_unit[unit.pk])
        else:
            manager = rng.choice(leaders)
        name = f"{rng.choice(ACTIONS)} {rng.choice(SUBJECTS)} {rng.choice(PLACES)}"
        project_rows.append(
            Project(
                code=f"{domain_code}-{start.year}-{i:0{width}d}",
                name=name,
                description=f"{name}; synthetisch benchmarkproject.",
                kind="lijn" if going_concern else "project",
                portfolio=built.portfolio,
                org_unit=unit,
                programme=rng.choice(built.programmes) if rng.random() < 0.6 else None,
                sponsor=rng.choice(board),
                manager=manager,
                phase=phase,
                status=status,
                delivery_approach=rng.choice(["traditioneel", "agile", "hybride"]),
                planned_start=start if has_dates else None,
                planned_end=end if has_dates else None,
                external_id=f"BENCH-ZK-{i:06d}" if rng.random() < 0.3 else None,
                version=1,
            )
        )
        plans.append((start, end))
    Project.objects.bulk_create(project_rows, batch_size=BATCH)
    created["projects"] = len(project_rows)
    return project_rows, plans


def build_budgets_and_milestones(
    project_rows, plans, rng: random.Random, created: dict
) -> list[Decimal]:
    """2–5 yearly budget rows and 4 milestones per project; returns the budget totals."""
    from portfolio.projects.models import Milestone, ProjectBudget

    budgets, milestones, budget_totals = [], [], []
    for project, (start, end) in zip(project_rows, plans, strict=True):
        yearly = rng.choice([80_000, 150_000, 250_000, 400_000, 750_000, 1_200_000])
        total = Decimal(0)
        for year in range(start.year, start.year + rng.randint(2, 5)):
            factor = rng.choice(["0.6", "0.8", "1.0", "1.2"])
            amount = Decimal(yearly) * Decimal(factor)
            total += amount
            budgets.append(ProjectBudget(project_id=project.pk, year=year, amount=amount))
        budget_totals.append(total)
        span = (end - start).days
        for index, milestone_name in enumerate(MILESTONE_NAMES):
            baseline = start + dt.timedelta(days=span * index // (len(MILESTONE_NAMES) - 1))
            forecast = baseline + dt.timedelta(days=rng.randint(-10, 90))
            milestones.append(
                Milestone(
                    project_id=project.pk,
                    name=milestone_name,
                    baseline_date=baseline,
                    forecast_date=forecast,
                    actual_date=forecast if forecast < TODAY else None,
                )
            )
    ProjectBudget.objects.bulk_create(budgets, batch_size=BATCH)
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    created["budgets"] = len(budgets)
    created["milestones"] = len(milestones)
    return budget_totals
