"""Schemathesis over the whole OpenAPI document: for every operation, generated requests
(valid and odd) as the PMO-analist with a write token. No answer may be a server error,
and every answer must be one the document describes (status, content type, headers,
body). Bounded by API_FUZZ_EXAMPLES per operation (default 12), so CI stays quick."""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from pmo.actors import Actor
from pmo.api.tokens import token_create
from pmo.wsgi import application
from tests.support.api_world import build_api_world
from tests.support.openapi import spec

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "12"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_dict(spec())
schema.app = application


@pytest.fixture
def in_test_transaction():
    """Requests reach the WSGI app directly; like Django's test client, keep them from
    closing the test's database connection at the end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(in_test_transaction, department, owner, analyst):
    build_api_world(department, owner, analyst)
    return token_create(actor=Actor.screen(analyst), name="fuzz", scope="write").secret


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_operation_answers_outside_its_document(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
