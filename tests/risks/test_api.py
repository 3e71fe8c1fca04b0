"""The risk register on the API: raised with the same rules as on the page."""

import pytest

from risks.models import Risk

pytestmark = pytest.mark.django_db
BODY = {
    "title": "Bezwaar",
    "cause": "Omwonenden",
    "event": "Beroep",
    "effect": "Vertraging",
    "category": "juridisch",
    "inherent_probability": 4,
    "inherent_money": 3,
    "residual_probability": 2,
    "residual_money": 3,
    "raised_on": "2026-03-01",
}


def test_a_risk_is_raised_by_the_projectleader_and_refused_to_a_colleague(
    api_client, owner, colleague, project
):
    body = {**BODY, "project": project.pk}
    api_client.force_login(colleague)
    assert (
        api_client.post("/api/v1/risks", body, content_type="application/json").status_code == 403
    )
    api_client.force_login(owner)
    made = api_client.post("/api/v1/risks", body, content_type="application/json")
    assert made.status_code == 201
    assert (made.json()["inherent_score"], made.json()["expected_value"]) == (12, "54000.00")


def test_a_residual_score_above_the_inherent_one_without_reason_is_a_field_error(
    api_client, owner, project
):
    api_client.force_login(owner)
    body = {**BODY, "project": project.pk, "residual_probability": 5, "residual_money": 5}
    refused = api_client.post("/api/v1/risks", body, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["pointer"] == "#/residual_reason"
    assert not Risk.objects.exists()
