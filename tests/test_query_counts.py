"""Every page issues the same number of queries at 10 and at 500 projects, and that number
is the one pinned in tests/support/query_counts.json (see tests/support/query_counts.py)."""

import datetime as dt

import pytest
from django.urls import reverse

from portfolio.projects.models import Phase
from tests.support import query_counts
from tests.support.factories import (
    GateDecisionFactory,
    MilestoneFactory,
    ProjectBudgetFactory,
    ProjectFactory,
    ScoreFactory,
    StatusReportFactory,
)
from tests.support.world import build_world

pytestmark = pytest.mark.django_db


def grow(size, department, programme, framework=None):
    """`size` more projects; every tenth with budget, milestone, report, gate and scores."""
    projects = ProjectFactory.create_batch(size, org_unit=department, programme=programme)
    criteria = list(framework.criteria.all()) if framework else []
    for project in projects[:: max(size // 10, 1)]:
        ProjectBudgetFactory(project=project)
        MilestoneFactory(project=project)
        StatusReportFactory(project=project, rag_time="oranje")
        GateDecisionFactory(project=project)
        for criterion in criteria:
            ScoreFactory(criterion=criterion, project=project, value=1)
    return projects


@pytest.fixture
def world(department, owner):
    return build_world(department, owner)


def project_pages(w) -> dict[str, str]:
    """Pages a projectleider reaches for their own project; the analyst too."""
    project = w["project"]
    overview = reverse("projects:project_list")
    detail = project.get_absolute_url()
    return {
        "overview": overview,
        "overview-filtered": (
            f"{overview}?phase={Phase.REALISATION}&q=Project&sort=-budget"
            f"&org_unit={project.org_unit_id}&programme={project.programme_id}"
        ),
        "detail": detail,
        "detail-milestones": f"{detail}?tab=mijlpalen",
        "detail-finance": f"{detail}?tab=financien",
        "detail-history": f"{detail}?tab=historie",
        "detail-reports": f"{detail}?tab=rapportages",
        "detail-decisions": f"{detail}?tab=besluiten",
        "project-edit": reverse("projects:project_edit", args=[project.code]),
        "report-form": reverse("status:report_create", args=[project.code]) + "?periode=2026-11",
        "report-detail": w["report"].get_absolute_url(),
        "gate-form": reverse("governance:gate_propose", args=[project.code]),
        "org-unit": reverse("status:org_unit_detail", args=[project.org_unit.code]),
        "programme": reverse("status:programme_detail", args=[w["programme"].code]),
    }


def board_pages(w) -> dict[str, str]:
    """Pages of the board, the PMO and the afwegingskader: roles that read everything."""
    framework, scenario = w["framework"], w["scenario"]
    return {
        "project-create": reverse("projects:project_create"),
        "overdue": reverse("status:overdue_reports"),
        "meeting-list": reverse("governance:meeting_list"),
        "meeting-detail": w["meeting"].get_absolute_url(),
        "decision-log": reverse("governance:decision_log"),
        "framework-list": reverse("assessment:framework_list"),
        "framework-detail": reverse("assessment:framework_detail", args=[framework.pk]),
        "pairwise": reverse("assessment:pairwise", args=[framework.pk, "contribution"]),
        "score-grid": reverse("assessment:score_grid", args=[framework.pk]),
        "score-cell": reverse(
            "assessment:score_cell", args=[framework.pk, w["project"].pk, w["criterion"].pk]
        ),
        "wsjf": reverse("assessment:wsjf_edit", args=[framework.pk, w["project"].pk]),
        "ranking": reverse("assessment:ranking", args=[framework.pk]),
        "scenario-list": reverse("scenarios:scenario_list", args=[framework.pk]),
        "scenario-detail": reverse("scenarios:scenario_detail", args=[scenario.pk]),
        "scenario-compare": reverse("scenarios:scenario_compare", args=[framework.pk])
        + f"?s={scenario.pk}",
        "dashboard": reverse("reporting:dashboard"),
    }


def measure(client, pages: dict[str, str], suffix: str = "") -> dict[str, int]:
    counts = {f"{name}{suffix}": query_counts.count(client, url) for name, url in pages.items()}
    overview = pages.get("overview")
    if overview:
        counts[f"overview-htmx{suffix}"] = query_counts.count(
            client, overview, **{"HX-Request": "true"}
        )
    return counts


def api_pages(w, *, every_resource: bool) -> dict[str, str]:
    """Every API list (a full page of 1,000), and a project's detail, history and CSV."""
    from pmo.api.registry import discovered

    project = w["project"].pk
    pages = {
        "api:projects": "/api/v1/projects?page_size=1000",
        "api:projects-csv": "/api/v1/projects?page_size=1000&format=csv",
        "api:project": f"/api/v1/projects/{project}",
        "api:project-history": f"/api/v1/projects/{project}/history",
        "api:status-reports": "/api/v1/status-reports?page_size=1000",
    }
    if every_resource:
        pages |= {f"api:{path}": f"/api/v1/{path}?page_size=1000" for path in discovered()}
        pages["api:deletions"] = "/api/v1/deletions?page_size=1000"
    return pages


def measure_everyone(client, world, analyst, owner) -> dict[str, int]:
    """Every page as the analyst, and the project pages again as their projectleider."""
    build_dashboard(world)
    counts = {}
    for user, pages, suffix in (
        (
            analyst,
            {**project_pages(world), **board_pages(world), **api_pages(world, every_resource=True)},
            "",
        ),
        (
            owner,
            {**project_pages(world), **api_pages(world, every_resource=False)},
            "@projectleider",
        ),
    ):
        client.force_login(user)
        counts.update(measure(client, pages, suffix))
    return counts


def test_every_page_keeps_its_query_count_from_10_to_500_projects(
    client, request, world, analyst, owner
):
    grow(9, world["department"], world["programme"], world["framework"])
    measured = measure_everyone(client, world, analyst, owner)
    grow(490, world["department"], world["programme"], world["framework"])
    large = measure_everyone(client, world, analyst, owner)
    assert measured == large, {
        k: (measured[k], large[k]) for k in measured if measured[k] != large[k]
    }
    if request.config.getoption("--rewrite-query-baselines"):
        query_counts.rewrite(large)
    pinned = {page: entry["queries"] for page, entry in query_counts.load().items()}
    assert large == pinned, {
        page: (large.get(page), pinned.get(page))
        for page in set(large) | set(pinned)
        if large.get(page) != pinned.get(page)
    }


def test_every_baseline_says_why():
    missing = [page for page, entry in query_counts.load().items() if "TODO" in entry["why"]]
    assert not missing, f"name the queries of {missing} in query_counts.json"


def build_dashboard(world):
    from reporting.services import snapshot_build

    snapshot_build(portfolio_id=world["project"].portfolio_id, period=dt.date(2026, 11, 1))
