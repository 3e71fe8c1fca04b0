"""A projectleider keeps a milestone's forecast on the Mijlpalen tab, in place (htmx)."""

import datetime as dt

import pytest

from portfolio.projects.models import Milestone

from .test_overview_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_projectleider_updates_a_forecast_in_its_row(demo, page, live_server, artifacts):
    from playwright.sync_api import expect

    milestone = (
        Milestone.objects.filter(
            project__manager__username="projectleider", actual_date__isnull=True
        )
        .order_by("project__code", "baseline_date")
        .first()
    )
    log_in(page, live_server, "projectleider")
    page.goto(f"{live_server.url}{milestone.project.get_absolute_url()}?tab=mijlpalen")
    row = page.locator(f"#milestone-{milestone.pk}")
    row.get_by_role("link", name="Bijwerken").click()
    editor = page.locator(f"#milestone-{milestone.pk}.pmo-editing")
    expect(editor).to_be_visible()
    expect(editor.get_by_label("Baselinedatum")).to_be_disabled()
    later = milestone.baseline_date + dt.timedelta(days=45)
    editor.get_by_label("Prognose").fill(later.isoformat())
    page.screenshot(path=artifacts / "milestone-editing.png", full_page=True)
    editor.get_by_role("button", name="Opslaan").click()
    saved = page.locator(f"#milestone-{milestone.pk}:not(.pmo-editing)")
    expect(saved).to_contain_text("45")
    assert page.url.endswith("?tab=mijlpalen")  # it never left the page
    milestone.refresh_from_db()
    assert milestone.forecast_date == later and milestone.version == 2
