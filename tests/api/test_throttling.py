"""Throttling per token and per address: over the rate 429 with Retry-After."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    cache.clear()
    settings.API_THROTTLE_RATES = {"token": "3/min", "address": "5/min"}
    yield
    cache.clear()


def test_a_user_over_the_rate_waits(rates, api_client, analyst):
    api_client.force_login(analyst)
    codes = [api_client.get("/api/v1/org-units").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = api_client.get("/api/v1/org-units")
    assert int(refused["Retry-After"]) > 0
    assert refused["Content-Type"] == "application/problem+json"


def test_an_address_over_the_rate_waits_signed_in_or_not(rates, api_client):
    codes = [api_client.get("/api/v1/projects").status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
