"""Building snapshots: the only place where dashboards' figures are aggregated."""

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from pmo.figures import leaf_id, root_id
from pmo.queue import requested, send_on_commit
from pmo.webhooks.events import emit
from pmo.webhooks.models import Event
from portfolio.projects.figures import MilestonePoint, milestone_timeline_figure
from portfolio.projects.models import Milestone, OrgUnit, Phase, Portfolio, Project, ProjectBudget
from portfolio.status.selectors import project_colours

from . import figures
from .models import Snapshot


def _domain_names() -> dict[int, str]:
    """Map every org unit id to the name of its top-level domain."""
    units = list(OrgUnit.objects.values("pk", "path", "name"))
    names_by_pk = {unit["pk"]: unit["name"] for unit in units}
    return {unit["pk"]: names_by_pk[root_id(unit["path"])] for unit in units}


def compute_figures(portfolio: Portfolio) -> dict:
    """All dashboard figures of one portfolio, in a fixed number of grouped queries."""
    domain_of = _domain_names()
    projects = Project.objects.filter(portfolio=portfolio)
    phase_counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    total = 0
    for row in projects.values("org_unit", "phase").annotate(n=Count("pk")):
        phase_counts[domain_of[row["org_unit"]]][row["phase"]] += row["n"]
        total += row["n"]
    budget: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    years: set[int] = set()
    budget_rows = (
        ProjectBudget.objects.filter(project__portfolio=portfolio)
        .values("project__org_unit", "year")
        .annotate(total=Sum("amount"))
    )
    for row in budget_rows:
        budget[domain_of[row["project__org_unit"]]][row["year"]] += float(row["total"])
        years.add(row["year"])
    domains = sorted(set(phase_counts) | set(budget))
    status: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in project_colours(projects):
        domain = domain_of[leaf_id(row["org_unit__path"])]
        status[domain][row["rag_overall"] or "onbekend"] += row["n"]
    result = {
        "domains": domains,
        "phase_counts": {domain: dict(counts) for domain, counts in phase_counts.items()},
        "budget": {
            domain: {str(y): v for y, v in amounts.items()} for domain, amounts in budget.items()
        },
        "years": sorted(years),
        "project_count": total,
        "status": {domain: dict(counts) for domain, counts in status.items()},
        "milestones": _milestones(portfolio),
    }
    return result


def _milestones(portfolio: Portfolio, *, limit: int = 25) -> list[dict]:
    """Open milestones due from last month to three months ahead, latest slip first."""
    today = timezone.localdate()
    window = (today - dt.timedelta(days=31), today + dt.timedelta(days=92))
    rows = (
        Milestone.objects.filter(
            project__portfolio=portfolio, actual_date__isnull=True, forecast_date__range=window
        )
        .select_related("project")
        .order_by("baseline_date")
    )
    points = sorted(
        rows, key=lambda m: ((m.forecast_date - m.baseline_date).days, m.pk), reverse=True
    )[:limit]
    return [
        {
            "label": f"{m.project.code} · {m.name}",
            "baseline": m.baseline_date.isoformat(),
            "forecast": m.forecast_date.isoformat(),
        }
        for m in sorted(points, key=lambda m: m.forecast_date)
    ]


def chart_specs(snapshot: Snapshot) -> list[dict]:
    """Plotly figures for a snapshot, labelled in the active language."""
    data = snapshot.figures
    domains = data.get("domains", [])
    budget = {
        domain: {int(year): value for year, value in amounts.items()}
        for domain, amounts in data.get("budget", {}).items()
    }
    return [
        figures.phase_by_domain_figure(
            domains=domains,
            phases=[(phase.value, str(phase.label)) for phase in Phase],
            counts=data.get("phase_counts", {}),
            title=_("Projecten per domein en fase"),
            axis_title=_("aantal projecten"),
        ),
        figures.status_by_domain_figure(
            domains=domains,
            colours=[
                ("groen", _("groen")),
                ("oranje", _("oranje")),
                ("rood", _("rood")),
                ("onbekend", _("geen rapportage")),
            ],
            counts=data.get("status", {}),
            title=_("Totaalbeeld per domein (laatste rapportages)"),
            axis_title=_("aantal projecten"),
        ),
        figures.budget_by_year_figure(
            years=data.get("years", []),
            domains=domains,
            amounts=budget,
            title=_("Budget per jaar en domein"),
            axis_title=_("€ miljoen"),
        ),
        *(
            [
                milestone_timeline_figure(
                    [
                        MilestonePoint(
                            m["label"],
                            dt.date.fromisoformat(m["baseline"]),
                            dt.date.fromisoformat(m["forecast"]),
                            False,
                        )
                        for m in data["milestones"]
                    ],
                    title=_("Mijlpalen rond nu: baseline en prognose"),
                    baseline_label=_("baseline"),
                    current_label=_("prognose"),
                    slip_label=_("uitloop (dagen)"),
                )
            ]
            if data.get("milestones")
            else []
        ),
    ]


def snapshot_build(*, portfolio_id: int, period: dt.date) -> Snapshot:
    """Build (or rebuild) the snapshot of one portfolio and period. Idempotent."""
    portfolio = Portfolio.objects.get(pk=portfolio_id)
    snapshot, _created = Snapshot.objects.get_or_create(portfolio=portfolio, period=period)
    Snapshot.objects.filter(pk=snapshot.pk).update(status=Snapshot.Status.RUNNING, error="")
    try:
        with transaction.atomic(), override("nl"):
            figures_data = compute_figures(portfolio)
            Snapshot.objects.filter(pk=snapshot.pk).update(
                figures=figures_data,
                project_count=figures_data["project_count"],
                status=Snapshot.Status.DONE,
                built_at=timezone.now(),
            )
    except Exception as exc:
        # Leave a visible failed state, then let the caller (task) see the error.
        Snapshot.objects.filter(pk=snapshot.pk).update(
            status=Snapshot.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    snapshot.refresh_from_db()
    emit(
        Event.SNAPSHOT_BUILT,
        {"snapshot": snapshot.pk, "portfolio": portfolio.pk, "period": period.isoformat()},
    )
    return snapshot


def snapshot_request(*, portfolio_id: int, period: dt.date) -> Snapshot:
    """Mark a snapshot pending and send its build once the transaction commits. Its
    figures so far stay shown until the new build is done; an unreachable broker leaves
    it pending, and the recovery job sends it later (pmo/queue.py)."""
    snapshot, _created = Snapshot.objects.update_or_create(
        portfolio_id=portfolio_id,
        period=period,
        defaults={"status": Snapshot.Status.PENDING, "error": "", **requested()},
    )
    send_on_commit(snapshot)
    return snapshot
