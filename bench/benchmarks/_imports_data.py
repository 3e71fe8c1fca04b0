"""The data of the `import` benchmark (bench/benchmarks/imports.py): the bench portfolio
the sheet refers to, and the .xlsx of N project rows, half new codes and half updates of
existing bench projects by code.

The sheet is what a municipality's project list looks like: the importer's own Dutch
labels as its header (so the mapping is proposed by label), dates as Excel dates, choices
by their labels, people by username. A new row fills every column but the external id;
an update row gives the code, a new name and description, the project's own org unit
and the portfolio, and leaves the rest empty (an empty cell leaves the value as it is).
The rows are shuffled with the seed, so news and updates alternate at random.
"""

from __future__ import annotations

import datetime as dt
import io
import random

NEW_PREFIX = "IMP-"
UPDATED_SUFFIX = " (bijgewerkt)"
# Importer column keys in the sheet, in this order (no programme for updates, no
# external id anywhere: the rows are keyed by code, as a sheet without one is).
COLUMNS = [
    "code",
    "name",
    "org_unit",
    "portfolio",
    "programme",
    "kind",
    "phase",
    "status",
    "delivery_approach",
    "planned_start",
    "planned_end",
    "sponsor",
    "manager",
    "statutory",
    "description",
]


def prepare(args, log, *, capacity: bool) -> dict:
    """The bench portfolio with `--projects` projects and, with `capacity`, `--teams`
    bench teams with their demand; earlier import jobs removed first (their PROTECT on
    the user would stop the bench data being replaced), and so are earlier bench teams
    (they protect the bench departments)."""
    from django.core.management import call_command
    from django.db import connection

    from bench.benchmarks._pages import prepare_database
    from bench.generate_names import USER_PREFIX
    from pmo.imports.models import ImportJob, ImportMapping
    from portfolio.projects.models import Project

    from . import _imports_demand as demand

    result: dict = {}
    if connection.vendor != "sqlite" or args.reuse:
        call_command("migrate", verbosity=0)
        jobs = ImportJob.objects.filter(created_by__username__startswith=USER_PREFIX)
        result["deleted_import_jobs"] = jobs.delete()[0]
        result["deleted_mappings"] = ImportMapping.objects.filter(kind="projects").delete()[0]
        if not args.reuse:
            # What an interrupted run left behind: created by the import, not by generate.
            result["deleted_imported"] = Project.objects.filter(
                code__startswith=NEW_PREFIX
            ).delete()[0]
            result["deleted_capacity"] = demand.delete_capacity()
    result["portfolio"] = prepare_database(args.projects, args.seed, 0, args.reuse)
    if capacity and not (args.reuse and demand.bench_teams_exist()):
        result["capacity"] = demand.insert_capacity(args.teams, args.seed, log)
    if Project.objects.filter(code__startswith=NEW_PREFIX).exists():
        raise SystemExit(f"projects {NEW_PREFIX}* exist already; run without --reuse")
    return result


def _labels(field_name: str) -> list[str]:
    from portfolio.projects.models import Project

    return [str(label) for _v, label in Project._meta.get_field(field_name).flatchoices]


def sheet_rows(size: int, seed: int) -> tuple[list[list], dict]:
    """The header and N rows, and what the import is expected to do with them."""
    from bench.generate_names import ACTIONS, PLACES, PORTFOLIO_CODE, SUBJECTS
    from pmo.imports.registry import discovered
    from pmo.models import User
    from portfolio.projects.models import Programme, Project

    importer = discovered()["projects"]
    header = [str(importer.column(key).label) for key in COLUMNS]
    existing = list(
        Project.objects.filter(portfolio__code=PORTFOLIO_CODE)
        .order_by("id")
        .values_list("code", "name", "org_unit__code")
    )
    updates = size // 2
    if updates > len(existing):
        raise SystemExit(
            f"{size} rows need {updates} bench projects to update; --projects is {len(existing)}"
        )
    step = len(existing) / max(updates, 1)
    targets = [existing[int(i * step)] for i in range(updates)]
    leaders: dict[str, list[str]] = {}
    for username, unit in User.objects.filter(username__startswith="bench.pl.").values_list(
        "username", "org_unit__code"
    ):
        leaders.setdefault(unit, []).append(username)
    units = sorted(leaders)
    sponsors = sorted(
        User.objects.filter(username__startswith="bench.raad.").values_list("username", flat=True)
    )
    programmes = sorted(
        Programme.objects.filter(portfolio__code=PORTFOLIO_CODE).values_list("code", flat=True)
    )
    kind, phase = _labels("kind"), _labels("phase")
    status, approach = _labels("status"), _labels("delivery_approach")
    rng = random.Random(seed)
    rows = []
    for i in range(1, size - updates + 1):
        unit = rng.choice(units)
        name = f"{rng.choice(ACTIONS)} {rng.choice(SUBJECTS)} {rng.choice(PLACES)}"
        start = dt.datetime(2027, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
        rows.append(
            [
                f"{NEW_PREFIX}{i:06d}",
                name,
                unit,
                PORTFOLIO_CODE,
                rng.choice(programmes) if rng.random() < 0.5 else None,
                kind[0],  # project
                phase[0],  # initiatief: a new project starts at the beginning
                status[0],  # voorgesteld
                rng.choice(approach),
                start,
                start + dt.timedelta(days=rng.randint(240, 1100)),
                rng.choice(sponsors),
                rng.choice(leaders[unit]),
                "ja" if rng.random() < 0.1 else "nee",
                f"{name}; ingelezen uit de projectenlijst.",
            ]
        )
    for code, name, unit in targets:
        new_name = f"{name[: 200 - len(UPDATED_SUFFIX)]}{UPDATED_SUFFIX}"
        row = [None] * len(COLUMNS)
        row[:4] = [code, new_name, unit, PORTFOLIO_CODE]
        row[-1] = f"{name}; bijgewerkt via de projectenlijst."
        rows.append(row)
    rng.shuffle(rows)
    expected = {
        "rows": size,
        "label": Project._meta.label,
        "created": size - updates,
        "updated": updates,
        "counts": {"rows": size, "created": size - updates, "updated": updates},
        "sample_update": [targets[0][0], targets[0][1]] if targets else None,
        "bench_projects": len(existing),
    }
    return [header, *rows], expected


def workbook_bytes(rows: list[list]) -> bytes:
    """The rows as the first sheet of an .xlsx, as openpyxl writes it (date cells shown
    as dates)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Lijst"
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "DD-MM-YYYY"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def verify(expected: dict, step: str) -> None:
    """The database after a step: no imported project after the check and the undo, N/2
    after the commit; the sample project's new name after the commit only."""
    from portfolio.projects.models import Project

    imported = Project.objects.filter(code__startswith=NEW_PREFIX).count()
    want = expected["created"] if step == "commit" else 0
    if imported != want:
        raise SystemExit(f"projects {step}: {imported} imported projects, expected {want}")
    code, name = expected["sample_update"]
    now = Project.objects.get(code=code).name
    renamed = step == "commit"
    if (now != name) is not renamed or (renamed and not now.endswith(UPDATED_SUFFIX)):
        raise SystemExit(f"projects {step}: {code} is named {now!r} (before {name!r})")
