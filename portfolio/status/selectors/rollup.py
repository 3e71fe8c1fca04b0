"""Reads for the roll-up: one grouped query of current colours, rolled up by rollup.py.

The database groups the visible projects by org unit and by their current report's
colours (Project.current_report), counting projects and summing budgets, so Python
sees a few hundred groups, not every project.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from pmo.figures import path_depth, path_ids, root_id

from ...projects.models import OrgUnit, Project
from ..models import DIMENSIONS
from ..rules.rollup import DimensionRollup, Item, roll_up
from .overdue import due_period

ROLLUP_DIMENSIONS = [key for key, _label in DIMENSIONS] + ["overall"]


@dataclass
class RollupRow:
    key: object
    label: str
    projects: int
    dimensions: dict[str, DimensionRollup]
    url: str = ""


def project_colours(
    projects: QuerySet[Project], *, rule: str | None = None, as_of: dt.date | None = None
) -> list[dict]:
    """Groups of projects with the same org unit and current colours. One query.

    Only projects that must report count (MUST_REPORT): proposals, paused and closed
    projects and going-concern work are left out. A current report older than the
    period that is due on `as_of` (today) counts as missing, not as its old colour.

    Each row: org_unit__path, rag_<dimension> (None without a fresh report), n
    (projects), budget (their summed budget) and unbudgeted (how many have no budget
    rows). Budgets are only summed for the budget rule: worst-of does not need the join.
    """
    rule = rule or settings.PMO_ROLLUP_RULE
    fresh = Q(current_report__period__gte=due_period(as_of or timezone.localdate()))
    colours = {
        f"rag_{key}": Case(
            When(fresh, then=F(f"current_report__rag_{key}")),
            default=Value(None),
            output_field=CharField(),
        )
        for key in ROLLUP_DIMENSIONS
    }
    colour_fields = {name: name for name in colours}
    if rule == "budget":
        aggregates = {
            "n": Count("pk", distinct=True),
            "budget": Sum("budgets__amount"),
            "unbudgeted": Count("pk", filter=Q(budgets__isnull=True), distinct=True),
        }
    else:
        aggregates = {"n": Count("pk")}
    projects = projects.reporting().annotate(**colours)
    rows = projects.order_by().values("org_unit__path", *colour_fields).annotate(**aggregates)
    return [
        {
            **{short: row[long] for long, short in colour_fields.items()},
            "org_unit__path": row["org_unit__path"],
            "n": row["n"],
            "budget": row.get("budget") or Decimal(0),
            "unbudgeted": row.get("unbudgeted", 0),
        }
        for row in rows
    ]


def _item(row: dict) -> Item:
    # Projects without budget weigh 1 euro each (rollup.effective_weight).
    return Item(
        {d: row[f"rag_{d}"] for d in ROLLUP_DIMENSIONS},
        Decimal(row["budget"]) + row["unbudgeted"],
        row["n"],
    )


def rollup_rows(
    rows: list[dict],
    *,
    key: Callable[[dict], object],
    labels: dict[object, str],
    urls: dict[object, str] | None = None,
    rule: str | None = None,
) -> list[RollupRow]:
    rule = rule or settings.PMO_ROLLUP_RULE
    grouped: dict[object, list[Item]] = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(_item(row))
    result = [
        RollupRow(
            key=k,
            label=labels.get(k, "–"),
            projects=sum(i.count for i in items),
            dimensions=roll_up(items, ROLLUP_DIMENSIONS, rule),
            url=(urls or {}).get(k, ""),
        )
        for k, items in grouped.items()
    ]
    return sorted(result, key=lambda row: row.label)


def total_row(rows: list[dict], label: str, rule: str | None = None) -> RollupRow | None:
    if not rows:
        return None
    return rollup_rows(rows, key=lambda _row: "total", labels={"total": label}, rule=rule)[0]


def project_count(rows: list[dict]) -> int:
    return sum(row["n"] for row in rows)


def domain_of(row: dict) -> int:
    return root_id(row["org_unit__path"])


def child_of(unit: OrgUnit) -> Callable[[dict], int]:
    """Group key: the child unit of `unit` under which the project hangs (or the unit)."""
    depth = path_depth(unit.path) + 1

    def key(row: dict) -> int:
        ids = path_ids(row["org_unit__path"])
        return ids[depth] if len(ids) > depth else unit.pk

    return key
