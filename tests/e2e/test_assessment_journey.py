"""The afwegingskader in a real browser: the analyst scores from the keyboard, weighs by
AHP with live feedback, plays with a weight; the board adopts a scenario."""

import re

import pytest

from demo.data import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/projecten/$"))


def test_analyst_scores_weighs_and_explores_the_ranking(demo, page, live_server, artifacts):
    from playwright.sync_api import expect

    from portfolio.assessment.models import AssessmentFramework, Criterion, Score

    log_in(page, live_server, "analist")
    page.get_by_role("link", name="Afwegingskader", exact=True).first.click()
    page.get_by_role("link", name="Afwegingskader Lindenhoven").click()
    framework = AssessmentFramework.objects.get()

    # Scores: type into the first cell, press Enter; the cell is saved and focus moves down.
    page.get_by_role("link", name="Scores").click()
    first_cell = page.locator(".pmo-score-input").first
    label = first_cell.get_attribute("aria-label")
    code, criterion_name = label.split(": ", 1)
    first_cell.fill("-3")
    first_cell.press("Enter")
    cell = page.locator(".pmo-score-cell").first
    expect(cell).to_have_class(re.compile("pmo-score-cell--saved"))
    second_row_input = page.locator("tbody tr").nth(1).locator(".pmo-score-input").first
    expect(second_row_input).to_be_focused()
    score = Score.objects.get(project__code=code, criterion__name=criterion_name)
    assert score.value == -3
    # Off the scale: the cell says why and nothing is saved.
    second_row_input.fill("9")
    second_row_input.press("Tab")
    expect(page.locator(".pmo-score-error").first).to_contain_text("tussen -3 en 3")
    page.screenshot(path=artifacts / "assessment-score-grid.png", full_page=False)

    # A new draft version: the pairwise form updates weights and CR as the analyst clicks.
    page.get_by_role("link", name="Doelen en gewichten").click()
    page.get_by_role("button", name="Nieuwe versie maken").first.click()
    expect(page.locator(".pmo-badge").first).to_have_text("concept")
    draft = AssessmentFramework.objects.get(number=2)
    page.goto(f"{live_server.url}/afwegingskader/{draft.pk}/paarsgewijs/contribution/")
    outcome = page.locator("#ahp-outcome")
    pair = page.locator(".pmo-pair").first
    pair.locator("input[value='9']").check()
    expect(outcome).to_contain_text("CR")
    contribution = list(draft.criteria.filter(kind=Criterion.Kind.CONTRIBUTION))
    expect(outcome).to_contain_text(contribution[0].name)
    page.screenshot(path=artifacts / "assessment-pairwise.png", full_page=True)

    # Ranking: move a weight and see who moves.
    page.goto(f"{live_server.url}/afwegingskader/{framework.pk}/rangorde/")
    expect(page.locator("[data-figure='bubble-figure'] .main-svg").first).to_be_visible()
    page.locator("#id_gewicht").fill("90")
    expect(page.locator("#results")).to_contain_text("verschuiven")
    page.screenshot(path=artifacts / "assessment-ranking.png", full_page=True)


def test_board_member_compares_and_adopts_a_scenario(demo, page, live_server, artifacts):
    from playwright.sync_api import expect

    from portfolio.scenarios.models import Scenario

    log_in(page, live_server, "raad")
    page.goto(f"{live_server.url}/afwegingskader/")
    page.get_by_role("link", name="Afwegingskader Lindenhoven").click()
    page.get_by_role("link", name="Scenario's").click()
    for checkbox in page.locator("input[name='s']").all():
        checkbox.check()
    page.get_by_role("button", name="Vergelijk de gekozen scenario's").click()
    expect(page.locator("h3")).to_contain_text("verschil")
    expect(page.locator("[data-figure='cost-figure'] .main-svg").first).to_be_visible()
    page.screenshot(path=artifacts / "assessment-compare.png", full_page=True)

    scenario = Scenario.objects.order_by("pk").first()
    page.goto(f"{live_server.url}/afwegingskader/scenario/{scenario.pk}/")
    expect(page.locator("[data-figure='frontier-figure'] .main-svg").first).to_be_visible()
    page.get_by_label("Motivering").fill("Past binnen de meerjarenbegroting.")
    page.get_by_role("button", name="Scenario vaststellen").click()
    expect(page.locator(".pmo-alert--ok")).to_contain_text("Vastgesteld door de portfolioraad")
    page.screenshot(path=artifacts / "assessment-adopted.png", full_page=True)
    scenario.refresh_from_db()
    assert scenario.adopted_by.username == "raad"
