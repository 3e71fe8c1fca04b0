"""The API client that checks every answer against the OpenAPI document, for the risks'
API tests beside their domain's other tests."""

from tests.api.conftest import api_client  # noqa: F401
