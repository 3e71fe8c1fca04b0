import pytest
from django.test import Client

from tests.support.openapi import CheckedClient


@pytest.fixture
def api_client():
    """A client whose every API response is checked against the OpenAPI document."""
    return CheckedClient(Client())
