"""A projectleider logs in, filters the overview and opens a project."""

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


def test_log_in_filter_and_open_a_project(demo, page, live_server, artifacts):
    from playwright.sync_api import expect

    log_in(page, live_server, "raad")
    results = page.locator("#results")
    expect(results.locator(".pmo-count")).to_contain_text("80 projecten gevonden")

    # Typing filters live (htmx) and the URL keeps the filter.
    page.get_by_label("Zoeken").fill("warmte")
    expect(results.locator(".pmo-count")).to_contain_text("2 projecten gevonden")
    expect(page).to_have_url(re.compile(r"q=warmte"))

    page.get_by_label("Zoeken").fill("")
    page.get_by_label("Fase").select_option("realisatie")
    expect(page).to_have_url(re.compile(r"phase=realisatie"))
    rows = results.locator("tbody tr")
    expect(rows.first).to_be_visible()
    phases = rows.locator("td:nth-child(4)").all_inner_texts()
    assert phases and set(phases) == {"Realisatie"}

    # Sorting by budget, descending, keeps the phase filter.
    results.get_by_role("link", name="Budget").click()
    expect(page).to_have_url(re.compile(r"sort=budget"))
    results.get_by_role("link", name=re.compile("Budget")).click()
    expect(page).to_have_url(re.compile(r"sort=-budget"))
    expect(page).to_have_url(re.compile(r"phase=realisatie"))
    page.screenshot(path=artifacts / "overview-filtered.png", full_page=True)

    # Reloading the URL gives the same filtered page without any JavaScript state.
    page.reload()
    expect(page.get_by_label("Fase")).to_have_value("realisatie")

    first = rows.first.locator("a").first
    code = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    page.get_by_role("tab", name="Mijlpalen").click()
    expect(page.locator("#tab-panel")).to_have_attribute("data-tab", "mijlpalen")
    expect(page.get_by_role("tab", name="Mijlpalen")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#tab-panel")).to_contain_text("Projectopdracht vastgesteld")
    expect(page).to_have_url(re.compile(r"tab=mijlpalen"))
    page.screenshot(path=artifacts / "project-milestones.png", full_page=True)


def test_overview_on_a_phone(demo, page, live_server, artifacts):
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "projectleider")
    expect(page.locator("#results .pmo-count")).to_be_visible()
    page.screenshot(path=artifacts / "overview-phone.png", full_page=True)
    # Only the table scrolls sideways; the page itself fits the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    table_box = page.locator("#results .pmo-table-scroll").bounding_box()
    assert table_box["width"] <= 390


def test_switch_to_english_and_back(demo, page, live_server):
    from playwright.sync_api import expect

    log_in(page, live_server, "projectleider")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Projects")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Phase")).to_be_visible()
    page.get_by_role("button", name="Nederlands").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Projecten")
