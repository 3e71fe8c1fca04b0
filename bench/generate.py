"""Build a large synthetic portfolio for benchmarks.

    python bench/generate.py --projects 10000 [--seed 1] [--fresh] [--reports-months 12]

Everything generated is recognisable: the portfolio has code BENCH, org units start with
"B" + a domain code (BSD, BRU, …), usernames start with "bench.". `--fresh` deletes exactly
that data first; demo or real data in the same database is left alone.

The database is the one the settings point at (DATABASE_URL, or SQLITE_PATH for SQLite);
run `python manage.py migrate` on it first (the role groups come from migrate).

`--reports-months M` also creates, per project, one submitted and current status report
(revision 1) for each of the M months before the current month (`timezone.localdate()`,
so the current period stays free for new reports). With the default 0 nothing changes:
the same seed gives the same projects, budgets and milestones with or without reports.
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
        # Reports before projects (the FK cascades anyway, but the collector would load
        # every report first; at 10,000 projects × 12 months that is 120,000 objects).
        deleted.update(_delete_reports(projects))
        deleted["milestones"] = Milestone.objects.filter(project__in=projects).delete()[0]
        deleted["budgets"] = ProjectBudget.objects.filter(project__in=projects).delete()[0]
        deleted["projects"] = projects.delete()[1].get(Project._meta.label, 0)
        deleted["programmes"] = Programme.objects.filter(portfolio__code=PORTFOLIO_CODE).delete()[0]
        Portfolio.objects.filter(code=PORTFOLIO_CODE).delete()
        # Audit entries written by bench users (the report benchmark saves through the UI).
        from pmo.models import AuditEntry

        deleted["audit_entries"] = AuditEntry.objects.filter(
            actor__username__startswith=USER_PREFIX
        ).delete()[0]
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


def _delete_reports(projects) -> dict[str, int]:
    """Status reports of `projects` and what hangs on them, in a few set-based statements."""
    from django.db import connection

    from portfolio.models import AgendaItem, ReportReminder, StatusReport

    deleted = {
        "agenda_items": AgendaItem.objects.filter(project__in=projects).delete()[0],
        "reminders": ReportReminder.objects.filter(project__in=projects).delete()[0],
    }
    reports = StatusReport.objects.filter(project__in=projects.values("pk")).order_by()
    reports.filter(supersedes__isnull=False).update(supersedes=None)  # PROTECT between revisions
    # One DELETE … WHERE project_id IN (…): nothing else references these rows any more.
    sql, params = reports.values("pk").query.sql_with_params()
    table = connection.ops.quote_name(StatusReport._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({sql})", params)
        deleted["reports"] = cursor.rowcount
    return deleted


# Texts of the generated reports (the form carries next_plans and explanations over).
REPORT_TEXTS = {
    "achievements": [
        "Ontwerp afgerond en besproken met de stuurgroep.",
        "Aanbesteding gepubliceerd; vragenronde gesloten.",
        "Eerste oplevering getest met gebruikers.",
        "Vergunning aangevraagd, overleg met omwonenden gevoerd.",
        "Migratie van gegevens proefgedraaid.",
    ],
    "next_plans": [
        "Gunning en start uitvoering.",
        "Tweede oplevering en acceptatietest.",
        "Afronden ontwerp en besluitvorming.",
        "Communicatie naar bewoners en start werkzaamheden.",
        "Overdracht aan de beheerorganisatie voorbereiden.",
    ],
}
EXPLANATION = {
    "cause": "Vertraging bij leverancier en krapte in capaciteit.",
    "effect": "Mijlpaal schuift enkele weken op.",
    "measure": "Extra capaciteit ingehuurd; planning wekelijks bewaakt.",
}


# Per trend and state: chance per month to get one step worse, one step better.
TRANSITIONS = {
    "improving": {0: (0.02, 0.0), 1: (0.03, 0.40), 2: (0.0, 0.35)},
    "stable": {0: (0.05, 0.0), 1: (0.06, 0.25), 2: (0.0, 0.20)},
    "worsening": {0: (0.12, 0.0), 1: (0.15, 0.10), 2: (0.0, 0.08)},
}


def _month_shift(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def report_periods(months: int, before: dt.date | None = None) -> list[dt.date]:
    """First days of the `months` months before the month of `before` (default: today),
    oldest first."""
    if before is None:
        from django.utils import timezone

        before = timezone.localdate()
    current = before.replace(day=1)
    return [_month_shift(current, -k) for k in range(months, 0, -1)]


def _build_reports(
    project_rows, plans, budget_totals, managers, periods, rng: random.Random
) -> list:
    """M monthly, submitted, current reports per project with drifting colours."""
    from django.utils import timezone

    from portfolio.models import StatusReport
    from portfolio.rag import AMBER, GREEN, RED

    colours = (GREEN, AMBER, RED)
    dimensions = ["time", "cost", "scope", "quality", "risk", "benefits"]
    tz = timezone.get_current_timezone()
    reports = []
    for project, (_start, end), budget, manager in zip(
        project_rows, plans, budget_totals, managers, strict=True
    ):
        # The project's state (0 green, 1 amber, 2 red) moves month by month along its
        # trend; the overall colour is that state, one or two "problem" dimensions carry
        # it, the others stay green with an occasional amber. About 70/20/10 % overall.
        trend = rng.choices(list(TRANSITIONS), [2, 6, 2])[0]
        state = rng.choices([0, 1, 2], [78, 16, 6])[0]
        problems = rng.sample(dimensions, rng.choice([1, 1, 2]))
        progress = rng.randint(0, 35)
        for period in periods:
            up, down = TRANSITIONS[trend][state]
            roll = rng.random()
            state = (
                min(state + 1, 2) if roll < up else max(state - 1, 0) if roll < up + down else state
            )
            health = {
                d: state if d in problems else (1 if rng.random() < 0.04 else 0) for d in dimensions
            }
            rag = {d: colours[health[d]] for d in dimensions}
            overall = colours[max(state, 1 if sum(health.values()) >= 2 else 0)]
            progress = min(100, progress + rng.randint(2, 9))
            # Consistent with the default tolerances (30 days, 10 %): the proposal matches.
            slip_days = {0: rng.randint(-10, 10), 1: rng.randint(16, 30), 2: rng.randint(60, 150)}
            forecast_end = (end if end else TODAY) + dt.timedelta(days=slip_days[health["time"]])
            cost_factor = {0: "1.00", 1: "1.07", 2: "1.18"}[health["cost"]]
            submitted_day = _month_shift(period, 1) + dt.timedelta(days=rng.randint(0, 6))
            reports.append(
                StatusReport(
                    project_id=project.pk,
                    period=period,
                    revision=1,
                    is_current=True,
                    state=StatusReport.State.SUBMITTED,
                    **{f"rag_{d}": rag[d] for d in dimensions},
                    rag_overall=overall,
                    proposed_rag_time=rag["time"],
                    proposed_rag_cost=rag["cost"] if budget else "",
                    explanations={d: dict(EXPLANATION) for d in dimensions if rag[d] != GREEN},
                    progress_pct=progress,
                    forecast_end=forecast_end,
                    forecast_cost=(budget * Decimal(cost_factor)).quantize(Decimal("0.01"))
                    if budget
                    else None,
                    achievements=rng.choice(REPORT_TEXTS["achievements"]),
                    next_plans=rng.choice(REPORT_TEXTS["next_plans"]),
                    is_exception=health["time"] == 2 or health["cost"] == 2,
                    created_by_id=manager,
                    submitted_by_id=manager,
                    submitted_at=dt.datetime.combine(submitted_day, dt.time(10, 0), tzinfo=tz),
                    version=2,
                )
            )
    return reports


def generate(
    *,
    projects: int,
    seed: int = 1,
    fresh: bool = False,
    analyze: str = "auto",
    reports_months: int = 0,
    reports_before: dt.date | None = None,
    log=print,
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
        StatusReport,
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

        if reports_months > 0:
            # Own random stream: the projects above stay identical with or without reports.
            periods = report_periods(reports_months, reports_before)
            reports_rng = random.Random(seed * 7919 + reports_months)
            managers = [p.manager_id or p.sponsor_id for p in project_rows]
            count = 0
            # Built and inserted per slice of projects, so memory stays flat at 10,000+.
            step = max(1, 5 * BATCH // reports_months)
            for first in range(0, len(project_rows), step):
                chunk = slice(first, first + step)
                reports = _build_reports(
                    project_rows[chunk],
                    plans[chunk],
                    budget_totals[chunk],
                    managers[chunk],
                    periods,
                    reports_rng,
                )
                StatusReport.objects.bulk_create(reports, batch_size=BATCH)
                count += len(reports)
            created["reports"] = count
            # The roll-up reads Project.current_report, which the report services keep.
            from portfolio.services.status import current_reports_refresh

            current_reports_refresh(project_ids=[p.pk for p in project_rows])
            result["report_periods"] = [f"{periods[0]:%Y-%m}", f"{periods[-1]:%Y-%m}"]
    result["created"] = created
    result["insert_s"] = round(time.perf_counter() - started, 2)

    if analyze == "yes" or (analyze == "auto" and connection.vendor == "postgresql"):
        analyze_started = time.perf_counter()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # What autovacuum would do soon anyway; makes runs comparable.
                for model in (OrgUnit, Project, ProjectBudget, Milestone, User, StatusReport):
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
        "--reports-months",
        type=int,
        default=0,
        metavar="M",
        help="also create M months of submitted status reports per project, the months "
        "before the current one (default 0: none)",
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
    if args.reports_months < 0:
        parser.error("--reports-months must be 0 or more")
    result = generate(
        projects=args.projects,
        seed=args.seed,
        fresh=args.fresh,
        analyze=args.analyze,
        reports_months=args.reports_months,
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
