"""Personal API tokens: made in the UI and shown once, stored as a digest, narrowed by
scope, refused once revoked, expired or of a deactivated user."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from pmo.api.models import ApiToken
from pmo.models import AuditEntry

pytestmark = pytest.mark.django_db


def make_token(client, user, **data) -> str:
    client.force_login(user)
    response = client.post(
        reverse("api_tokens"), {"name": "Power BI", "scope": "read", **data}, follow=True
    )
    assert response.redirect_chain == [(reverse("api_tokens"), 302)], response.content
    return re.search(r'value="(pmo_[^"]+)"', response.content.decode()).group(1)


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_token_is_shown_once_and_only_its_digest_is_kept(client, owner):
    secret = make_token(client, owner)
    token = ApiToken.objects.get()
    assert secret not in {token.digest, token.prefix, token.name}
    assert secret.startswith(f"pmo_{token.prefix}_")
    page = client.get(reverse("api_tokens")).content.decode()  # shown once: not again
    assert secret not in page
    assert f"pmo_{token.prefix}_" in page
    audit = AuditEntry.objects.get(object_id=token.pk, action=AuditEntry.Action.CREATE)
    assert audit.source == "ui" and secret not in str(audit.changes)


def test_a_token_acts_as_its_user_and_no_more(api_client, owner, project, other_department):
    """The owner's token sees the owner's projects only: the same layer as the pages."""
    from tests.support.factories import ProjectFactory

    elsewhere = ProjectFactory(org_unit=other_department)
    secret = make_token(Client(), owner)
    response = api_client.get("/api/v1/projects", **bearer(secret))
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert project.pk in ids and elsewhere.pk not in ids
    assert api_client.get(f"/api/v1/projects/{elsewhere.pk}", **bearer(secret)).status_code == 404


def test_a_read_token_may_not_write(api_client, owner, project):
    secret = make_token(Client(), owner, scope="read")
    response = api_client.patch(
        f"/api/v1/projects/{project.pk}",
        {"description": "via de API"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{project.version}"',
        **bearer(secret),
    )
    assert response.status_code == 403
    assert "alleen lezen" in response.json()["detail"]
    project.refresh_from_db()
    assert project.description != "via de API"


def test_a_write_token_writes_through_the_service(api_client, owner, project):
    secret = make_token(Client(), owner, scope="write")
    response = api_client.patch(
        f"/api/v1/projects/{project.pk}",
        {"description": "via de API"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{project.version}"',
        **bearer(secret),
    )
    assert response.status_code == 200, response.content
    entry = AuditEntry.objects.filter(object_id=project.pk, action="update").latest("at")
    assert entry.source == "api" and entry.actor == owner


def test_revoked_expired_and_deactivated_tokens_stop(api_client, owner, analyst):
    revoked, expiring, of_leaver = (make_token(Client(), user) for user in (owner, owner, analyst))
    client = Client()
    client.force_login(owner)
    pk = ApiToken.objects.get(prefix=revoked.split("_")[1]).pk
    assert client.post(reverse("api_token_revoke", args=[pk])).status_code == 302
    ApiToken.objects.filter(prefix=expiring.split("_")[1]).update(
        expires_at=dt.datetime(2026, 12, 31, tzinfo=dt.UTC)
    )
    analyst.is_active = False
    analyst.save()
    assert api_client.get("/api/v1/projects", **bearer(revoked)).status_code == 401
    assert api_client.get("/api/v1/projects", **bearer(of_leaver)).status_code == 401
    assert api_client.get("/api/v1/projects", **bearer(expiring)).status_code == 200
    with time_machine.travel(dt.datetime(2027, 1, 1, tzinfo=dt.UTC)):
        assert api_client.get("/api/v1/projects", **bearer(expiring)).status_code == 401
    for garbage in ("pmo_", "pmo_00000000_x", "nonsense", revoked[:-1] + "X"):
        assert api_client.get("/api/v1/projects", **bearer(garbage)).status_code == 401


def test_nobody_revokes_another_ones_token(client, owner, colleague):
    make_token(Client(), owner)
    token = ApiToken.objects.get()
    client.force_login(colleague)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_form_refuses_a_past_expiry_and_a_missing_name(client, owner):
    client.force_login(owner)
    response = client.post(
        reverse("api_tokens"), {"name": "", "scope": "read", "expires_on": "2026-01-01"}
    )
    assert response.status_code == 422
    assert not ApiToken.objects.exists()
    page = response.content.decode()
    assert "Kies vandaag of een dag in de toekomst." in page


def test_a_session_write_needs_csrf(owner, project):
    """The browser's session works for the API, with the CSRF check for writes."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.get("/api/v1/projects").status_code == 200
    response = client.patch(
        f"/api/v1/projects/{project.pk}",
        {"description": "x"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{project.version}"',
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
