"""The PMO-analist opens Lindenhoven's weerstandsvermogen (class C), states a new
beschikbare capaciteit (a negative amount refused in place first), runs the simulation
again, follows its progress and reads class B; on a desktop and on a phone, with no
serious or critical axe violation."""

import pytest

from risks.models import Simulation

from .test_every_page_type import axe_problems
from .test_overview_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_analyst_states_capacity_and_runs_the_simulation(demo, page, live_server, artifacts):
    from playwright.sync_api import expect

    log_in(page, live_server, "analist")
    page.get_by_role("link", name="Risico's", exact=True).first.click()
    page.get_by_role("navigation", name="Risico's").get_by_role(
        "link", name="Weerstandsvermogen"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Weerstandsvermogen")
    kpis = page.locator(".pmo-kpis")
    expect(kpis).to_contain_text("C (voldoende)")
    chart = page.get_by_role("img", name="Verdeling van het totale financiële gevolg")
    expect(chart).to_be_visible()
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "resistance-class-c.png", full_page=True)

    page.get_by_role("link", name="Nieuwe opgave").click()
    first = page.get_by_role("group", name="Onderdeel 1")
    first.get_by_label("onderdeel").fill("Algemene reserve")
    first.get_by_label("bedrag (€)").fill("-8.000.000")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De opgave is niet opgeslagen.")).to_be_visible()
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "resistance-capacity-refused.png", full_page=True)
    first.get_by_label("bedrag (€)").fill("8.000.000")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De beschikbare weerstandscapaciteit is vastgelegd.")).to_be_visible()
    expect(kpis).to_contain_text("€ 8.000.000")

    page.get_by_text("Iteraties en seed").click()
    page.get_by_label("iteraties").fill("20.000")
    page.get_by_role("button", name="Opnieuw berekenen").click()
    # The run happens in the background; the page follows it and reloads when done.
    expect(kpis).to_contain_text("B (ruim voldoende)", timeout=30_000)
    assert Simulation.objects.filter(state=Simulation.State.DONE).count() == 2
    expect(page.get_by_role("heading", name="Eerdere berekeningen")).to_be_visible()
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "resistance-class-b.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(kpis).to_contain_text("B (ruim voldoende)")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "resistance-phone.png", full_page=True)
