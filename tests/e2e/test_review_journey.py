"""After and before a project, in the browser: the PMO finds the review that is over
time, the projectleider completes it (refused first without what it needs) and adds a
lesson; that lesson then shows on the page of a starting project in the same domain; and
the Business Value Canvas renders and prints on one A4 landscape sheet."""

import re

import pytest

from benefits.models import Lesson, Review, ValueCanvas
from portfolio.projects.models import OrgUnit, Phase, Project

from .test_every_page_type import axe_problems
from .test_overview_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
# The printable area of A4 landscape with the canvas's 10 mm margins, in CSS pixels.
PRINTABLE = {"width": round(277 / 25.4 * 96), "height": round(190 / 25.4 * 96)}


def test_an_overdue_review_is_completed_and_its_lesson_reaches_a_new_project(
    demo, page, live_server, artifacts
):
    from playwright.sync_api import expect

    late = Review.objects.select_related("project__manager").get(state=Review.State.PLANNED)
    project = late.project
    log_in(page, live_server, "analist")
    page.get_by_role("link", name="Baten", exact=True).click()
    page.get_by_role("link", name="Evaluaties", exact=True).click()
    expect(page.get_by_role("heading", name="1 evaluatie over tijd")).to_be_visible()
    first = page.locator("#results tbody tr").first
    expect(first).to_contain_text(project.name)
    expect(first).to_contain_text("over tijd")
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "review-register.png", full_page=True)

    page.context.clear_cookies()
    log_in(page, live_server, project.manager.username)
    page.goto(live_server.url + project.get_absolute_url())
    page.get_by_role("link", name="Naar de evaluatie").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(project.name)
    assert axe_problems(page) == []
    page.get_by_role("link", name="Evaluatie invullen").click()
    page.get_by_label("Evaluatie afronden").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Nodig om de evaluatie af te ronden.").first).to_be_visible()
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "review-refused.png", full_page=True)
    page.get_by_label("Gehouden op").fill("2026-11-20")
    page.get_by_label("Waar voor het geld").fill("Meer handhaving in de wijk, binnen budget.")
    page.get_by_label("Was het besluit juist?").select_option("deels")
    page.get_by_label("Toelichting op het besluit").fill("De werving liep een half jaar uit.")
    page.get_by_label("Conclusie").fill("Zichtbaarder in de wijk; begin eerder met werven.")
    page.get_by_label("Evaluatie afronden").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De evaluatie is afgerond")).to_be_visible()

    page.get_by_role("link", name="Les toevoegen").click()
    page.get_by_label("Les", exact=True).fill("Begin de werving van boa's een half jaar eerder")
    page.get_by_label("Aanbeveling").fill("Start de werving zodra het besluit er is.")
    page.get_by_label("Fase").select_option("initiatief")
    page.get_by_label("Trefwoorden").fill("Werving, capaciteit, werving")
    assert axe_problems(page) == []
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De les is vastgelegd.")).to_be_visible()
    lesson = Lesson.objects.get(review=late)
    assert lesson.tags == ["werving", "capaciteit"] and lesson.domain.code == "VE"
    lessons = page.get_by_role("region", name="Lessen uit deze evaluatie")
    expect(lessons).to_contain_text(lesson.title)
    page.screenshot(path=artifacts / "review-completed.png", full_page=True)
    late.refresh_from_db()
    assert late.state == Review.State.DONE and late.completed_by == project.manager

    domain = OrgUnit.objects.get(code="VE")
    starting = Project.objects.filter(
        org_unit__path__startswith=domain.path, phase__in=[Phase.INITIATION, Phase.DEFINITION]
    ).first()
    page.context.clear_cookies()
    log_in(page, live_server, "analist")
    page.goto(live_server.url + starting.get_absolute_url())
    block = page.get_by_role("region", name="Lessen uit het domein")
    expect(block).to_contain_text(lesson.title)
    block.get_by_role("link", name="Alle lessen uit Veiligheid").click()
    expect(page.locator("#results")).to_contain_text(lesson.title)
    assert re.search(rf"domain={domain.pk}", page.url)
    assert axe_problems(page) == []
    page.goto(live_server.url + starting.get_absolute_url())
    page.get_by_role("region", name="Lessen uit het domein").screenshot(
        path=artifacts / "lessons-on-a-new-project.png"
    )


def test_the_canvas_renders_and_prints_on_one_a4_landscape_page(demo, page, live_server, artifacts):
    from playwright.sync_api import expect

    canvas = ValueCanvas.objects.select_related("project").get()
    log_in(page, live_server, "analist")
    page.goto(live_server.url + canvas.project.get_absolute_url())
    page.get_by_role("link", name="Naar het canvas").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Business Value Canvas")
    boxes = page.locator(".pmo-canvas__box")
    expect(boxes).to_have_count(7)
    expect(page.get_by_role("region", name="Doelgroepen")).to_contain_text("Weggebruikers")
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "canvas.png", full_page=True)

    page.set_viewport_size(PRINTABLE)
    page.emulate_media(media="print")
    expect(page.locator("header.pmo-header")).to_be_hidden()
    size = page.evaluate(
        "() => ({width: document.documentElement.scrollWidth,"
        " height: document.documentElement.scrollHeight})"
    )
    assert size["height"] <= PRINTABLE["height"], size  # one sheet high
    assert size["width"] <= PRINTABLE["width"], size  # and wide
    # Every box shows whole within its area, the last row included.
    bottom = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('.pmo-canvas__box')]"
        ".map((b) => b.getBoundingClientRect().bottom))"
    )
    assert bottom <= PRINTABLE["height"]
    page.screenshot(path=artifacts / "canvas-print.png")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # one page
