"""The projectleider opens the stakeholders, filters the register in place from a cell of
the power/interest grid, adds a stakeholder (power 6 refused in place, then power 5 and
interest 2: tevreden houden, as the grid says), plans a communication action and marks
it done. axe finds no serious or critical violation on the way; the register fits a
phone."""

import datetime as dt
import json
import re
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from pmo.models import User
from portfolio.projects.models import LifecycleStatus, Project
from risks.models import Stakeholder

from .test_every_page_type import SIDEWAYS, axe_problems
from .test_overview_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NAME = "Vereniging Historisch Lindenhoven"
ACTION = "Rondleiding langs het tracé voor het bestuur"


def short_date(day: dt.date) -> str:
    with translation.override("nl"):
        return date_format(day, "SHORT_DATE_FORMAT")


def found(count: int) -> str:
    return f"{count} belanghebbende gevonden" if count == 1 else f"{count} belanghebbenden gevonden"


def test_the_projectleider_maps_a_stakeholder_and_plans_an_action(
    demo, page, live_server, artifacts
):
    from playwright.sync_api import expect

    user = User.objects.get(username="projectleider")
    project = (
        Project.objects.filter(manager=user, status=LifecycleStatus.ACTIVE, kind="project")
        .order_by("code")
        .first()
    )
    visible = Stakeholder.objects.visible_to(user)
    cells = Counter(visible.values_list("power", "interest"))
    (power, interest), in_cell = max(cells.items(), key=lambda c: (c[1], c[0][0], -c[0][1]))
    total = visible.count()
    assert 0 < in_cell < total

    log_in(page, live_server, "projectleider")
    page.get_by_role("link", name="Risico's", exact=True).first.click()
    page.get_by_role("navigation", name="Risico's").get_by_role(
        "link", name="Belanghebbenden"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Belanghebbenden")
    grid = page.get_by_role("table", name=re.compile("Macht-belangmatrix"))
    expect(grid).to_be_visible()
    count = page.locator("#results .pmo-count")
    expect(count).to_contain_text(found(total))
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "stakeholder-grid.png", full_page=True)

    # A cell filters the register below in place: the grid stays, the URL keeps it.
    cell = grid.get_by_role("link", name=f"met macht {power} en belang {interest}")
    expect(cell).to_have_text(re.compile(rf"^{in_cell}\b"))
    cell.click()
    expect(count).to_contain_text(found(in_cell))
    expect(page).to_have_url(re.compile(rf"raster={power}-{interest}"))
    expect(count.get_by_role("link", name="alle belanghebbenden")).to_be_visible()
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(in_cell)
    assert set(rows.locator("td:nth-child(3)").all_inner_texts()) == {str(power)}
    assert set(rows.locator("td:nth-child(4)").all_inner_texts()) == {str(interest)}
    expect(grid).to_be_visible()
    page.screenshot(path=artifacts / "stakeholder-grid-filtered.png", full_page=True)

    # Another filter keeps the cell: the fragment brings the form its hidden cell field.
    attitudes = Counter(
        visible.filter(power=power, interest=interest).values_list("attitude", flat=True)
    )
    attitude, with_attitude = attitudes.most_common(1)[0]
    page.locator("#filters").get_by_label("Houding").select_option(attitude)
    expect(count).to_contain_text(found(with_attitude))
    expect(page).to_have_url(re.compile(rf"raster={power}-{interest}.*attitude={attitude}"))

    page.get_by_role("link", name="Nieuwe belanghebbende").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe belanghebbende")
    page.get_by_label("Project", exact=True).select_option(str(project.pk))
    page.get_by_label("Belanghebbende", exact=True).fill(NAME)
    page.get_by_label("Organisatie").fill("Historische vereniging")
    page.get_by_label("Rol of belang").fill("Let op het erfgoed langs het tracé")
    power_field = page.get_by_label("Macht (1–5)")
    # The select offers 1 to 5; a tampered (or outdated) form may send 6 all the same.
    power_field.evaluate("select => select.add(new Option('6', '6'))")
    power_field.select_option("6")
    page.get_by_label("Belang (1–5)").select_option("2")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De belanghebbende is niet opgeslagen.")).to_be_visible()
    expect(power_field).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Belanghebbende", exact=True)).to_have_value(NAME)
    assert not Stakeholder.objects.filter(name=NAME).exists()
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "stakeholder-form-refused.png", full_page=True)

    power_field.select_option("5")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De belanghebbende is vastgelegd.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    facts = page.locator(".pmo-facts")
    expect(facts).to_contain_text("macht 5, belang 2 (van 5)")
    expect(facts).to_contain_text("tevreden houden (veel macht, weinig belang)")
    expect(facts).not_to_contain_text("Eigen keuze")
    stakeholder = Stakeholder.objects.get(name=NAME)
    assert (stakeholder.power, stakeholder.interest, stakeholder.strategy) == (
        5,
        2,
        "tevreden-houden",
    )

    actions = page.get_by_role("region", name="Communicatieacties")
    expect(actions).to_contain_text("Nog geen communicatieacties.")
    form = actions.locator("form")
    form.get_by_label("Communicatieactie", exact=True).fill(ACTION)
    form.get_by_label("Middel").fill("overleg")
    due = timezone.localdate() + dt.timedelta(days=30)
    form.get_by_label("Uiterlijk").fill(due.isoformat())
    form.get_by_role("button", name="Communicatieactie toevoegen").click()
    expect(page.get_by_text("De communicatieactie is toegevoegd.")).to_be_visible()
    card = actions.locator(".pmo-card").filter(has_text=ACTION)
    expect(card).to_contain_text(f"uiterlijk {short_date(due)}")
    assert axe_problems(page) == []
    card.get_by_role("button", name=re.compile(rf"^Gedaan ?: {ACTION}$")).click()
    expect(page.get_by_text("De communicatieactie is als gedaan gemarkeerd.")).to_be_visible()
    expect(card).to_contain_text("gedaan op")
    expect(card).not_to_contain_text("uiterlijk")
    expect(card.get_by_role("button")).to_have_count(0)
    action = stakeholder.actions.get()
    assert action.done_on is not None
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "stakeholder-detail.png", full_page=True)

    # The grid counts the new one in its cell.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + reverse("risks:stakeholder_list"))
    expect(count).to_contain_text(found(total + 1))
    cell = page.get_by_role("table", name=re.compile("Macht-belangmatrix")).get_by_role(
        "link", name="met macht 5 en belang 2"
    )
    expect(cell).to_have_text(re.compile(rf"^{cells[(5, 2)] + 1}\b"))
    layout = page.evaluate(SIDEWAYS)
    assert layout["scroll"] <= layout["width"] + 1 and not layout["out"], json.dumps(layout)
    assert axe_problems(page) == []
    page.screenshot(path=artifacts / "stakeholder-register-phone.png", full_page=True)
