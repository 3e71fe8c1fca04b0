"""The Dutch API Design Rules (Logius) that its automatic validator checks, as tests."""

import re

import pytest

from pmo.api.registry import discovered
from tests.support.openapi import spec

pytestmark = pytest.mark.django_db
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
# Plural nouns that do not end in -s, and uncountable nouns whose collection is the noun
# itself (the hours asked per project, team and month; the hours teams can give).
IRREGULAR_PLURALS = {"criteria", "demand", "capacity"}


def test_a_trailing_slash_is_404_not_a_redirect(api_client, analyst, project):
    """/core/no-trailing-slash: the path without the slash is the only one."""
    api_client.force_login(analyst)
    for path in ("/api/v1/", "/api/v1/projects/", f"/api/v1/projects/{project.pk}/"):
        response = api_client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/problem+json"
        assert "Location" not in response
    assert api_client.get("/api/v1/projects").status_code == 200


def test_every_answer_carries_the_full_version(api_client, analyst, project):
    """/core/version-header: API-Version with the semantic version, also on errors."""
    answers = [
        api_client.get("/api/v1/openapi.json"),
        api_client.get("/api/v1/projects"),  # 401
        api_client.get("/api/v1/docs"),
        api_client.get("/api"),
    ]
    api_client.force_login(analyst)
    answers += [
        api_client.get("/api/v1/projects"),
        api_client.get(f"/api/v1/projects/{project.pk}"),
        api_client.get("/api/v1/projects/999999"),
        api_client.get("/api/v1/nothing-here"),
        api_client.post("/api/v1/org-units", {}, content_type="application/json"),  # 405
    ]
    for response in answers:
        assert SEMVER.match(response["API-Version"]), response.wsgi_request.path
    assert {response["API-Version"] for response in answers} == {"1.0.0"}


def test_the_document_is_public_openapi_3_with_cors(client):
    """/core/doc-openapi and /core/publish-openapi: at /api/v1/openapi.json, no login,
    readable from another origin (the validator's browser)."""
    response = client.get("/api/v1/openapi.json", HTTP_ORIGIN="https://developer.overheid.nl")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["openapi"].startswith("3.")
    assert body["info"]["version"] == "1.0.0"
    assert "/api/v1/projects" in body["paths"]


def test_the_major_version_is_in_every_path():
    """/core/uri-version: /api/v1/… and only the major version."""
    paths = spec()["paths"].keys()
    assert paths and all(path.startswith("/api/v1/") for path in paths)


def test_collections_are_plural_nouns_without_trailing_slash():
    """/core/naming-collections: a collection is a plural noun (kebab-case)."""
    for path in spec()["paths"]:
        assert not path.endswith("/"), path
        segments = [part for part in path.split("/")[3:] if part and not part.startswith("{")]
        collection = segments[0]
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", collection), path
        assert collection.endswith("s") or collection in IRREGULAR_PLURALS, path


def test_a_wrong_method_is_405_with_allow(api_client, analyst):
    """/core/http-methods: 405 names the methods there are."""
    api_client.force_login(analyst)
    response = api_client.put("/api/v1/org-units", {}, content_type="application/json")
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
    assert response["Content-Type"] == "application/problem+json"


def test_the_docs_are_served_from_here_not_a_cdn(client):
    """Swagger UI at /api/v1/docs, vendored under /static (no third-party origin)."""
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert not re.search(r'(src|href)="https?://', page)


def test_every_registered_resource_is_in_the_document():
    paths = spec()["paths"]
    for path in discovered():
        assert f"/api/v1/{path}" in paths
        assert f"/api/v1/{path}/{{id}}" in paths
