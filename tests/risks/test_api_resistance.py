"""The weerstandsvermogen on the API: a statement with its components and a simulation
are written by the PMO-analist only, with the page's rules, and read back with their
figures."""

from decimal import Decimal

import pytest

from risks.models import CapacityStatement, Simulation
from tests.support.factories import RiskFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _statement(portfolio, amount="1500000.00"):
    return {
        "portfolio": portfolio.pk,
        "as_of": "2026-01-01",
        "components": [{"name": "Algemene reserve", "kind": "incidenteel", "amount": amount}],
    }


def test_the_analyst_states_capacity_and_the_board_may_not(
    api_client, analyst, board_member, project
):
    api_client.force_login(board_member)
    body = _statement(project.portfolio)
    refused = api_client.post("/api/v1/capacity-statements", body, content_type=JSON)
    assert refused.status_code == 403
    api_client.force_login(analyst)
    made = api_client.post("/api/v1/capacity-statements", body, content_type=JSON)
    assert made.status_code == 201
    listed = api_client.get(f"/api/v1/capacity-components?statement={made.json()['id']}")
    assert [row["amount"] for row in listed.json()["results"]] == ["1500000.00"]


def test_a_negative_component_is_refused_and_nothing_saved(api_client, analyst, project):
    api_client.force_login(analyst)
    body = _statement(project.portfolio, amount="-5.00")
    refused = api_client.post("/api/v1/capacity-statements", body, content_type=JSON)
    assert refused.status_code == 400
    assert not CapacityStatement.objects.exists()


def test_a_simulation_asked_for_runs_and_reads_back(
    api_client, analyst, project, django_capture_on_commit_callbacks
):
    RiskFactory(
        project=project,
        residual_probability=5,
        amount_low=Decimal(100_000),
        amount_likely=Decimal(100_000),
        amount_high=Decimal(100_000),
    )
    api_client.force_login(analyst)
    body = {"portfolio": project.portfolio_id, "iterations": 2000, "seed": 4}
    with django_capture_on_commit_callbacks(execute=True):
        made = api_client.post("/api/v1/simulations", body, content_type=JSON)
    assert made.status_code == 201
    assert made.json()["state"] == Simulation.State.WAITING  # as it was at the answer
    row = api_client.get(f"/api/v1/simulations/{made.json()['id']}").json()
    assert row["state"] == Simulation.State.DONE
    assert (row["required"], row["risk_count"]) == ("100000.00", 1)  # p = 90 %


def test_a_certainty_or_iterations_out_of_range_is_refused(api_client, analyst, project):
    api_client.force_login(analyst)
    body = {"portfolio": project.portfolio_id, "iterations": 0}
    assert api_client.post("/api/v1/simulations", body, content_type=JSON).status_code == 400
    assert not Simulation.objects.exists()
