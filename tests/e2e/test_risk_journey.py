"""The projectleider raises a risk on their project (a netto score above the bruto one
refused in place first), finds it through its cell of the risicokaart, which filters
the register in place, and sees the trend per month load after the register; on a
desktop and on a phone, with no serious or critical axe violation."""

import re

import pytest

from pmo.models import User
from portfolio.projects.models import LifecycleStatus, Project
from risks.models import Risk

from .test_every_page_type import SIDEWAYS, axe_problems
from .test_overview_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TITLE = "Archeologische vondst bij de fundering"


def test_the_projectleider_raises_a_risk_and_finds_it_on_the_risicokaart(
    demo, page, live_server, artifacts
):
    from playwright.sync_api import expect

    user = User.objects.get(username="projectleider")
    project = (
        Project.objects.filter(manager=user, status=LifecycleStatus.ACTIVE, kind="project")
        .order_by("code")
        .first()
    )
    log_in(page, live_server, "projectleider")
    page.get_by_role("link", name="Risico's", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Risico's")
    expect(page.get_by_role("table", name=re.compile("Netto"))).to_be_visible()
    # The trend arrives after the register, in place, and is drawn.
    expect(
        page.locator('[data-figure="risk-trend"][data-drawn="1"] .main-svg').first
    ).to_be_visible()
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "risk-register.png", full_page=True)

    page.get_by_role("link", name="Nieuw risico").click()
    page.get_by_label("Project", exact=True).select_option(str(project.pk))
    page.get_by_label("Risico", exact=True).fill(TITLE)
    page.get_by_label("Oorzaak").fill(
        "Het terrein ligt in een zone met hoge archeologische waarde."
    )
    page.get_by_label("Gebeurtenis").fill("Bij het graven komen resten tevoorschijn.")
    page.get_by_label("Gevolg", exact=True).fill("Het werk ligt stil tot de opgraving klaar is.")
    page.get_by_label("Categorie").select_option("juridisch")
    page.get_by_label("Gemeld op").fill("2026-11-20")
    page.get_by_label("Bruto kans").select_option("4")
    page.get_by_label("Bruto financieel gevolg").select_option("3")
    page.get_by_label("Netto kans").select_option("5")
    page.get_by_label("Netto financieel gevolg").select_option("5")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("hoger dan de bruto score")).to_be_visible()
    assert not Risk.objects.filter(title=TITLE).exists()
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "risk-refused.png", full_page=True)

    page.get_by_label("Netto kans").select_option("2")
    page.get_by_label("Netto financieel gevolg").select_option("3")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    risk = Risk.objects.get(title=TITLE)
    assert (risk.project, risk.inherent_score, risk.residual_score) == (project, 12, 6)
    assert axe_problems(page) == []

    page.get_by_role("link", name="Risico's", exact=True).first.click()
    in_cell = Risk.objects.visible_to(user).filter(
        status=Risk.Status.OPEN, residual_probability=2, residual_money=3
    )
    netto = page.get_by_role("table", name=re.compile("Netto"))
    netto.get_by_role("link", name="met kans 2 en financieel gevolg 3").click()
    expect(page).to_have_url(re.compile(r"kaart=netto-2-3"))
    results = page.locator("#results")
    expect(results.locator(".pmo-count")).to_contain_text(f"{in_cell.count()} risico")
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()
    page.screenshot(path=artifacts / "risk-cell.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    layout = page.evaluate(SIDEWAYS)
    assert layout["scroll"] <= layout["width"] + 1 and not layout["out"], layout
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "risk-phone.png", full_page=True)
