"""Build a large synthetic portfolio for benchmarks.

    python bench/generate.py --projects 10000 [--seed 1] [--fresh]

Everything generated is recognisable: the portfolio has code BENCH, org units start with
"B" + a domain code (BSD, BRU, …), usernames start with "bench.". `--fresh` deletes exactly
that data first; demo or real data in the same database is left alone.

The database is the one the settings point at (DATABASE_URL, or SQLITE_PATH for SQLite);
run `python manage.py migrate` on it first (the role groups come from migrate).
"""

import argparse
import datetime as dt
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PORTFOLIO_CODE = "BENCH"
USER_PREFIX = "bench."
BOARD_USERNAME = "bench.raad.1"
PROJECTLEIDER_USERNAME = "bench.pl.001"
PASSWORD = "bench-wachtwoord"
TODAY = dt.date(2026, 11, 1)  # fixed, like the demo, so the data does not drift
BATCH = 1000

DOMAINS = [
    ("BSD", "Sociaal Domein"),
    ("BRU", "Ruimte"),
    ("BSB", "Stadsbeheer"),
    ("BDV", "Dienstverlening"),
    ("BVE", "Veiligheid"),
    ("BBV", "Bedrijfsvoering"),
]
DEPARTMENTS_PER_DOMAIN = 4
PROGRAMME_COUNT = 8
PROJECTLEIDER_COUNT = 50
BOARD_COUNT = 3

# Relative weights of the phases; most work sits in the middle of the lifecycle.
PHASE_WEIGHTS = {
    "initiatief": 10,
    "definitie": 12,
    "ontwerp": 14,
    "voorbereiding": 14,
    "realisatie": 28,
    "nazorg": 8,
    "afgesloten": 14,
}

ACTIONS = [
    "Vervanging",
    "Renovatie",
    "Aanleg",
    "Herinrichting",
    "Digitalisering",
    "Invoering",
    "Verduurzaming",
    "Uitbreiding",
    "Aanbesteding",
    "Modernisering",
    "Onderzoek",
    "Pilot",
]
SUBJECTS = [
    "riolering",
    "schoolgebouw",
    "fietspad",
    "zaaksysteem",
    "sporthal",
    "openbare verlichting",
    "wijkcentrum",
    "parkeerbeleid",
    "klantportaal",
    "groenonderhoud",
    "brug",
    "archief",
    "jeugdhulp",
    "laadpalen",
    "kademuur",
    "bibliotheek",
    "afvalinzameling",
    "subsidieregeling",
]
PLACES = [
    "Noord",
    "Zuid",
    "Oost",
    "West",
    "Centrum",
    "Havenkwartier",
    "De Linden",
    "Hoven",
    "Kerkbuurt",
    "Molenwijk",
    "Stationsgebied",
    "Buitengebied",
]
FIRST_NAMES = [
    "Anna",
    "Bram",
    "Chantal",
    "Daan",
    "Esra",
    "Femke",
    "Gijs",
    "Hanna",
    "Ilse",
    "Joost",
    "Karim",
    "Lieke",
    "Mark",
    "Noor",
    "Olaf",
    "Priya",
    "Quinten",
    "Roos",
]
LAST_NAMES = [
    "de Boer",
    "Jansen",
    "Visser",
    "Smit",
    "Meijer",
    "de Groot",
    "Bos",
    "Mulder",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "Kaya",
]
MILESTONE_NAMES = [
    "Projectopdracht vastgesteld",
    "Plan van aanpak gereed",
    "Aanbesteding gegund",
    "Oplevering",
]


def _status_for(phase: str, rng: random.Random) -> str:
    if phase == "initiatief":
        return "voorgesteld"
    if phase == "afgesloten":
        return rng.choice(["afgerond"] * 4 + ["gestopt"])
    return rng.choice(["lopend"] * 9 + ["gepauzeerd"])


def bench_data_exists() -> bool:
    from django.db.models import Q

    from pmo.models import User
    from portfolio.models import OrgUnit, Portfolio

    return (
        Portfolio.objects.filter(code=PORTFOLIO_CODE).exists()
        or User.objects.filter(username__startswith=USER_PREFIX).exists()
        or OrgUnit.objects.filter(Q(code__in=[code for code, _name in DOMAINS])).exists()
    )


def delete_bench_data() -> dict[str, int]:
    """Remove everything an earlier run generated (and nothing else)."""
    from django.db import transaction

    from pmo.models import User
    from portfolio.models import Milestone, OrgUnit, Portfolio, Programme, Project, ProjectBudget

    domain_codes = [code for code, _name in DOMAINS]
    deleted = {}
    with transaction.atomic():
        projects = Project.objects.filter(portfolio__code=PORTFOLIO_CODE)
        deleted["milestones"] = Milestone.objects.filter(project__in=projects).delete()[0]
        deleted["budgets"] = ProjectBudget.objects.filter(project__in=projects).delete()[0]
        deleted["projects"] = projects.delete()[1].get(Project._meta.label, 0)
        deleted["programmes"] = Programme.objects.filter(portfolio__code=PORTFOLIO_CODE).delete()[0]
        Portfolio.objects.filter(code=PORTFOLIO_CODE).delete()
        deleted["users"] = (
            User.objects.filter(username__startswith=USER_PREFIX)
            .delete()[1]
            .get(User._meta.label, 0)
        )
        units = list(
            OrgUnit.objects.filter(code__regex=r"^(" + "|".join(domain_codes) + r")(-|$)").only(
                "pk", "path"
            )
        )
        # PROTECT on parent: delete the deepest units first.
        deleted["org_units"] = 0
        for unit in sorted(units, key=lambda u: u.path.count("/"), reverse=True):
            deleted["org_units"] += OrgUnit.objects.filter(pk=unit.pk).delete()[0]
    return deleted


def generate(
    *, projects: int, seed: int = 1, fresh: bool = False, analyze: str = "auto", log=print
) -> dict:
    """Create the synthetic portfolio; returns counts and timings."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from pmo.models import User
    from portfolio.models import (
        Milestone,
        OrgUnit,
        Portfolio,
        Programme,
        Project,
        ProjectBudget,
    )

    started = time.perf_counter()
    result: dict = {"projects_requested": projects, "seed": seed}
    if fresh:
        result["deleted"] = delete_bench_data()
        if any(result["deleted"].values()):
            log(f"deleted earlier bench data: {result['deleted']}")
    elif bench_data_exists():
        raise SystemExit(
            "Bench data already exists in this database; run with --fresh to replace it."
        )
    groups = {group.name: group for group in Group.objects.all()}
    for needed in ("portfolioraad", "projectleider", "pmo-analist"):
        if needed not in groups:
            raise SystemExit(f"Group {needed!r} is missing: run `manage.py migrate` first.")

    rng = random.Random(seed)
    created = {}
    with transaction.atomic():
        # Org tree: ~30 units with save() (the path needs the primary key).
        domains, departments = [], []
        for code, name in DOMAINS:
            domain = OrgUnit(code=code, name=f"{name} (bench)", kind=OrgUnit.Kind.DOMAIN)
            domain.save()
            domains.append(domain)
            for number in range(1, DEPARTMENTS_PER_DOMAIN + 1):
                unit = OrgUnit(
                    code=f"{code}-{number}",
                    name=f"{name} afdeling {number}",
                    kind=OrgUnit.Kind.DEPARTMENT,
                    parent=domain,
                )
                unit.save()
                departments.append(unit)
        created["org_units"] = len(domains) + len(departments)

        portfolio = Portfolio.objects.create(
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

        board = [person(f"bench.raad.{n}") for n in range(1, BOARD_COUNT + 1)]
        leaders = [
            person(f"bench.pl.{n:03d}", org_unit=departments[(n - 1) % len(departments)])
            for n in range(1, PROJECTLEIDER_COUNT + 1)
        ]
        analyst = person("bench.analist", org_unit=departments[-1], is_staff=True)
        User.objects.bulk_create(board + leaders + [analyst], batch_size=BATCH)
        Membership = User.groups.through
        Membership.objects.bulk_create(
            [Membership(user_id=u.pk, group_id=groups["portfolioraad"].pk) for u in board]
            + [Membership(user_id=u.pk, group_id=groups["projectleider"].pk) for u in leaders]
            + [Membership(user_id=analyst.pk, group_id=groups["pmo-analist"].pk)],
            batch_size=BATCH,
        )
        created["users"] = len(board) + len(leaders) + 1

        programmes = [
            Programme(
                code=f"BENCH-PRG-{n}",
                name=f"Programma {n} (bench)",
                portfolio=portfolio,
                org_unit=domains[(n - 1) % len(domains)],
                sponsor=board[n % len(board)],
                manager=leaders[n],
            )
            for n in range(1, PROGRAMME_COUNT + 1)
        ]
        Programme.objects.bulk_create(programmes)
        created["programmes"] = len(programmes)

        leaders_by_unit: dict[int, list[User]] = {}
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
                    portfolio=portfolio,
                    org_unit=unit,
                    programme=rng.choice(programmes) if rng.random() < 0.6 else None,
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

        budgets, milestones = [], []
        for project, (start, end) in zip(project_rows, plans, strict=True):
            yearly = rng.choice([80_000, 150_000, 250_000, 400_000, 750_000, 1_200_000])
            for year in range(start.year, start.year + rng.randint(2, 5)):
                factor = rng.choice(["0.6", "0.8", "1.0", "1.2"])
                budgets.append(
                    ProjectBudget(
                        project_id=project.pk, year=year, amount=Decimal(yearly) * Decimal(factor)
                    )
                )
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
    result["created"] = created
    result["insert_s"] = round(time.perf_counter() - started, 2)

    if analyze == "yes" or (analyze == "auto" and connection.vendor == "postgresql"):
        analyze_started = time.perf_counter()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # What autovacuum would do soon anyway; makes runs comparable.
                for model in (OrgUnit, Project, ProjectBudget, Milestone, User):
                    cursor.execute(f'VACUUM ANALYZE "{model._meta.db_table}"')
            else:
                cursor.execute("ANALYZE")
        result["analyze_s"] = round(time.perf_counter() - analyze_started, 2)
    result["total_s"] = round(time.perf_counter() - started, 2)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=1000, help="number of projects")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--fresh", action="store_true", help="delete previously generated bench data first"
    )
    parser.add_argument(
        "--analyze",
        choices=["auto", "yes", "no"],
        default="auto",
        help="update planner statistics afterwards; auto = PostgreSQL only (default)",
    )
    parser.add_argument(
        "--delete",
        action="store_true",
        help="only delete previously generated bench data, create nothing",
    )
    args = parser.parse_args(argv)

    from bench import _django

    _django.setup()
    from django.db import connection

    target = connection.settings_dict["NAME"]
    print(f"database: {connection.vendor} {target}")
    if args.delete:
        print(f"deleted: {delete_bench_data()}")
        return
    result = generate(
        projects=args.projects, seed=args.seed, fresh=args.fresh, analyze=args.analyze
    )
    for what, count in result["created"].items():
        print(f"  {what:<11} {count:>8}")
    print(
        f"done in {result['total_s']} s (inserts {result['insert_s']} s"
        + (f", analyze {result['analyze_s']} s" if "analyze_s" in result else "")
        + ")"
    )


if __name__ == "__main__":
    main()
