"""The baten on the API: only the owner records a measurement; bulk by external_id
twice changes nothing; the profile is changed only with its ETag."""

import pytest

from benefits.models import Measurement
from tests.support.factories import BenefitFactory, ContributionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def benefit(project):
    benefit = BenefitFactory(portfolio=project.portfolio, external_id="BAAT-7")
    ContributionFactory(benefit=benefit, project=project)
    return benefit


def test_only_the_owner_posts_a_measurement(api_client, benefit, owner):
    body = {"benefit": benefit.pk, "measured_on": "2026-09-30", "value": "47"}
    api_client.force_login(owner)  # sees the benefit through the project, does not own it
    refused = api_client.post("/api/v1/measurements", body, content_type="application/json")
    assert refused.status_code == 403
    api_client.force_login(benefit.owner)
    created = api_client.post("/api/v1/measurements", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["value"] == "47.00"
    assert Measurement.objects.get().recorded_by == benefit.owner


def test_bulk_measurements_by_their_keys(api_client, benefit):
    rows = [
        {"external_id": "M-9", "benefit": "BAAT-7", "measured_on": "2026-09-30", "value": "47"},
        {"external_id": "M-10", "benefit": "BAAT-7", "measured_on": "2025-01-01", "value": "1"},
    ]
    api_client.force_login(benefit.owner)
    refused = api_client.post(
        "/api/v1/measurements/bulk", {"rows": rows}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["pointer"] == "#/rows/1/measured_on"
    assert not Measurement.objects.exists()
    rows.pop()
    for result in ("created", "unchanged"):
        answer = api_client.post(
            "/api/v1/measurements/bulk", {"rows": rows}, content_type="application/json"
        )
        assert answer.json()[result] == 1
    benefit.refresh_from_db()
    assert benefit.last_value == 47
