"""OKR's on the API: made by the PMO-analist with their links, key results added and
changed with the OKR's progress following, a stale `If-Match` refused (412), filters,
`updated_since` and CSV."""

import datetime as dt

import pytest
from django.utils import timezone

from benefits.models import Okr
from tests.support.factories import KeyResultFactory, OkrFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def okr(project, owner):
    return OkrFactory(owner=owner, portfolio=project.portfolio, projects=[project])


def test_the_analyst_posts_an_okr_and_its_key_results(api_client, analyst, owner, project):
    api_client.force_login(analyst)
    body = {"title": "Inwoners sneller geholpen", "portfolio": project.portfolio_id,
            "owner": owner.pk, "period_start": "2027-01-01", "period_end": "2027-03-31",
            "projects": [project.pk]}  # fmt: skip
    created = api_client.post("/api/v1/okrs", body, content_type=JSON)
    assert created.status_code == 201, created.content
    okr = created.json()
    assert okr["projects"] == [project.pk] and okr["benefits"] == []
    assert okr["progress"] is None
    key_result = {"okr": okr["id"], "title": "Wachttijd", "unit": "minuten",
                  "start_value": "25", "target_value": "10", "current_value": "16",
                  "confidence": 3}  # fmt: skip
    added = api_client.post("/api/v1/key-results", key_result, content_type=JSON)
    assert added.status_code == 201, added.content
    read = api_client.get(f"/api/v1/okrs/{okr['id']}").json()
    assert (read["progress"], read["confidence"], read["version"]) == ("60.0", "3.0", 2)
    at_risk = api_client.get("/api/v1/okrs", {"at_risk": "true"}).json()["results"]
    assert [row["id"] for row in at_risk] == [okr["id"]]


def test_a_projectleider_does_not_post_an_okr(api_client, owner, project):
    api_client.force_login(owner)
    body = {"title": "x", "portfolio": project.portfolio_id, "period_start": "2027-01-01",
            "period_end": "2027-03-31"}  # fmt: skip
    assert api_client.post("/api/v1/okrs", body, content_type=JSON).status_code == 403
    assert not Okr.objects.exists()


def test_bad_key_results_are_field_errors(api_client, owner, okr):
    api_client.force_login(owner)
    body = {"okr": okr.pk, "title": "Gelijk", "start_value": "5", "target_value": "5",
            "current_value": "5", "confidence": 5}  # fmt: skip
    refused = api_client.post("/api/v1/key-results", body, content_type=JSON)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["pointer"] == "#/target_value"
    body.update(target_value="10", confidence=11)
    assert api_client.post("/api/v1/key-results", body, content_type=JSON).status_code == 400
    assert not okr.key_results.exists()


def test_a_stale_if_match_is_refused_and_a_key_result_moves_the_okrs_etag(api_client, owner, okr):
    api_client.force_login(owner)
    etag = api_client.get(f"/api/v1/okrs/{okr.pk}")["ETag"]
    key_result = KeyResultFactory(okr=okr)
    changed = api_client.patch(
        f"/api/v1/key-results/{key_result.pk}",
        {"current_value": "10"},
        content_type=JSON,
        HTTP_IF_MATCH='"1"',
    )
    assert changed.status_code == 200, changed.content
    refused = api_client.patch(
        f"/api/v1/okrs/{okr.pk}", {"title": "Ander"}, content_type=JSON, HTTP_IF_MATCH=etag
    )
    assert refused.status_code == 412
    okr.refresh_from_db()
    assert okr.title != "Ander" and okr.progress == 100


def test_filters_updated_since_and_csv(api_client, analyst, okr):
    KeyResultFactory(okr=okr)
    later = OkrFactory(
        portfolio=okr.portfolio, period_start=dt.date(2027, 1, 1), period_end=dt.date(2027, 3, 31)
    )
    api_client.force_login(analyst)
    coming = api_client.get("/api/v1/okrs", {"period": "2027-K1"}).json()["results"]
    assert [row["id"] for row in coming] == [later.pk]
    since = (timezone.now() + dt.timedelta(minutes=5)).isoformat()
    assert api_client.get("/api/v1/okrs", {"updated_since": since}).json()["results"] == []
    csv = api_client.get("/api/v1/key-results", {"format": "csv", "okr": okr.pk})
    assert csv.status_code == 200 and "Wachttijd aan de balie" in csv.content.decode()
    okrs_csv = api_client.get("/api/v1/okrs", {"format": "csv"}).content.decode()
    assert okr.title in okrs_csv
