"""Reads of the status domain: reports, overdue reports and the roll-up."""

from .overdue import due_period, overdue_projects
from .reports import (
    budget_total,
    periods_to_report,
    previous_report,
    project_reports,
    proposals_for,
    report_prefill,
    report_problems,
    report_values,
    tolerance_for,
)
from .rollup import (
    ROLLUP_DIMENSIONS,
    RollupRow,
    child_of,
    domain_of,
    project_colours,
    project_count,
    rollup_rows,
    total_row,
)

__all__ = [
    "ROLLUP_DIMENSIONS",
    "RollupRow",
    "budget_total",
    "child_of",
    "domain_of",
    "due_period",
    "overdue_projects",
    "periods_to_report",
    "previous_report",
    "project_colours",
    "project_count",
    "project_reports",
    "proposals_for",
    "report_prefill",
    "report_problems",
    "report_values",
    "rollup_rows",
    "tolerance_for",
    "total_row",
]
