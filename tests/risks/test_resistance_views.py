"""The weerstandsvermogen pages: who reads and who writes, a run from the button to the
figures (the page follows it while it runs), the capacity and policy forms refusing bad
input with nothing saved, the paragraph's tables as Excel, and a fixed query count."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pmo.actors import Actor
from risks.models import CapacityStatement, RiskPolicy, Simulation
from risks.services import resistance
from tests.support.factories import RiskFactory
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db
PAGE = reverse("risks:resistance")


@pytest.fixture
def figures(analyst, project):
    """A register of three fixed-amount threats, a statement and one finished run."""
    for amount in (100_000, 200_000, 400_000):
        value = Decimal(amount)
        RiskFactory(
            project=project,
            residual_probability=3,
            amount_low=value,
            amount_likely=value,
            amount_high=value,
        )
    resistance.capacity_create(
        actor=Actor.screen(analyst),
        portfolio=project.portfolio,
        as_of=dt.date(2026, 1, 1),
        components=[resistance.Component("Algemene reserve", "incidenteel", Decimal("770000"))],
    )
    run = resistance.simulation_request(
        actor=Actor.screen(analyst), portfolio=project.portfolio, seed=1, iterations=10_000
    )
    return resistance.simulation_run(simulation_id=run.pk)


def test_the_board_and_the_pmo_read_it_and_projectleiders_do_not(client, request, figures):
    """The organisation's financial position: the board's and the PMO's, not a
    projectleider's (owner, colleague and outsider alike)."""
    assert answers(client, request, PAGE) == expect(
        200, owner=404, colleague=404, outsider=404, no_role_user=404
    )
    form = reverse("risks:capacity_create") + f"?portfolio={figures.portfolio_id}"
    assert answers(client, request, form) == expect(
        403, analyst=200, owner=404, colleague=404, outsider=404, no_role_user=404
    )


def test_the_page_shows_the_ratio_the_class_and_the_tables(client, board_member, figures):
    client.force_login(board_member)
    page = client.get(PAGE).content.decode()
    # 90 % quantile 700k against 770k: ratio 1.1, class C (voldoende).
    assert "€ 700.000" in page
    assert "1,1" in page
    assert "voldoende" in page
    assert "Algemene reserve" in page
    assert 'data-figure="resistance-distribution"' in page
    assert "Opnieuw berekenen" not in page  # the board reads; the PMO-analist runs


def test_the_analyst_runs_it_and_the_page_follows_the_run(
    client, analyst, figures, django_capture_on_commit_callbacks
):
    client.force_login(analyst)
    waiting = client.post(
        reverse("risks:simulation_request"),
        {"portfolio": figures.portfolio_id, "iterations": "5.000", "seed": ""},
    )
    assert waiting.status_code == 302
    run = Simulation.objects.order_by("-pk").first()
    assert run.state == Simulation.State.WAITING
    page = client.get(PAGE).content.decode()
    assert "wacht=1" in page  # polling while it runs
    poll = client.get(PAGE + f"?portfolio={figures.portfolio_id}&wacht=1", HTTP_HX_REQUEST="true")
    assert "<h1" not in poll.content.decode()  # only the progress fragment
    resistance.simulation_run(simulation_id=run.pk)
    done = client.get(PAGE + f"?portfolio={figures.portfolio_id}&wacht=1", HTTP_HX_REQUEST="true")
    assert done.headers["HX-Refresh"] == "true"


def test_bad_run_settings_are_field_errors(client, analyst, figures):
    client.force_login(analyst)
    refused = client.post(
        reverse("risks:simulation_request"),
        {"portfolio": figures.portfolio_id, "iterations": "10", "seed": "-3"},
    )
    assert refused.status_code == 422
    assert Simulation.objects.count() == 1


def test_a_negative_component_is_refused_and_nothing_saved(client, analyst, project):
    client.force_login(analyst)
    url = reverse("risks:capacity_create") + f"?portfolio={project.portfolio_id}"
    rows = {
        "onderdeel-TOTAL_FORMS": "3",
        "onderdeel-INITIAL_FORMS": "0",
        "onderdeel-0-name": "Algemene reserve",
        "onderdeel-0-kind": "incidenteel",
        "onderdeel-0-amount": "-1.000",
        "as_of": "2026-01-01",
    }
    refused = client.post(url, rows)
    assert refused.status_code == 422
    assert "niet negatief" in refused.content.decode()
    assert not CapacityStatement.objects.exists()
    saved = client.post(url, {**rows, "onderdeel-0-amount": "1.250.000"})
    assert saved.status_code == 302
    statement = CapacityStatement.objects.get()
    assert resistance.capacity_total(statement) == Decimal("1250000")


def _policy_post(policy) -> dict:
    data = {"certainty": "90", "version": ""}
    data.update({f"probability_{i}": v for i, v in enumerate(policy.probabilities, 1)})
    data.update({f"money_{i}": f"{v:.0f}" for i, v in enumerate(policy.money_bounds, 1)})
    data.update({f"time_{i}": v for i, v in enumerate(policy.time_bounds, 1)})
    data.update({f"quality_{i}": v for i, v in enumerate(policy.quality_labels, 1)})
    data.update({"klasse-TOTAL_FORMS": "7", "klasse-INITIAL_FORMS": "6"})  # as the page sends it
    for i, row in enumerate(policy.class_bounds):
        data.update(
            {
                f"klasse-{i}-class_name": row["class"],
                f"klasse-{i}-label": row["label"],
                f"klasse-{i}-lower": str(row["lower"]).replace(".", ","),
                f"klasse-{i}-inclusive": "ge",
            }
        )
    data["klasse-6-inclusive"] = "ge"
    return data


def test_the_policy_form_writes_strict_bounds_and_refuses_a_gap(client, analyst, project):
    client.force_login(analyst)
    url = reverse("risks:policy_edit") + f"?portfolio={project.portfolio_id}"
    assert client.get(url).status_code == 200
    data = _policy_post(RiskPolicy(portfolio=project.portfolio))
    gap = {**data, "klasse-5-lower": "0,3"}  # F no longer starts at 0
    refused = client.post(url, gap)
    assert refused.status_code == 422
    assert "begint bij 0" in refused.content.decode()
    assert not RiskPolicy.objects.exists()
    strict = {**data, "klasse-0-inclusive": "gt", "certainty": "80"}
    assert client.post(url, strict).status_code == 302
    policy = RiskPolicy.objects.get()
    assert policy.certainty == Decimal("80")
    assert policy.class_bounds[0] == {
        "class": "A",
        "label": "uitstekend",
        "lower": 2.0,
        "inclusive": False,
    }


def test_the_paragraph_export_holds_its_tables(client, board_member, figures):
    client.force_login(board_member)
    response = client.get(PAGE + "?export=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:3] == ["Kerngegevens", "Beschikbaar", "Benodigd en ratio"]
    required = list(book["Benodigd en ratio"].iter_rows(values_only=True))
    assert required[0] == ("Zekerheid (%)", "Benodigd (€)", "Ratio", "Klasse", "Waardering")
    ninety = next(row for row in required[1:] if row[0] == 90)
    assert ninety[1:4] == (700000, 1.1, "C")
    available = list(book["Beschikbaar"].iter_rows(values_only=True))
    assert available[-1] == ("Totaal", None, 770000)
    assert "€" in book["Beschikbaar"]["C2"].number_format  # amounts are money
    assert "€" in book["Benodigd en ratio"]["B2"].number_format
    top = list(book["Grootste bijdragen"].iter_rows(values_only=True))
    # Each value under its own heading: the project's code, then the amounts.
    assert top[1][2] == figures.portfolio.projects.get().code and top[1][3] > 0
    assert "€" in book["Grootste bijdragen"]["D2"].number_format
