"""The projectleider raises a request for change beyond tolerance for their running
project (a new end and € 75.000 more; first refused in place: no description), examines
and proposes it, and may not decide it; the portfolioraad opens it from the next
meeting's agenda and approves it, and the project's planned end is the requested one.
axe finds no serious or critical violation on the way; the register fits a phone."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from portfolio.governance.models import AgendaItem
from portfolio.projects.models import LifecycleStatus, Project
from risks.models import Issue

from .test_every_page_type import SIDEWAYS, axe_problems
from .test_overview_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TITLE = "Extra bezwaarronde omgevingsplan"


def long_date(day: dt.date) -> str:
    with translation.override("nl"):
        return date_format(day, "j F Y")


def test_the_board_approves_a_request_for_change_beyond_tolerance(
    demo, page, live_server, artifacts
):
    from playwright.sync_api import expect

    project = (
        Project.objects.filter(
            manager__username="projectleider", status=LifecycleStatus.ACTIVE, kind="project"
        )
        .exclude(planned_end=None)
        .order_by("-planned_end", "code")
        .first()
    )
    requested_end = project.planned_end + dt.timedelta(days=120)
    log_in(page, live_server, "projectleider")
    page.get_by_role("link", name="Risico's", exact=True).first.click()
    page.get_by_role("navigation", name="Risico's").get_by_role("link", name="Issues").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Issues")
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "issue-register.png", full_page=True)

    page.get_by_role("link", name="Nieuw issue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw issue")
    page.get_by_label("Soort", exact=True).select_option(label="Wijzigingsverzoek")
    page.get_by_label("Issue", exact=True).fill(TITLE)
    page.get_by_label("Project", exact=True).select_option(str(project.pk))
    page.get_by_label("Gevolgen").fill("Vier maanden later klaar; de extra ronde kost geld.")
    page.get_by_label("Buiten de tolerantie").check()
    page.get_by_label("Voorstel").fill("Een extra bezwaarronde houden: het einde later, € 75.000.")
    page.get_by_label("Gevraagd nieuw einde").fill(requested_end.isoformat())
    page.get_by_label("Gevraagde budgetwijziging (€)").fill("75.000")
    page.get_by_role("button", name="Opslaan").click()  # no description yet
    expect(page.get_by_text("Het issue is niet opgeslagen.")).to_be_visible()
    description = page.get_by_label("Omschrijving", exact=True)
    expect(description).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Gevraagd nieuw einde")).to_have_value(requested_end.isoformat())
    assert not Issue.objects.filter(title=TITLE).exists()
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "issue-form-refused.png", full_page=True)

    description.fill("De inspraak leverde zoveel zienswijzen op dat een tweede ronde nodig is.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het issue is vastgelegd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    facts = page.locator(".pmo-facts")
    expect(facts.first).to_contain_text("Wijzigingsverzoek · buiten de tolerantie")
    expect(facts.last).to_contain_text(long_date(requested_end))
    expect(facts.last).to_contain_text("€ 75.000,00")

    to = page.get_by_label("Naar")
    to.select_option("onderzocht")
    page.get_by_role("button", name="Volgende stap").click()
    expect(page.get_by_text("Het issue staat nu op onderzocht.")).to_be_visible()
    to.select_option("voorgesteld")
    page.get_by_role("button", name="Volgende stap").click()
    expect(page.get_by_text("Het issue staat nu op voorstel gedaan.")).to_be_visible()
    expect(page.locator("[aria-current=step]")).to_contain_text("voorstel gedaan")

    # Beyond tolerance it is the board's: no button for the projectleider, and the
    # decision form refuses them.
    decision = page.get_by_role("region", name="Besluit")
    expect(decision).to_contain_text("de portfolioraad beslist")
    item = AgendaItem.objects.select_related("meeting").get(
        subject_id=Issue.objects.get(title=TITLE).pk, kind=AgendaItem.Kind.CHANGE
    )
    expect(decision).to_contain_text(
        f"Op de agenda van de portfolioraad van {long_date(item.meeting.date)}"
    )
    expect(decision.get_by_role("link", name="Besluiten")).to_have_count(0)
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "issue-proposed.png", full_page=True)
    issue = Issue.objects.get(title=TITLE)
    refused = page.request.get(live_server.url + reverse("risks:issue_decide", args=[issue.pk]))
    assert refused.status == 403

    page.context.clear_cookies()
    log_in(page, live_server, "raad")
    page.get_by_role("link", name="Portfolioraad", exact=True).click()
    page.locator(".pmo-card").filter(has_text=long_date(item.meeting.date)).get_by_role(
        "link"
    ).click()
    agenda_item = page.locator(f"#item-{item.pk}")
    expect(agenda_item).to_contain_text(TITLE)
    expect(agenda_item).to_contain_text(f"Gevraagd nieuw einde: {long_date(requested_end)}")
    agenda_item.get_by_role("link", name="Besluiten").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Besluit over {TITLE}")
    baseline = page.get_by_role("table", name="De baseline nu en na goedkeuring")
    end_row = baseline.get_by_role("row", name=re.compile("Gepland einde"))
    expect(end_row).to_contain_text(long_date(project.planned_end))
    expect(end_row).to_contain_text(long_date(requested_end))
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "issue-decision-form.png", full_page=True)
    page.get_by_label("Besluit", exact=True).select_option("goedgekeurd")
    page.get_by_label("Motivering").fill("Zorgvuldige inspraak weegt zwaarder dan vier maanden.")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Het besluit is vastgelegd: goedgekeurd.")).to_be_visible()
    expect(page.locator(".pmo-decided")).to_contain_text("Goedgekeurd — Zorgvuldige inspraak")

    project.refresh_from_db()
    issue.refresh_from_db()
    assert (issue.status, issue.decision) == ("besloten", "goedgekeurd")
    assert project.planned_end == requested_end
    item.refresh_from_db()
    assert item.decided_at is not None
    page.get_by_role("link", name=f"{project.code} {project.name}").first.click()
    expect(page.get_by_text(f"– {long_date(requested_end)}")).to_be_visible()
    page.screenshot(path=artifacts / "issue-project-new-end.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("risks:issue_list"))
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    layout = page.evaluate(SIDEWAYS)
    assert layout["scroll"] <= layout["width"] + 1 and not layout["out"], json.dumps(layout)
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "issue-register-phone.png", full_page=True)
