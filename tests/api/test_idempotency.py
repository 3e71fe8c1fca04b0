"""Idempotency-Key on POST: a repeat within 24 hours gets the first answer and does the
work once; the same key with another body is 422; after 24 hours the key is free."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from portfolio.projects.models import Project
from tests.support.factories import PortfolioFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(department):
    return {
        "code": "IDEM-001",
        "name": "Eén keer",
        "portfolio": PortfolioFactory().pk,
        "org_unit": department.pk,
    }


def create(client, body, key):
    return client.post(
        "/api/v1/projects", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )


def test_a_repeat_gets_the_first_answer_and_creates_once(api_client, analyst, body):
    api_client.force_login(analyst)
    first = create(api_client, body, "key-1")
    assert first.status_code == 201
    again = create(api_client, body, "key-1")
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true"
    assert Project.objects.filter(code="IDEM-001").count() == 1


def test_a_refusal_is_replayed_too(api_client, analyst, body):
    api_client.force_login(analyst)
    first = create(api_client, {**body, "colour": "rood"}, "key-2")
    again = create(api_client, {**body, "colour": "rood"}, "key-2")
    assert first.status_code == again.status_code == 400
    assert again["Content-Type"] == "application/problem+json"
    assert again.json() == first.json()


def test_the_same_key_with_another_body_is_422(api_client, analyst, body):
    api_client.force_login(analyst)
    assert create(api_client, body, "key-3").status_code == 201
    other = create(api_client, {**body, "code": "IDEM-002"}, "key-3")
    assert other.status_code == 422
    assert not Project.objects.filter(code="IDEM-002").exists()


def test_keys_are_per_user_and_last_a_day(api_client, analyst, body):
    api_client.force_login(analyst)
    assert create(api_client, body, "key-4").status_code == 201
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        api_client.force_login(analyst)  # the session, too, ended meanwhile
        second = create(api_client, {**body, "code": "IDEM-003"}, "key-4")
    assert second.status_code == 201
    assert "Idempotent-Replayed" not in second


def test_without_a_key_each_post_counts(api_client, analyst, body):
    api_client.force_login(analyst)
    assert (
        api_client.post("/api/v1/projects", body, content_type="application/json").status_code
        == 201
    )
    twice = api_client.post("/api/v1/projects", body, content_type="application/json")
    assert twice.status_code == 400  # the code is taken: it was really sent twice


def test_a_refusal_naming_a_nul_field_is_kept_and_replayed(api_client, analyst, body):
    """Found by schemathesis on PostgreSQL: jsonb refused the stored answer (500)."""
    api_client.force_login(analyst)
    odd = {**body, "na\u0000me": "x"}
    first = create(api_client, odd, "key-nul")
    again = create(api_client, odd, "key-nul")
    assert first.status_code == again.status_code == 400
    assert again["Idempotent-Replayed"] == "true"
