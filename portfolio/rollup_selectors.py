"""Reads for the roll-up: one query of current colours, rolled up in Python by rollup.py."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery

from .models import DIMENSIONS, OrgUnit, Project, StatusReport
from .rollup import DimensionRollup, Item, roll_up
from .selectors import _budget_total

ROLLUP_DIMENSIONS = [key for key, _label in DIMENSIONS] + ["overall"]


@dataclass
class RollupRow:
    key: object
    label: str
    projects: int
    dimensions: dict[str, DimensionRollup]
    url: str = ""


def latest_report_id() -> Subquery:
    """The newest submitted, current report of the outer project."""
    return Subquery(
        StatusReport.objects.filter(
            project=OuterRef("pk"), is_current=True, state=StatusReport.State.SUBMITTED
        )
        .order_by("-period")
        .values("pk")[:1]
    )


def project_colours(projects: QuerySet[Project]) -> list[dict]:
    """Per project: where it hangs, its budget and its current colours. One query."""
    # order_by(): the default ordering joins the project table inside the subquery, and
    # the outer project reference would then bind to that join instead.
    latest = StatusReport.objects.filter(pk=OuterRef("latest_report")).order_by()
    annotations = {
        f"rag_{key}": Subquery(latest.values(f"rag_{key}")[:1]) for key in ROLLUP_DIMENSIONS
    }
    return list(
        projects.order_by()
        .annotate(latest_report=latest_report_id(), budget=_budget_total())
        .annotate(**annotations)
        .values("pk", "org_unit__path", "programme_id", "budget", *annotations.keys())
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
        grouped[key(row)].append(
            Item({d: row[f"rag_{d}"] for d in ROLLUP_DIMENSIONS}, Decimal(row["budget"] or 0))
        )
    result = [
        RollupRow(
            key=k,
            label=labels.get(k, "–"),
            projects=len(items),
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


def domain_of(row: dict) -> int:
    return int(row["org_unit__path"].strip("/").split("/")[0])


def child_of(unit: OrgUnit) -> Callable[[dict], int]:
    """Group key: the child unit of `unit` under which the project hangs (or the unit)."""
    depth = unit.path.count("/") - 1

    def key(row: dict) -> int:
        parts = row["org_unit__path"].strip("/").split("/")
        return int(parts[depth]) if len(parts) > depth else unit.pk

    return key
