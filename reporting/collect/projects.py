"""The scope's projects as rows: identity, place in the organisation, the period's status
report, budget and milestone slip; budgets per year; the milestones slipping most.

Every function reads a fixed number of `values()` queries: no model instances, no query
per project (see the package docstring).
"""

from decimal import Decimal

from django.db.models import (
    DecimalField,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce

from pmo.figures import root_id
from portfolio.projects.models import Milestone, OrgUnit, ProjectBudget
from portfolio.status.models import StatusReport

from ..rules.aggregate import DIMENSIONS
from . import BuildContext

RAG_KEYS = list(DIMENSIONS)
# The row's fields from the period's report (the join `report`) and from the project.
REPORT_FIELDS = {
    **{key: F(f"report__{key}") for key in RAG_KEYS},
    "is_exception": F("report__is_exception"),
    "progress_pct": F("report__progress_pct"),
    "forecast_end": F("report__forecast_end"),
    "eac": F("report__forecast_cost"),
    "reported_actuals": F("report__actual_cost"),
}
PROJECT_FIELDS = {
    "project_id": F("pk"),
    "baseline_start": F("planned_start"),
    "baseline_end": F("planned_end"),
}
MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Decimal("0.00")


class DaysBetween(Func):
    """`end - start` in whole days, as an integer in the database.

    Django's date subtraction gives a duration, which SQLite computes in a Python function
    per row; julianday() and PostgreSQL's date arithmetic stay inside the engine.
    """

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def _per_project(queryset, aggregate, output_field) -> Subquery:
    """One aggregate over a project's rows of `queryset`, for the outer project."""
    rows = queryset.filter(project=OuterRef("pk")).order_by().values("project")
    return Subquery(rows.annotate(value=aggregate).values("value"), output_field=output_field)


def with_period_report(ctx: BuildContext):
    """The scope's projects joined to their report for the build's period: the newest
    current, submitted report of that period or before (`report__<field>`).

    Current reports are unique per project and period, so the newest one's period names
    the row: the join then runs on the (project, period) index.
    """
    newest = (
        StatusReport.objects.filter(
            project=OuterRef("pk"),
            is_current=True,
            state=StatusReport.State.SUBMITTED,
            period__lte=ctx.period,
        )
        .order_by("-period", "-revision")
        .values("period")[:1]
    )
    return (
        ctx.projects()
        .order_by()
        .annotate(report_period=Subquery(newest))
        .annotate(
            report=FilteredRelation(
                "reports",
                condition=Q(reports__is_current=True, reports__period=F("report_period")),
            )
        )
    )


def project_rows(ctx: BuildContext) -> dict[int, dict]:
    """Project id → its row in the snapshot (the SnapshotRow fields this domain knows).

    Two queries: the org units, and the projects with their period's report, budget
    sums and milestone slip (correlated subqueries on the project's indexes). Colours are
    "" without a report; `actuals` falls back to the booked actuals of the budget lines
    when the report gives none; `milestone_slip_days` is None without milestones (or
    when none has a forecast or actual date).
    """
    unit_rows = OrgUnit.objects.values_list("pk", "path", "name")
    units = {pk: (path, name) for pk, path, name in unit_rows}
    budgets = ProjectBudget.objects.all()
    current = Coalesce("actual_date", "forecast_date")
    projects = (
        with_period_report(ctx)
        .annotate(
            budget_sum=_per_project(budgets, Sum("amount"), MONEY),
            booked_sum=_per_project(budgets, Sum("actual"), MONEY),
            slip=_per_project(
                Milestone.objects.all(),
                Max(DaysBetween(current, "baseline_date")),
                IntegerField(),
            ),
        )
        .values(
            "code",
            "name",
            "org_unit_id",
            "programme_id",
            "programme__name",
            "phase",
            "report_period",
            "budget_sum",
            "booked_sum",
            "slip",
            **PROJECT_FIELDS,
            **REPORT_FIELDS,
        )
    )
    rows = {}
    for row in projects:
        path, unit_name = units[row.pop("org_unit_id")]
        domain_id = root_id(path)
        reported = row.pop("reported_actuals")
        booked = row.pop("booked_sum")
        row.update(
            domain_id=domain_id,
            domain=units[domain_id][1] if domain_id in units else "",
            org_unit=unit_name,
            programme=row.pop("programme__name") or "",
            is_exception=bool(row["is_exception"]),
            budget=row.pop("budget_sum") or ZERO,
            actuals=booked if reported is None else reported,
            milestone_slip_days=row.pop("slip"),
            **{key: row[key] or "" for key in RAG_KEYS},
        )
        rows[row["project_id"]] = row
    return rows


def budget_by_year(ctx: BuildContext) -> list[dict]:
    """Budget and booked actuals per project and budget year (one query)."""
    rows = (
        ProjectBudget.objects.filter(project__in=ctx.projects())
        .order_by("project_id", "year")
        .values_list("project_id", "year", "amount", "actual")
    )
    return [
        {"project_id": project_id, "year": year, "budget": amount, "actuals": actual or ZERO}
        for project_id, year, amount, actual in rows
    ]


def slipping_milestones(ctx: BuildContext, limit: int = 25) -> list[dict]:
    """Open milestones forecast after their baseline, the largest slip first (one query)."""
    slip = DaysBetween("forecast_date", "baseline_date")
    rows = (
        Milestone.objects.filter(
            project__in=ctx.projects(),
            actual_date__isnull=True,
            forecast_date__gt=F("baseline_date"),
        )
        .annotate(slip=slip)
        .order_by("-slip", "project__code", "name", "pk")
        .values_list("project__code", "name", "baseline_date", "forecast_date", "slip")[:limit]
    )
    return [
        {
            "project": code,
            "name": name,
            "baseline": baseline.isoformat(),
            "forecast": forecast.isoformat(),
            "slip_days": slip_days,
        }
        for code, name, baseline, forecast, slip_days in rows
    ]
