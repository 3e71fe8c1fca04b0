"""ETags from `version`: a conditional read answers 304, a change without the ETag it
started from answers 428, with a stale one 412, and then nothing is written."""

import pytest

from pmo.models import AuditEntry

pytestmark = pytest.mark.django_db


def patch(client, url, body, etag=None):
    headers = {"HTTP_IF_MATCH": etag} if etag else {}
    return client.patch(url, body, content_type="application/json", **headers)


def test_a_detail_has_an_etag_and_a_matching_read_is_304(api_client, owner, project):
    api_client.force_login(owner)
    url = f"/api/v1/projects/{project.pk}"
    first = api_client.get(url)
    assert first["ETag"] == f'"{project.version}"'
    again = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    patch(api_client, url, {"description": "nieuw"}, first["ETag"])
    changed = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] == f'"{project.version + 1}"'


def test_an_unversioned_row_has_an_etag_of_its_content(api_client, analyst, department):
    api_client.force_login(analyst)
    url = f"/api/v1/org-units/{department.pk}"
    etag = api_client.get(url)["ETag"]
    assert api_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    department.name = "Wegen en Verkeer"
    department.save()
    assert api_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_change_needs_if_match(api_client, owner, project):
    api_client.force_login(owner)
    response = patch(api_client, f"/api/v1/projects/{project.pk}", {"description": "x"})
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]


def test_a_stale_change_is_412_and_writes_nothing(api_client, owner, analyst, project):
    """Two systems read version 1; the second to write learns it is stale."""
    url = f"/api/v1/projects/{project.pk}"
    api_client.force_login(owner)
    etag = api_client.get(url)["ETag"]
    api_client.force_login(analyst)
    assert patch(api_client, url, {"name": "Ringweg fase 2"}, etag).status_code == 200
    api_client.force_login(owner)
    before = AuditEntry.objects.count()
    response = patch(api_client, url, {"description": "te laat"}, etag)
    assert response.status_code == 412
    project.refresh_from_db()
    assert project.description != "te laat" and project.name == "Ringweg fase 2"
    assert AuditEntry.objects.count() == before


def test_a_change_racing_past_the_check_is_refused_by_the_service(
    api_client, owner, project, monkeypatch
):
    """Between the If-Match check and the UPDATE someone else writes: the version
    condition in the UPDATE refuses it all the same (412, nothing written)."""
    from portfolio.projects import services

    real = services.project_update

    def racing(**kwargs):
        from portfolio.projects.models import Project

        Project.objects.filter(pk=project.pk).update(version=project.version + 1)
        return real(**kwargs)

    monkeypatch.setattr(services, "project_update", racing)
    api_client.force_login(owner)
    response = patch(
        api_client, f"/api/v1/projects/{project.pk}", {"description": "x"}, f'"{project.version}"'
    )
    assert response.status_code == 412
    project.refresh_from_db()
    assert project.description != "x"
