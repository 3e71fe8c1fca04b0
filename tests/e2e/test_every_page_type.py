"""Every page type in the browser: axe finds no serious or critical violation (WCAG 2.1
AA), and no page scrolls sideways outside its tables, at 1,366 and at 390 px.

One demo municipality, one login per role; screenshots of each page at both widths go to
test-artifacts/pages/ to look at.
"""

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.e2e.test_overview_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def page_types() -> dict[str, str]:
    """One URL per page type, in the demo municipality."""
    from benefits.models import Benefit, BenefitMap
    from portfolio.assessment.models import AssessmentFramework
    from portfolio.governance.models import BoardMeeting
    from portfolio.projects.models import Milestone, Programme, Project
    from portfolio.scenarios.models import Scenario
    from portfolio.status.models import StatusReport
    from risks.models import Risk

    report = StatusReport.objects.filter(state="ingediend").order_by("-period", "pk").first()
    project = report.project
    framework = AssessmentFramework.objects.order_by("pk").first()
    scenario = Scenario.objects.filter(framework=framework).order_by("pk").first()
    meeting = BoardMeeting.objects.filter(state="gepland").first()
    milestone = Milestone.objects.filter(project=project).first()
    programme = Programme.objects.order_by("code").first()
    detail = project.get_absolute_url()
    pages = {
        "overview": reverse("projects:project_list"),
        **{
            f"project-{tab}": f"{detail}?tab={tab}"
            for tab in (
                "overzicht",
                "mijlpalen",
                "rapportages",
                "besluiten",
                "financien",
                "historie",
            )
        },
        "project-edit": reverse("projects:project_edit", args=[project.code]),
        "budget": reverse("projects:budget_edit", args=[project.code]),
        "milestone": reverse("projects:milestone_edit", args=[project.code, milestone.pk]),
        "report-form": reverse("status:report_create", args=[project.code]),
        "report-detail": report.get_absolute_url(),
        "org-unit": reverse("status:org_unit_detail", args=[project.org_unit.code]),
        "programme": reverse("status:programme_detail", args=[programme.code]),
        "overdue": reverse("status:overdue_reports"),
        "meeting-list": reverse("governance:meeting_list"),
        "meeting-detail": meeting.get_absolute_url(),
        "decision-log": reverse("governance:decision_log"),
        "framework-list": reverse("assessment:framework_list"),
        "framework-detail": reverse("assessment:framework_detail", args=[framework.pk]),
        "pairwise": reverse("assessment:pairwise", args=[framework.pk, "contribution"]),
        "score-grid": reverse("assessment:score_grid", args=[framework.pk]),
        "ranking": reverse("assessment:ranking", args=[framework.pk]),
        "scenario-list": reverse("scenarios:scenario_list", args=[framework.pk]),
        "scenario-detail": reverse("scenarios:scenario_detail", args=[scenario.pk]),
        "scenario-compare": reverse("scenarios:scenario_compare", args=[framework.pk])
        + f"?s={scenario.pk}",
        "dashboard": reverse("reporting:dashboard"),
        "dashboard-beheer": reverse("reporting:scope_list"),
        "dashboard-new": reverse("reporting:scope_create"),
        "api-tokens": reverse("api_tokens"),
        "benefit-list": reverse("benefits:benefit_list"),
        "benefit-detail": Benefit.objects.filter(measurements__isnull=False)
        .order_by("pk")
        .first()
        .get_absolute_url(),
        "benefit-form": reverse("benefits:benefit_create"),
        "risk-list": reverse("risks:risk_list"),
        "risk-form": reverse("risks:risk_create"),
        "risk-detail": Risk.objects.order_by("-residual_score", "pk").first().get_absolute_url(),
        "map-list": reverse("benefits:map_list"),
        "map-detail": BenefitMap.objects.order_by("pk").first().get_absolute_url(),
        **review_page_types(),
        **okr_page_types(),
        **risk_page_types(),
        **capacity_page_types(),
        **import_page_types(),
        "not-found": "/bestaat-niet/",
    }
    assert Project.objects.exists()
    return pages


def review_page_types() -> dict[str, str]:
    """The reviews (the completed one, with its baten), the lessons and the canvas."""
    from benefits.models import Lesson, Review, ValueCanvas

    review = Review.objects.filter(state=Review.State.DONE).order_by("pk").first()
    lesson = Lesson.objects.order_by("pk").first()
    starting = ValueCanvas.objects.select_related("project").order_by("pk").first().project
    return {
        "review-list": reverse("benefits:review_list"),
        "review-detail": review.get_absolute_url(),
        "review-form": reverse("benefits:review_edit", args=[review.pk]),
        "lesson-list": reverse("benefits:lesson_list"),
        "lesson-detail": lesson.get_absolute_url(),
        "lesson-form": reverse("benefits:lesson_create") + f"?evaluatie={review.pk}",
        "project-starting": starting.get_absolute_url(),
        "canvas": reverse("benefits:canvas_detail", args=[starting.code]),
        "canvas-form": reverse("benefits:canvas_edit", args=[starting.code]),
    }


def risk_page_types() -> dict[str, str]:
    """The weerstandsvermogen with the demo's run, its capacity and policy forms; the issue
    register, a decided request for change, the issue form and a decision form; the
    stakeholders with their grid, one with its actions, and the stakeholder form."""
    from risks.models import CapacityStatement, Issue, Stakeholder

    statement = CapacityStatement.objects.order_by("pk").first()
    approved = Issue.objects.filter(type__is_change_request=True, decision="goedgekeurd")
    # The analist decides within tolerance; beyond it the decision is the board's.
    proposed = Issue.objects.filter(status="voorgesteld", beyond_tolerance=False)
    stakeholder = Stakeholder.objects.filter(actions__isnull=False).order_by("pk").first()
    return {
        "resistance": reverse("risks:resistance"),
        "capacity-form": reverse("risks:capacity_edit", args=[statement.pk]),
        "policy-form": reverse("risks:policy_edit"),
        "issue-list": reverse("risks:issue_list"),
        "issue-detail": approved.order_by("-beyond_tolerance", "pk").first().get_absolute_url(),
        "issue-form": reverse("risks:issue_create"),
        "issue-decide": reverse("risks:issue_decide", args=[proposed.order_by("pk").first().pk]),
        "stakeholder-list": reverse("risks:stakeholder_list"),
        "stakeholder-detail": reverse("risks:stakeholder_detail", args=[stakeholder.pk]),
        "stakeholder-form": reverse("risks:stakeholder_create"),
    }


def capacity_page_types() -> dict[str, str]:
    """The heatmap from January 2027 (civil engineering over in spring), its over-allocated
    March cell as a page, the teams, civil engineering's capacity, and the demand grid of
    the project that asks civil engineering most that March."""
    from portfolio.capacity.models import Demand

    march = dt.date(2027, 3, 1)
    largest = (
        Demand.objects.filter(team__code="TEAM-CIV", month=march)
        .select_related("project")
        .order_by("-hours", "project__code")
        .first()
    )
    return {
        "heatmap": reverse("capacity:heatmap") + "?van=2027-01",
        "heatmap-cell": reverse("capacity:heatmap_cell", args=["TEAM-CIV", "2027-03"]),
        "team-list": reverse("capacity:team_list"),
        "team-detail": reverse("capacity:team_detail", args=["TEAM-CIV"]),
        "demand-grid": reverse("capacity:demand_grid", args=[largest.project.code]),
    }


def import_page_types() -> dict[str, str]:
    """The import list, and a checked import of three projects with one refused row (its
    report row by row, the preview and the column mapping)."""
    from openpyxl import Workbook

    from pmo.actors import Actor
    from pmo.imports.runner import import_map, import_upload
    from pmo.models import User

    book = Workbook()
    for row in [
        ["Projectcode", "Projectnaam", "Afdeling", "Startdatum"],
        ["RU-2027-901", "Woningbouw Noorderpark", "RU-WO", dt.date(2027, 3, 1)],
        ["RU-2027-902", "Tiny houses Lindeweg", "RU-WO", "ergens in het voorjaar"],
        ["RU-2027-903", "Transformatie kantoor Stationsplein", "RU-WO", None],
    ]:
        book.active.append(row)
    content = io.BytesIO()
    book.save(content)
    actor = Actor.screen(User.objects.get(username="analist"))
    job = import_upload(
        actor=actor, kind="projects", filename="projecten.xlsx", content=content.getvalue()
    )
    # The check runs in process once the mapping is committed (no broker in the tests).
    import_map(actor=actor, job=job, expected_version=job.version, mapping=job.mapping)
    job.refresh_from_db()
    assert (job.state, job.report["refused_rows"]) == ("checked", 1), job.report
    return {
        "import-list": reverse("imports:import_list"),
        "import-detail": reverse("imports:import_detail", args=[job.pk]),
    }


def okr_page_types() -> dict[str, str]:
    """The OKR register, an OKR with its key results, and the OKR and key result forms."""
    from benefits.models import KeyResult

    key_result = KeyResult.objects.select_related("okr").order_by("pk").first()
    okr = key_result.okr
    return {
        "okr-list": reverse("benefits:okr_list"),
        "okr-detail": okr.get_absolute_url(),
        "okr-form": reverse("benefits:okr_edit", args=[okr.pk]),
        "key-result-form": reverse("benefits:key_result_edit", args=[okr.pk, key_result.pk]),
    }


def axe_problems(page) -> list[str]:
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


SIDEWAYS = """() => {
  // What sticks out of the viewport, outside the boxes that scroll on purpose (tables,
  // the AHP scale) or clip (charts).
  const width = document.documentElement.clientWidth;
  const out = [];
  const inScroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  document.querySelectorAll('body *').forEach((el) => {
    if (inScroller(el)) return;
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1) out.push(el.tagName + '.' + el.className);
  });
  return {scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 5)};
}"""


@pytest.fixture
def demo(transactional_db):
    """The demo, with its dashboards built (the dashboard page is one of the types)."""
    call_command("seed_demo", verbosity=0)
    call_command("build_snapshots", verbosity=0)


def test_every_page_type_is_accessible_and_fits_the_screen(demo, browser, live_server, artifacts):
    pages = page_types()
    shots = artifacts / "pages"
    shots.mkdir(exist_ok=True)
    problems: dict[str, list[str]] = {}
    for device, (width, height) in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, live_server, "analist")
        for name, url in pages.items():
            page.goto(live_server.url + url)
            page.wait_for_load_state("networkidle")
            found = axe_problems(page) if device == "desktop" else []
            layout = page.evaluate(SIDEWAYS)
            if layout["scroll"] > layout["width"] + 1 or layout["out"]:
                found.append(f"scrolls sideways at {width}px: {json.dumps(layout)}")
            header = page.locator("header").first.bounding_box()["height"]
            if device == "phone" and header > 150:  # it took 300 of 844 px before
                found.append(f"the header takes {header:.0f} of {height} px")
            if found:
                problems[f"{name} @ {device}"] = found
            page.screenshot(path=shots / f"{name}-{device}.png", full_page=True)
        context.close()
    # Logged out: the login page.
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{live_server.url}/inloggen/")
    login = axe_problems(page)
    if login:
        problems["login"] = login
    page.screenshot(path=shots / "login-phone.png", full_page=True)
    context.close()
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-figure]')]
  .every((el) => el.dataset.drawn === '1')"""


def test_charts_load_the_partial_plotly_bundle_and_only_where_they_are_drawn(
    demo, page, live_server, artifacts
):
    """Pages without a chart fetch no Plotly; the dashboard fetches the basic bundle and
    draws its charts. The time to drawn charts is printed for docs/PERFORMANCE.md."""
    scripts: list[str] = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    log_in(page, live_server, "analist")
    page.goto(live_server.url + reverse("projects:project_list"))
    page.wait_for_load_state("networkidle")
    assert not [url for url in scripts if "plotly" in url]
    timings = []
    for _ in range(3):
        scripts.clear()
        page.goto(live_server.url + reverse("reporting:dashboard"))
        page.wait_for_function(CHARTS_DRAWN)
        timings.append(page.evaluate("() => performance.now()"))
    plotly = [url for url in scripts if "plotly" in url]
    assert plotly and all("plotly-basic.min.js" in url for url in plotly), plotly
    assert page.locator("[data-figure] .main-svg").count() >= 3
    assert page.locator(".modebar").count() == 0  # no toolbar buttons in the tab order
    figures = f"first_ms={timings[0]:.0f} median_of_3_ms={sorted(timings)[1]:.0f}"
    print(f"dashboard charts drawn: {figures}")
    (artifacts / "dashboard-load.txt").write_text(figures + "\n")
