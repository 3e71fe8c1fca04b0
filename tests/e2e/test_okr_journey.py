"""A PMO-analist makes an OKR for a running project, adds two key results (the first one
refused in place: its target equals its start) and sees the progress, in words too; on
a desktop and on a phone, with no serious or critical axe violation."""

import pytest

from benefits.models import Okr
from portfolio.projects.models import LifecycleStatus, Project

from .test_every_page_type import axe_problems
from .test_overview_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TITLE = "Sneller antwoord op meldingen openbare ruimte"


def test_the_analyst_makes_an_okr_with_two_key_results(demo, page, live_server, artifacts):
    from playwright.sync_api import expect

    project = Project.objects.filter(status=LifecycleStatus.ACTIVE).order_by("code").first()
    log_in(page, live_server, "analist")
    page.get_by_role("link", name="Baten", exact=True).click()
    page.get_by_role("navigation", name="Baten").get_by_role("link", name="OKR's").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("OKR's")
    assert axe_problems(page) == []
    page.get_by_role("link", name="Nieuwe OKR").click()

    page.get_by_label("Doel", exact=True).fill(TITLE)
    page.get_by_label("Portfolio").select_option(str(project.portfolio_id))
    page.get_by_label("Projecten").select_option(str(project.pk))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("nog geen kernresultaten").first).to_be_visible()

    form = page.locator("form[action$='/kernresultaten/']")
    form.get_by_label("Kernresultaat").fill("Meldingen binnen vijf werkdagen afgehandeld")
    form.get_by_label("Eenheid").fill("%")
    form.get_by_label("Startwaarde").fill("60")
    form.get_by_label("Doelwaarde").fill("60")
    form.get_by_label("Huidige waarde").fill("66")
    form.get_by_label("Vertrouwen").select_option("7")
    form.get_by_role("button", name="Kernresultaat toevoegen").click()
    expect(page.get_by_text("gelijk aan de startwaarde")).to_be_visible()
    page.screenshot(path=artifacts / "okr-key-result-refused.png", full_page=True)

    form.get_by_label("Doelwaarde").fill("90")  # 60 → 90 %, now 66: 20 %
    form.get_by_role("button", name="Kernresultaat toevoegen").click()
    expect(page.get_by_text("Het kernresultaat is toegevoegd.")).to_be_visible()

    page.get_by_text("Kernresultaat toevoegen", exact=True).first.click()  # opens the form
    form.get_by_label("Kernresultaat").fill("Gemiddelde doorlooptijd melding")
    form.get_by_label("Eenheid").fill("werkdagen")
    form.get_by_label("Startwaarde").fill("12")
    form.get_by_label("Doelwaarde").fill("6")
    form.get_by_label("Huidige waarde").fill("9")  # 12 → 6, now 9: 50 %
    form.get_by_label("Vertrouwen").select_option("3")
    form.get_by_role("button", name="Kernresultaat toevoegen").click()
    expect(page.get_by_text("Het kernresultaat is toegevoegd.")).to_be_visible()

    facts = page.locator(".pmo-facts")
    expect(facts).to_contain_text("35 %")  # (20 + 50) / 2, unweighted
    expect(facts).to_contain_text("5")  # (7 + 3) / 2
    expect(page.get_by_text("20 %", exact=True)).to_be_visible()
    expect(page.get_by_text("50 %", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=f"{project.code} {project.name}")).to_be_visible()
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "okr-detail.png", full_page=True)

    okr = Okr.objects.get(title=TITLE)
    assert (okr.progress, okr.confidence, okr.key_results.count()) == (35, 5, 2)
    assert list(okr.projects.all()) == [project]

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    width = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1] + 1, width
    page.screenshot(path=artifacts / "okr-detail-phone.png", full_page=True)
