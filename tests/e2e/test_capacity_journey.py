"""Capacity in the browser. The PMO-analist finds civil engineering over-allocated in
spring 2027 on the heatmap, opens the cell's projects in place, tries moving the largest
one three months later (nothing saved), then saves it and sees the over-allocated months
follow. The projectleider fills in his project's demand grid: a save in place, -5
refused at its cell, a stale save refused naming who changed the plan. The capacity
scenario shows civil engineering binding in spring. axe finds no serious or critical
violation on the way; the grids scroll inside their regions on a phone."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from pmo.actors import Actor
from pmo.models import User
from portfolio.capacity import selectors
from portfolio.capacity.models import Demand, Team
from portfolio.capacity.rules import Load, add_months, load_level
from portfolio.capacity.services.demand import demand_plan_save
from portfolio.projects.models import LifecycleStatus, Project
from portfolio.scenarios.models import Scenario

from .test_every_page_type import SIDEWAYS, axe_problems
from .test_overview_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
MARCH = dt.date(2027, 3, 1)
SHOWN = [add_months(dt.date(2027, 1, 1), i) for i in range(12)]  # "Vanaf maand" 2027-01
CAPACITY_SCENARIO = "Capaciteit: geen team boven 105 %"
# A region that scrolls sideways on its own (its content is wider than its box).
SCROLLS = "(el) => el.scrollWidth > el.clientWidth + 1"


def plan(project: Project) -> set[tuple[int, dt.date, Decimal]]:
    return set(Demand.objects.filter(project=project).values_list("team_id", "month", "hours"))


def over_months(team: Team) -> list[dt.date]:
    """The months of SHOWN the heatmap flags over for `team` (running work only)."""
    figures = selectors.capacity_figures(months=SHOWN, teams=[team])
    return [
        month
        for month, demand, capacity in zip(
            SHOWN, figures.committed[0], figures.capacity[0], strict=True
        )
        if load_level(demand, capacity) == Load.OVER
    ]


def dutch_hours(hours: Decimal) -> str:
    return f"{hours.normalize():f}".replace(".", ",")


def dutch_month(month: dt.date) -> str:
    """ "maart 2027", as the pages write a month."""
    with translation.override("nl"):
        return date_format(month, "F Y")


def test_the_analist_finds_the_spring_overload_and_shifts_a_project_out_of_it(
    demo, page, live_server, artifacts
):
    from playwright.sync_api import expect

    civil = Team.objects.get(code="TEAM-CIV")
    analist = User.objects.get(username="analist")
    assert MARCH in over_months(civil)
    in_cell, _hidden = selectors.cell_projects(team=civil, month=MARCH, user=analist)
    largest = in_cell[0]
    project = largest.project
    before = plan(project)

    log_in(page, live_server, "analist")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Capaciteit", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Capaciteit en vraag")
    page.get_by_label("Vanaf maand").fill("2027-01")
    page.get_by_role("button", name="Tonen").click()
    expect(page).to_have_url(re.compile(r"van=2027-01"))
    grid = page.get_by_role("table", name="Vraag / capaciteit")
    civil_row = grid.locator("tbody tr").filter(has=page.locator("th", has_text="TEAM-CIV"))
    march = civil_row.locator("td").nth(SHOWN.index(MARCH))
    expect(march).to_contain_text("▲ over")
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "capacity-heatmap.png", full_page=True)

    # The cell opens its projects in place, largest first, with their hours.
    march.get_by_role("link").click()
    drill = page.locator("#drill")
    expect(drill.get_by_role("heading", level=2)).to_have_text(
        "Vraag aan TEAM-CIV Civiele techniek in maart 2027"
    )
    rows = drill.locator("tbody tr")
    expect(rows).to_have_count(len(in_cell))
    for row, demand in zip(rows.all()[:3], in_cell[:3], strict=True):
        expect(row.locator("th")).to_contain_text(demand.project.code)
        expect(row.locator("td").nth(2)).to_have_text(dutch_hours(demand.hours))
    expect(grid).to_be_visible()
    assert "/TEAM-CIV/" not in page.url  # opened in place, below the grid
    assert axe_problems(page) == []
    drill.screenshot(path=artifacts / "capacity-drill.png")

    # What if the largest starts three months later: March is no longer over; nothing saved.
    page.get_by_label("Project (code)").fill(project.code)
    page.get_by_label("Verschuiving in maanden").fill("3")
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("Wat als"))).to_have_text(
        f"Wat als {project.code} {project.name} 3 maanden later valt"
    )
    expect(march).to_have_class(re.compile("pmo-load--changed"))
    expect(march).not_to_contain_text("over")
    gone = page.get_by_role("table", name="Overbelasting die door de verschuiving verdwijnt")
    expect(gone.locator("tbody tr").filter(has_text="TEAM-CIV")).to_contain_text(["maart 2027"])
    assert plan(project) == before
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "capacity-whatif.png", full_page=True)

    page.get_by_role("button", name="Verschuiving opslaan").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"De capaciteitsvraag van {project.code} is +3 maanden verschoven."
    )
    assert plan(project) == {(team, add_months(month, 3), hours) for team, month, hours in before}
    over = page.get_by_role("table", name="Overbelaste maanden")
    civil_over = over.locator("tbody tr").filter(has_text="TEAM-CIV").locator("td:nth-child(2)")
    assert MARCH not in over_months(civil)
    expect(civil_over).to_have_text([dutch_month(m) for m in over_months(civil)])

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    region = page.get_by_role("region", name="Bezetting per team en maand (scrollt horizontaal)")
    assert region.evaluate(SCROLLS)
    layout = page.evaluate(SIDEWAYS)
    assert layout["scroll"] <= layout["width"] + 1 and not layout["out"], layout
    page.screenshot(path=artifacts / "capacity-heatmap-phone.png", full_page=True)


def test_the_projectleider_fills_in_the_demand_grid(demo, page, live_server, artifacts):
    from playwright.sync_api import expect

    user = User.objects.get(username="projectleider")
    analist = User.objects.get(username="analist")
    project = (
        Project.objects.filter(manager=user, status=LifecycleStatus.ACTIVE, kind="project")
        .annotate(cells=Count("demand"))
        .order_by("-cells", "code")
        .first()
    )
    first = Demand.objects.filter(project=project).order_by("team__code", "month").first()
    team, month = first.team, first.month
    name = f"{team.code}, {dutch_month(month)}: uren"

    log_in(page, live_server, "projectleider")
    page.goto(live_server.url + project.get_absolute_url())
    page.get_by_role("link", name=re.compile("capaciteitsvraag", re.IGNORECASE)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Capaciteitsvraag")
    cell = page.get_by_label(name, exact=True)
    expect(cell).to_have_value(f"{first.hours.normalize():f}")
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "demand-grid.png", full_page=True)

    # A save in place (htmx): the grid comes back with the value, and the DB has it.
    grid = page.locator("#demand-grid")
    cell.fill("37.5")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        grid.get_by_role("button", name="Opslaan", exact=True).click()
    assert answer.value.status == 200
    expect(grid.get_by_role("status")).to_have_text("De capaciteitsvraag is opgeslagen.")
    expect(page.get_by_label(name, exact=True)).to_have_value("37.5")
    assert Demand.objects.get(project=project, team=team, month=month).hours == Decimal("37.5")
    assert "/capaciteit/projecten/" in page.url  # swapped in place, not a new page

    # -5 is refused at its cell (422) and nothing is saved.
    page.get_by_label(name, exact=True).fill("-5")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        grid.get_by_role("button", name="Opslaan", exact=True).click()
    assert answer.value.status == 422
    cell = page.get_by_label(name, exact=True)
    expect(cell).to_have_attribute("aria-invalid", "true")
    error = page.locator(f"#{cell.get_attribute('aria-describedby')}")
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    expect(cell).to_have_value("-5")
    expect(grid.get_by_role("alert")).to_contain_text("niet opgeslagen")
    assert Demand.objects.get(project=project, team=team, month=month).hours == Decimal("37.5")
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "demand-grid-refused.png", full_page=True)

    # Someone else changes the plan after the page loaded: the save is refused (409)
    # naming who, and the other's change stands.
    page.reload()
    version = selectors.plan_version(project)
    demand_plan_save(
        actor=Actor.screen(analist),
        project=project,
        expected_version=version,
        cells={(team.pk, month): Decimal("12")},
    )
    page.get_by_label(name, exact=True).fill("50")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        grid.get_by_role("button", name="Opslaan", exact=True).click()
    assert answer.value.status == 409
    expect(grid.get_by_role("alert")).to_contain_text(str(analist))
    assert Demand.objects.get(project=project, team=team, month=month).hours == Decimal("12")
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "demand-grid-stale.png", full_page=True)

    # On a phone the grid scrolls inside its region; the page does not.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    region = page.get_by_role("region", name="Uren per team en maand (scrollt horizontaal)")
    assert region.evaluate(SCROLLS)
    layout = page.evaluate(SIDEWAYS)
    assert layout["scroll"] <= layout["width"] + 1 and not layout["out"], layout
    page.screenshot(path=artifacts / "demand-grid-phone.png", full_page=True)


def test_the_capacity_scenario_shows_civil_engineering_binding_in_spring(
    demo, page, live_server, artifacts
):
    from playwright.sync_api import expect

    scenario = Scenario.objects.get(name=CAPACITY_SCENARIO)
    log_in(page, live_server, "analist")
    page.goto(live_server.url + reverse("scenarios:scenario_detail", args=[scenario.pk]))
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        f"Scenario: {CAPACITY_SCENARIO}"
    )
    load = page.get_by_role(
        "table", name="Belasting per team en maand in procenten van de capaciteit"
    )
    if not load.count():
        page.get_by_role("button", name="Opnieuw berekenen", exact=True).click()
    expect(load).to_be_visible()
    civil = load.locator("tbody tr").filter(has=page.locator("th", has_text="TEAM-CIV"))
    months = [m.lower() for m in load.locator("thead th").all_inner_texts()[1:]]
    binding = [
        months[i] for i, text in enumerate(civil.locator("td").all_inner_texts()) if "◆" in text
    ]
    spring = {"mrt 2027", "apr 2027", "mei 2027"}
    assert spring & set(binding), binding
    limits = page.get_by_role("heading", name="Waar de capaciteit de selectie bepaalt")
    expect(limits).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Civiele techniek").first).to_contain_text(
        "bindend"
    )
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "capacity-scenario.png", full_page=True)
    page.get_by_role("region", name="Belasting per team en maand (scrollt horizontaal)").screenshot(
        path=artifacts / "capacity-scenario-load.png"
    )
