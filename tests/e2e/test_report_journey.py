"""A projectleider submits a red report beyond tolerance; the board finds it on its agenda."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db.models import Sum

from portfolio.projects.models import Project

from .test_overview_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_red_report_reaches_the_board_agenda(demo, page, live_server, artifacts):
    from playwright.sync_api import expect

    project = (
        Project.objects.filter(manager__username="projectleider", status="lopend", kind="project")
        .order_by("code")
        .first()
    )
    budget = project.budgets.aggregate(total=Sum("amount"))["total"]
    log_in(page, live_server, "projectleider")
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    page.get_by_role("tab", name="Rapportages").click()
    page.get_by_role("link", name=re.compile("Rapporteren over")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hoofdpuntenrapportage")

    # A forecast half a year past the planned end: the system proposes red, live.
    late = project.planned_end + dt.timedelta(days=200)
    page.get_by_label("Prognose einddatum").fill(late.isoformat())
    # Typed as a Dutch user writes an amount: groups of three with dots, cents after a comma.
    dutch = f"{int(budget):,}".replace(",", ".") + ",50"
    page.get_by_label("Prognose totale kosten (EAC, €)").fill(f"€ {dutch}")
    page.get_by_label("Prognose totale kosten (EAC, €)").dispatch_event("change")
    proposal = page.locator("#proposal")
    expect(proposal).to_contain_text("buiten de tolerantie")
    expect(proposal.locator(".pmo-rag--rood")).to_have_count(1)

    page.locator('[data-dimension="time"] input[value="rood"]').check()
    page.locator('[data-dimension="cost"] input[value="groen"]').check()
    time_box = page.locator('[data-dimension="time"]')
    time_box.get_by_label("oorzaak").fill("Bezwaarprocedure tegen de vergunning")
    time_box.get_by_label("gevolg").fill("Oplevering een half jaar later")
    time_box.get_by_label("maatregel").fill("Fasering en tijdelijke verkeersmaatregelen")
    # Last period's risico colour stays; the register proposes another, so it needs a reason.
    page.locator("#id_override_reason_risk").fill("De leverancier blijft een zorg.")
    page.locator('input[name="rag_overall"][value="rood"]').check()
    page.locator("#id_exception_cause").fill("Bezwaar van omwonenden")
    page.locator("#id_exception_consequences").fill("Later klaar, hogere kosten")
    page.locator("#id_exception_options").fill("A: wachten op de uitspraak; B: herplannen")
    page.locator("#id_exception_recommendation").fill("B: herplannen in twee fasen")
    page.screenshot(path=artifacts / "report-form-red.png", full_page=True)
    page.get_by_role("button", name="Indienen").click()

    expect(page.get_by_text("Buiten tolerantie: deze rapportage is een exceptie")).to_be_visible()
    page.screenshot(path=artifacts / "report-submitted.png", full_page=True)
    submitted = project.reports.filter(state="ingediend").latest("submitted_at")
    assert submitted.forecast_cost == budget + Decimal("0.50")  # read as Dutch, never misread
    assert submitted.rag_cost == "groen"

    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, live_server, "raad")
    page.get_by_role("link", name="Portfolioraad").click()
    page.locator(".pmo-card a").first.click()
    item = page.locator(".pmo-agenda-item", has_text=project.code).filter(
        has_text="herplannen in twee fasen"
    )
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Buiten tolerantie")
    expect(item.locator(".pmo-rag--rood").first).to_be_visible()
    page.screenshot(path=artifacts / "board-agenda.png", full_page=True)
