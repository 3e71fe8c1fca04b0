"""The board's dashboard in the browser: the portfolioraad reads the key figures and
drills domain → programme → project without a reload, on a desktop and a phone; the PMO
builds a new version and hands out the board pack; a projectleider lands on their own
department's dashboard. No serious or critical axe violation on the way."""

import re

import pytest
from django.core.management import call_command

from reporting.models import Snapshot

from .test_every_page_type import SIDEWAYS, axe_problems
from .test_overview_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dashboards(demo):
    # Three periods: a trend to draw and a previous period to compare with.
    call_command("build_snapshots", periods=3, verbosity=0)


def open_dashboard(page):
    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-figure]')].every((el) => el.dataset.drawn)"
    )


def test_the_board_reads_and_drills_down(dashboards, page, live_server, artifacts):
    from playwright.sync_api import expect

    log_in(page, live_server, "raad")
    open_dashboard(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hele organisatie")
    expect(page.get_by_role("heading", name="Kerncijfers")).to_be_visible()
    expect(page.get_by_role("heading", name="Sinds de vorige portfolioraad")).to_be_visible()
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "dashboard-board.png", full_page=True)

    # Drilling swaps the drill section only: a marker set on the page survives.
    page.evaluate("() => { window.notReloaded = true; }")
    drill = page.locator("#drill")
    drill.get_by_role("link", name="Ruimte", exact=True).click()
    expect(page).to_have_url(re.compile(r"domein=\d+"))
    expect(drill.get_by_role("heading", level=2)).to_contain_text("Ruimte")
    drill.get_by_role("link", name="Energietransitie Lindenhoven 2030").click()
    expect(page).to_have_url(re.compile(r"programma=\d+"))
    expect(drill.get_by_role("heading", level=2)).to_contain_text("Energietransitie")
    assert page.evaluate("() => window.notReloaded === true")
    rows = drill.locator("table").last.locator("tbody tr")
    expect(rows.first).to_be_visible()
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "dashboard-drill-programme.png", full_page=True)

    # The URL keeps the state: reloading it gives the same level without JavaScript state.
    page.reload()
    expect(page.locator("#drill").get_by_role("heading", level=2)).to_contain_text(
        "Energietransitie"
    )
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"programma="))

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    layout = page.evaluate(SIDEWAYS)
    assert layout["scroll"] <= layout["width"] + 1 and not layout["out"], layout
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "dashboard-phone.png", full_page=True)


def test_the_pmo_builds_anew_and_hands_out_the_pack(dashboards, page, live_server, artifacts):
    from playwright.sync_api import expect

    log_in(page, live_server, "analist")
    open_dashboard(page)
    before = Snapshot.objects.filter(is_current=True, scope__kind="organisatie").latest("period")
    page.get_by_role("button", name=re.compile("^Nu bouwen")).click()
    status = page.locator(".pmo-build-status")
    expect(status).to_contain_text("is klaar", timeout=30_000)
    after = Snapshot.objects.get(scope=before.scope, period=before.period, is_current=True)
    assert after.version == before.version + 1
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "dashboard-built.png", full_page=True)
    status.get_by_role("link", name="De nieuwe versie bekijken").click()
    expect(page.get_by_text(f"(versie {after.version})").first).to_be_visible()

    page.get_by_role("button", name=re.compile("^Pakket als PDF")).click()
    link = page.get_by_role("link", name=re.compile(r"Downloaden \(PDF\)"))
    expect(link).to_be_visible(timeout=60_000)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    path = artifacts / "portfolioraadpakket.pdf"
    download.save_as(path)
    assert path.read_bytes()[:5] == b"%PDF-"
    assert re.match(r"portfolioraad-\d{4}-\d{2}.*\.pdf", download.suggested_filename)
    assert axe_problems(page) == []


def test_a_projectleider_lands_on_their_departments_dashboard(dashboards, page, live_server):
    from playwright.sync_api import expect

    log_in(page, live_server, "projectleider")
    page.get_by_role("link", name="Dashboard", exact=True).click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Dashboard")
    expect(heading).not_to_contain_text("Hele organisatie")
    expect(page.get_by_role("button", name=re.compile("^Nu bouwen"))).to_have_count(0)
    assert axe_problems(page) == []
