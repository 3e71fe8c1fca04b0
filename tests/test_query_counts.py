"""Every page issues the same number of queries at 10 and at 500 projects, and that number
is the one pinned in tests/support/query_counts.json (see tests/support/query_counts.py)."""

import datetime as dt

import pytest
from django.urls import reverse

from benefits.models import MapLink
from portfolio.capacity.models import Team
from portfolio.projects.models import Phase
from tests.support import query_counts
from tests.support.factories import (
    BenefitFactory,
    BenefitMapFactory,
    ContributionFactory,
    DemandFactory,
    GateDecisionFactory,
    IssueFactory,
    LessonFactory,
    MapNodeFactory,
    MeasurementFactory,
    MilestoneFactory,
    ProjectBudgetFactory,
    ProjectFactory,
    ReviewFactory,
    RiskFactory,
    ScoreFactory,
    StakeholderActionFactory,
    StakeholderFactory,
    StatusReportFactory,
    TeamFactory,
    ValueCanvasFactory,
)
from tests.support.world import build_world

pytestmark = pytest.mark.django_db


def grow(size, department, programme, framework=None, benefit_map=None):
    """`size` more projects; every tenth with budget, milestone, report, gate and scores,
    a benefit attributed to it with a measurement, and a box on the map."""
    projects = ProjectFactory.create_batch(size, org_unit=department, programme=programme)
    criteria = list(framework.criteria.all()) if framework else []
    heat = list(Team.objects.filter(code=HEATMAP_TEAM))
    for project in projects[:: max(size // 10, 1)]:
        benefit = BenefitFactory(portfolio=project.portfolio, programme=programme)
        ContributionFactory(benefit=benefit, project=project)
        MeasurementFactory(benefit=benefit)
        RiskFactory(project=project)
        IssueFactory(project=project)
        StakeholderActionFactory(stakeholder=StakeholderFactory(project=project))
        if benefit_map is not None:
            box = MapNodeFactory(map=benefit_map, kind="enabler", label="", project=project)
            goal = benefit_map.nodes.filter(kind="doelstelling").first()
            MapLink.objects.create(map=benefit_map, source=box, target=goal)
        ProjectBudgetFactory(project=project)
        MilestoneFactory(project=project)
        StatusReportFactory(project=project, rag_time="oranje")
        GateDecisionFactory(project=project)
        ReviewFactory(project__org_unit=department)
        # Hours of the heatmap's team in its month (the drilled cell) and of a new team.
        for team in (*heat, TeamFactory(org_unit=department)):
            DemandFactory(project=project, team=team, month=HEATMAP_MONTH)
        LessonFactory(domain=department.parent, tags=["beheer"])
        for criterion in criteria:
            ScoreFactory(criterion=criterion, project=project, value=1)
    return projects


@pytest.fixture
def world(department, owner):
    w = {**build_world(department, owner), **review_world(department, owner)}
    resistance_world(w["project"])
    w = {**w, **okr_world(w["project"], owner), **benefit_world(w, owner)}
    return {**w, **issue_world(w), **heatmap_world(w)}


# The month the capacity heatmap's world asks for hours (inside the default 12 months).
HEATMAP_MONTH = dt.date(2027, 3, 1)
HEATMAP_TEAM = "HEAT"


def heatmap_world(w) -> dict:
    """A team the owner's project asks hours of in March 2027 (a cell to drill into)."""
    team = TeamFactory(code=HEATMAP_TEAM, org_unit=w["department"])
    DemandFactory(project=w["project"], team=team, month=HEATMAP_MONTH)
    return {"team": team}


def heatmap_pages(w) -> dict[str, str]:
    """The capacity heatmap (plain, filtered, with a what-if), a cell and the export."""
    heatmap = reverse("capacity:heatmap")
    return {
        "capacity-heatmap": heatmap,
        "capacity-heatmap-filtered": f"{heatmap}?van=2027-01&maanden=24&eenheid=fte"
        f"&voorstellen=on&onderdeel={w['department'].pk}",
        "capacity-heatmap-whatif": f"{heatmap}?project={w['project'].code}&verschuiving=2",
        "capacity-heatmap-cell": reverse(
            "capacity:heatmap_cell", args=[w["team"].code, f"{HEATMAP_MONTH:%Y-%m}"]
        ),
        "capacity-heatmap-export": reverse("capacity:heatmap_export") + "?format=csv",
    }


def issue_world(w) -> dict:
    """A request for change of the owner's project within tolerance and proposed (its
    decision page shows the baseline change); it and the world's risk on the meeting's
    agenda, so the agenda reads its subjects."""
    project, meeting = w["project"], w["meeting"]
    issue = IssueFactory(project=project, change=True, beyond_tolerance=False, status="voorgesteld")
    meeting.items.create(kind="change", project=project, subject=issue)
    meeting.items.create(kind="risk", project=project, subject=w["risk"])
    return {"issue": issue}


def issue_pages(w) -> dict[str, str]:
    """The issue register, one issue, its form and its decision."""
    issue = w["issue"]
    return {
        "issue-list": reverse("risks:issue_list"),
        "issue-detail": issue.get_absolute_url(),
        "issue-edit": reverse("risks:issue_edit", args=[issue.pk]),
        "issue-decide": reverse("risks:issue_decide", args=[issue.pk]),
    }


def resistance_world(project) -> None:
    """A capacity statement and one finished simulation of the portfolio's risks."""
    from pmo.actors import Actor
    from pmo.roles import Role
    from risks.services import resistance
    from tests.support.factories import user_with_role

    actor = Actor.screen(user_with_role(Role.PMO_ANALIST))
    resistance.capacity_create(
        actor=actor,
        portfolio=project.portfolio,
        as_of=dt.date(2026, 1, 1),
        components=[resistance.Component("Algemene reserve", "incidenteel", 10**6)],
    )
    run = resistance.simulation_request(
        actor=actor, portfolio=project.portfolio, seed=1, iterations=1000
    )
    resistance.simulation_run(simulation_id=run.pk)


def benefit_world(w, owner) -> dict:
    """A benefit attributed to the owner's project, measured and serving an objective; the
    map of the programme the owner manages, with the project on it."""
    project, programme = w["project"], w["programme"]
    programme.manager = owner
    programme.save()
    benefit = BenefitFactory(portfolio=project.portfolio, programme=programme)
    ContributionFactory(benefit=benefit, project=project, share=60)
    MeasurementFactory(benefit=benefit)
    benefit.objectives.add(w["framework"].objectives.first())
    benefit_map = BenefitMapFactory(programme=programme, portfolio=programme.portfolio)
    box = MapNodeFactory(map=benefit_map, kind="enabler", label="", project=project)
    goal = MapNodeFactory(map=benefit_map, kind="doelstelling", label="Bereikbare stad")
    MapLink.objects.create(map=benefit_map, source=box, target=goal)
    risk = RiskFactory(project=project)
    stakeholder = StakeholderFactory(project=project, power=4, interest=2)
    StakeholderActionFactory(stakeholder=stakeholder)
    return {
        "benefit": benefit,
        "benefit_map": benefit_map,
        "map_node": box,
        "risk": risk,
        "stakeholder": stakeholder,
    }


def benefit_pages(w) -> dict[str, str]:
    """The baten register (plain and filtered), a profile and its form; the maps."""
    benefit, benefit_map = w["benefit"], w["benefit_map"]
    register = reverse("benefits:benefit_list")
    return {
        "benefit-list": register,
        "benefit-list-filtered": f"{register}?q=doorlooptijd&programme={benefit.programme_id}"
        "&status=in-meting&progress=op-koers&sort=-realisation",
        "benefit-detail": benefit.get_absolute_url(),
        "benefit-edit": reverse("benefits:benefit_edit", args=[benefit.pk]),
        "map-list": reverse("benefits:map_list"),
        "map-detail": benefit_map.get_absolute_url(),
        "map-node-form": reverse("benefits:node_edit", args=[benefit_map.pk, w["map_node"].pk]),
        "risk-list": reverse("risks:risk_list"),
        "risk-list-cell": reverse("risks:risk_list") + "?kaart=netto-2-3&sort=-expected",
        "risk-detail": w["risk"].get_absolute_url(),
        "risk-edit": reverse("risks:risk_edit", args=[w["risk"].pk]),
        "risk-create": reverse("risks:risk_create"),
        "risk-trend": reverse("risks:risk_trend"),
        "stakeholder-list": reverse("risks:stakeholder_list"),
        "stakeholder-list-cell": reverse("risks:stakeholder_list") + "?raster=4-2&sort=-power",
        "stakeholder-detail": reverse("risks:stakeholder_detail", args=[w["stakeholder"].pk]),
        "stakeholder-edit": reverse("risks:stakeholder_edit", args=[w["stakeholder"].pk]),
    }


def review_world(department, owner) -> dict:
    """A closed project of the owner's with its review and a lesson from it; a starting
    project of the owner's in the same domain, with its value canvas."""
    review = ReviewFactory(project__org_unit=department, project__manager=owner)
    starting = ProjectFactory(org_unit=department, manager=owner, phase=Phase.INITIATION)
    ValueCanvasFactory(project=starting)
    lesson = LessonFactory(
        review=review, project=review.project, domain=department.parent, created_by=owner
    )
    return {"review": review, "starting": starting, "lesson": lesson}


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
        "org-unit-export": reverse("status:org_unit_detail", args=[project.org_unit.code])
        + "?export=csv",
        "programme-export": reverse("status:programme_detail", args=[w["programme"].code])
        + "?export=csv",
        **review_pages(w),
        **benefit_pages(w),
        **issue_pages(w),
        **capacity_pages(w),
    }


def capacity_pages(w) -> dict[str, str]:
    """The teams (list, its export, one team) and the project's demand grid: everyone reads
    the teams, the analyst gets their forms; the grid shows the project's team rows."""
    team = w["team"]
    return {
        "team-list": reverse("capacity:team_list"),
        "team-list-export": reverse("capacity:team_list") + "?export=csv",
        "team-detail": reverse("capacity:team_detail", args=[team.code]),
        "demand-grid": reverse("capacity:demand_grid", args=[w["project"].code]),
        "demand-grid-paged": reverse("capacity:demand_grid", args=[w["project"].code])
        + "?from=2027-01&months=36",
    }


def review_pages(w) -> dict[str, str]:
    """A starting project's page (its domain's lessons), a closed one's (its review), the
    canvas, the review and a lesson from it."""
    review, starting = w["review"], w["starting"]
    return {
        "detail-starting": starting.get_absolute_url(),
        "detail-closed": review.project.get_absolute_url(),
        "canvas": reverse("benefits:canvas_detail", args=[starting.code]),
        "canvas-form": reverse("benefits:canvas_edit", args=[starting.code]),
        "review-detail": review.get_absolute_url(),
        "review-form": reverse("benefits:review_edit", args=[review.pk]),
        "lesson-form": reverse("benefits:lesson_create") + f"?evaluatie={review.pk}",
    }


def board_pages(w) -> dict[str, str]:
    """Pages of the board, the PMO and the afwegingskader: roles that read everything."""
    framework, scenario = w["framework"], w["scenario"]
    return {
        "resistance": reverse("risks:resistance"),
        "resistance-policy": reverse("risks:policy_edit"),
        "resistance-capacity": reverse("risks:capacity_create"),
        "project-create": reverse("projects:project_create"),
        "overdue": reverse("status:overdue_reports"),
        "overdue-export": reverse("status:overdue_reports") + "?export=csv",
        "meeting-list": reverse("governance:meeting_list"),
        "meeting-list-export": reverse("governance:meeting_list") + "?export=csv",
        "meeting-detail": w["meeting"].get_absolute_url(),
        "decision-log": reverse("governance:decision_log"),
        "decision-log-export": reverse("governance:decision_log") + "?export=csv",
        "framework-list": reverse("assessment:framework_list"),
        "framework-list-export": reverse("assessment:framework_list") + "?export=csv",
        "framework-detail": reverse("assessment:framework_detail", args=[framework.pk]),
        "pairwise": reverse("assessment:pairwise", args=[framework.pk, "contribution"]),
        "score-grid": reverse("assessment:score_grid", args=[framework.pk]),
        "score-cell": reverse(
            "assessment:score_cell", args=[framework.pk, w["project"].pk, w["criterion"].pk]
        ),
        "wsjf": reverse("assessment:wsjf_edit", args=[framework.pk, w["project"].pk]),
        "ranking": reverse("assessment:ranking", args=[framework.pk]),
        "ranking-export": reverse("assessment:ranking", args=[framework.pk]) + "?export=xlsx",
        "scenario-list": reverse("scenarios:scenario_list", args=[framework.pk]),
        "scenario-list-export": reverse("scenarios:scenario_list", args=[framework.pk])
        + "?export=csv",
        "scenario-detail": reverse("scenarios:scenario_detail", args=[scenario.pk]),
        "scenario-compare": reverse("scenarios:scenario_compare", args=[framework.pk])
        + f"?s={scenario.pk}",
        "dashboard": reverse("reporting:dashboard"),
        **dashboard_admin_pages(w),
        **dashboard_pages(w),
        "review-list": reverse("benefits:review_list"),
        "review-list-filtered": reverse("benefits:review_list") + "?overdue=ja&q=P&sort=-due",
        "lesson-list": reverse("benefits:lesson_list"),
        "lesson-list-filtered": reverse("benefits:lesson_list")
        + f"?domain={w['lesson'].domain_id}&phase=ontwerp&tag=beheer&q=beheer&sort=-date",
        "lesson-detail": w["lesson"].get_absolute_url(),
        **okr_pages(w),
        **heatmap_pages(w),
    }


def measure(client, pages: dict[str, str], suffix: str = "") -> dict[str, int]:
    counts = {
        # A page named "…-htmx" is measured as the fragment htmx asks for.
        f"{name}{suffix}": query_counts.count(
            client, url, **({"HX-Request": "true"} if name.endswith("-htmx") else {})
        )
        for name, url in pages.items()
    }
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
        pages["api:capacity"] = "/api/v1/capacity?from=2027-01&to=2029-12"
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
    parts = (world["department"], world["programme"], world["framework"], world["benefit_map"])
    grow(9, *parts)
    measured = measure_everyone(client, world, analyst, owner)
    grow(490, *parts)
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


def dashboard_admin_pages(w) -> dict[str, str]:
    """The PMO's dashboard beheer pages and a build's status (after build_dashboard)."""
    from reporting.models import Scope, SnapshotBuild

    scope = Scope.objects.get(kind=Scope.Kind.ORGANISATION)
    return {
        "dashboard-scope-list": reverse("reporting:scope_list"),
        "dashboard-scope-create": reverse("reporting:scope_create"),
        "dashboard-scope-edit": reverse("reporting:scope_edit", args=[scope.pk]),
        "dashboard-build-status": reverse(
            "reporting:build_status", args=[SnapshotBuild.objects.latest("pk").pk]
        ),
        "pack-status": reverse("reporting:pack_status", args=[w["pack"].pk]),
    }


def dashboard_pages(w) -> dict[str, str]:
    """The organisation's dashboard at a programme (page 2 of its RAG matrix), a domain as
    the htmx fragment, and the export of its rows (after build_dashboard)."""
    from reporting.models import Scope

    scope = Scope.objects.get(kind=Scope.Kind.ORGANISATION)
    page = reverse("reporting:scope_dashboard", args=[scope.pk])
    domain = w["department"].parent_id
    return {
        "dashboard-scope-drill": f"{page}?domein={domain}&programma={w['programme'].pk}&pagina=2",
        "dashboard-drill-htmx": f"{page}?domein={domain}",
        "dashboard-export": reverse("reporting:rows_export", args=[scope.pk]) + "?format=csv",
    }


def build_dashboard(world):
    from pmo.actors import Actor
    from reporting.models import BoardPack, Scope
    from reporting.services.builds import build_request, snapshot_build

    scope, _ = Scope.objects.get_or_create(
        kind=Scope.Kind.ORGANISATION, defaults={"name": "Hele organisatie"}
    )
    for period in (dt.date(2026, 10, 1), dt.date(2026, 11, 1)):
        build = build_request(scope=scope, period=period, actor=Actor.task())
        build = snapshot_build(build_id=build.pk)
    world["pack"], _ = BoardPack.objects.get_or_create(
        snapshot=build.snapshot, format="pdf", language="nl"
    )


def okr_world(project, owner) -> dict:
    """An OKR of the owner's, linked to their project and a benefit, with two key results."""
    from tests.support.factories import BenefitFactory, KeyResultFactory, OkrFactory

    okr = OkrFactory(owner=owner, portfolio=project.portfolio, projects=[project])
    okr.benefits.add(BenefitFactory(portfolio=project.portfolio))
    key_result = KeyResultFactory(okr=okr)
    KeyResultFactory(okr=okr, confidence=2)  # confidence 4.0: at risk, as the filter asks
    return {"okr": okr, "key_result": key_result}


def okr_pages(w) -> dict[str, str]:
    """The OKR register (plain, filtered, as htmx fragment), one OKR, and its forms."""
    okr, key_result = w["okr"], w["key_result"]
    register = reverse("benefits:okr_list")
    return {
        "okr-list": register,
        "okr-list-filtered": f"{register}?period=lopend&portfolio={okr.portfolio_id}"
        f"&owner={okr.owner_id}&at_risk=ja&q=Inwoners&sort=-progress",
        "okr-detail": okr.get_absolute_url(),
        "okr-create": reverse("benefits:okr_create"),
        "okr-edit": reverse("benefits:okr_edit", args=[okr.pk]),
        "key-result-form": reverse("benefits:key_result_edit", args=[okr.pk, key_result.pk]),
    }


def grow_okrs(size, project):
    """`size` more OKR's of the project's portfolio, each with two key results."""
    from tests.support.factories import KeyResultFactory, OkrFactory

    for okr in OkrFactory.create_batch(size, portfolio=project.portfolio, projects=[project]):
        KeyResultFactory.create_batch(2, okr=okr)


def test_the_okr_pages_keep_their_query_count_from_10_to_500_okrs(client, world, analyst):
    """The register, one OKR and the OKR's API lists issue the pinned number of queries
    whether there are 10 OKR's or 500."""
    pages = {
        **okr_pages(world),
        "okr-list-htmx": reverse("benefits:okr_list"),
        "api:okrs": "/api/v1/okrs?page_size=1000",
        "api:key-results": "/api/v1/key-results?page_size=1000",
    }
    client.force_login(analyst)

    def measured() -> dict[str, int]:
        counts = {}
        for name, url in pages.items():
            headers = {"HX-Request": "true"} if name.endswith("-htmx") else {}
            counts[name] = query_counts.count(client, url, **headers)
        return counts

    grow_okrs(9, world["project"])
    few = measured()
    grow_okrs(490, world["project"])
    many = measured()
    assert few == many, {k: (few[k], many[k]) for k in few if few[k] != many[k]}
    # The fragment is not pinned (the pages of the test above are); the rest are.
    many.pop("okr-list-htmx")
    pinned = {page: entry["queries"] for page, entry in query_counts.load().items()}
    assert many == {page: pinned.get(page) for page in many}
