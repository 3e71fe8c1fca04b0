"""Every API response a test receives is checked against the OpenAPI document.

`api_client` (tests/api/conftest.py) wraps Django's test client: each call goes out as
usual and its response is validated by openapi-core against the document the API serves,
so a field the document does not describe, a wrong type or an undocumented status fails
the test that saw it.
"""

import json
from functools import cache

from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.templating.paths.exceptions import PathNotFound


class _Request(DjangoOpenAPIRequest):
    @property
    def path_pattern(self):
        # The router's regex routes are not Django path converters; let openapi-core
        # match the concrete path against the document's templates instead.
        return None


def _text(value, **params) -> str:
    return value.decode("utf-8-sig") if isinstance(value, bytes) else value


@cache
def spec() -> dict:
    """The document as the API serves it, as a plain dict."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


@cache
def document() -> OpenAPI:
    spec_ = spec()
    # A problem is JSON too; openapi-core knows only application/json by itself.
    config = Config(
        extra_media_type_deserializers={
            "application/problem+json": json.loads,
            "text/csv": _text,
        }
    )
    return OpenAPI.from_dict(spec_, config=config)


def check(response) -> None:
    """Raise when `response` does not match the document (status, headers, body). A 404
    for a path the document does not have is right by definition."""
    try:
        document().validate_response(
            _Request(response.wsgi_request), DjangoOpenAPIResponse(response)
        )
    except PathNotFound:
        if response.status_code != 404:
            raise


class CheckedClient:
    """Django's test client whose every response under /api/v1 is checked."""

    def __init__(self, client):
        self.client = client

    def __getattr__(self, name):
        return getattr(self.client, name)

    def _send(self, method: str, path: str, *args, **kwargs):
        response = getattr(self.client, method)(path, *args, **kwargs)
        undocumented = path.rstrip("?").endswith(("/docs", "/openapi.json")) or path.endswith("/")
        # 405 answers a method the document does not name, by definition.
        if path.startswith("/api/v1/") and not undocumented and response.status_code != 405:
            check(response)
        return response

    def get(self, path, *args, **kwargs):
        return self._send("get", path, *args, **kwargs)

    def post(self, path, *args, **kwargs):
        return self._send("post", path, *args, **kwargs)

    def patch(self, path, *args, **kwargs):
        return self._send("patch", path, *args, **kwargs)

    def put(self, path, *args, **kwargs):
        return self._send("put", path, *args, **kwargs)

    def delete(self, path, *args, **kwargs):
        return self._send("delete", path, *args, **kwargs)
