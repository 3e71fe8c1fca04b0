import pytest
from django.urls import reverse

from pmo.audit import audit_entries_for

pytestmark = pytest.mark.django_db


def admin_data(project, **overrides):
    data = {
        "code": project.code,
        "name": project.name,
        "description": "",
        "kind": project.kind,
        "portfolio": project.portfolio_id,
        "org_unit": project.org_unit_id,
        "programme": "",
        "sponsor": "",
        "manager": project.manager_id or "",
        "phase": project.phase,
        "status": project.status,
        "delivery_approach": project.delivery_approach,
        "planned_start": project.planned_start.isoformat(),
        "planned_end": project.planned_end.isoformat(),
        "external_id": "",
        "version": project.version,
        "milestones-TOTAL_FORMS": 0,
        "milestones-INITIAL_FORMS": 0,
        "budgets-TOTAL_FORMS": 0,
        "budgets-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


@pytest.fixture
def staff_analyst(analyst):
    analyst.is_staff = True
    analyst.save()
    return analyst


def test_analyst_edits_in_admin_through_the_audited_service(client, staff_analyst, project):
    client.force_login(staff_analyst)
    url = reverse("admin:portfolio_project_change", args=[project.pk])
    response = client.post(url, admin_data(project, name="Via beheer"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    assert (project.name, project.version) == ("Via beheer", 2)
    assert audit_entries_for(project).get(action="update").actor == staff_analyst


def test_stale_admin_edit_is_refused(client, staff_analyst, project):
    client.force_login(staff_analyst)
    url = reverse("admin:portfolio_project_change", args=[project.pk])
    stale = admin_data(project, name="Oud formulier")
    client.post(url, admin_data(project, name="Eerste wijziging"))
    response = client.post(url, stale)
    assert response.status_code == 200
    assert "intussen gewijzigd" in response.text
    project.refresh_from_db()
    assert project.name == "Eerste wijziging"


def test_admin_list_follows_the_permission_layer(client, project, owner):
    owner.is_staff = True  # even a staff projectleider gets no more than the layer allows
    owner.save()
    client.force_login(owner)
    response = client.get(reverse("admin:portfolio_project_change", args=[project.pk]))
    assert response.status_code in (302, 403)
