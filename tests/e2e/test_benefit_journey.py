"""A bateneigenaar without a role in the tool finds their baten, records a measurement
and sees its realisation; a measurement before the baseline is refused in place."""

import datetime as dt

import pytest
from django.utils import timezone

from benefits.models import Benefit

from .test_every_page_type import axe_problems
from .test_overview_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_owner_records_a_measurement(demo, page, live_server, artifacts):
    from playwright.sync_api import expect

    benefit = Benefit.objects.filter(owner__username="be.kok").order_by("name").first()
    log_in(page, live_server, "be.kok")
    page.get_by_role("link", name="Baten").click()
    expect(page.locator("#results")).to_contain_text(benefit.name)
    page.get_by_role("link", name=benefit.name).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(benefit.name)
    assert axe_problems(page) == []

    page.get_by_label("Meetdatum").fill("2020-01-01")
    page.get_by_role("textbox", name="Waarde").fill("1")
    page.get_by_role("button", name="Meting vastleggen").click()
    expect(page.get_by_text("niet vóór de nulmeting")).to_be_visible()
    page.screenshot(path=artifacts / "benefit-measurement-refused.png", full_page=True)

    today = timezone.localdate()
    value = (benefit.baseline_value + benefit.target_value) / 2
    page.get_by_label("Meetdatum").fill(today.isoformat())
    page.get_by_role("textbox", name="Waarde").fill(f"{value:.2f}".replace(".", ","))
    page.get_by_role("button", name="Meting vastleggen").click()
    expect(page.get_by_text("De meting is vastgelegd.")).to_be_visible()
    page.screenshot(path=artifacts / "benefit-measured.png", full_page=True)
    benefit.refresh_from_db()
    assert benefit.last_measured_on == today and benefit.realisation == 50
    assert benefit.measurements.filter(measured_on__lt=dt.date(2025, 1, 1)).count() == 0
