"""Pages: the permission trio on every view, bad input, stale edits, htmx fragments."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from pmo.audit import audit_entries_for
from portfolio.projects.models import LifecycleStatus, Phase, Project
from tests.support.factories import PortfolioFactory, ProjectFactory, StatusReportFactory
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db


def detail_url(project, tab=None):
    url = reverse("projects:project_detail", kwargs={"code": project.code})
    return f"{url}?tab={tab}" if tab else url


def edit_url(project):
    return reverse("projects:project_edit", kwargs={"code": project.code})


def form_data(project, **overrides):
    data = {
        "code": project.code,
        "name": project.name,
        "description": project.description,
        "kind": project.kind,
        "portfolio": project.portfolio_id,
        "org_unit": project.org_unit_id,
        "programme": project.programme_id or "",
        "sponsor": project.sponsor_id or "",
        "manager": project.manager_id or "",
        "phase": project.phase,
        "status": project.status,
        "delivery_approach": project.delivery_approach,
        "planned_start": project.planned_start.isoformat() if project.planned_start else "",
        "planned_end": project.planned_end.isoformat() if project.planned_end else "",
        "external_id": project.external_id or "",
        "version": project.version,
    }
    data.update(overrides)
    return data


# --- every view × owner / colleague / outsider -------------------------------------------

TRIO_EXPECTATIONS = [
    # (view, owner, colleague, outsider)
    ("list", 200, 200, 200),
    ("detail", 200, 200, 404),
    ("tab-mijlpalen", 200, 200, 404),
    ("tab-financien", 200, 200, 404),
    ("tab-historie", 200, 200, 404),
    ("edit-get", 200, 403, 404),
    ("edit-post", 302, 403, 404),
    ("create-get", 403, 403, 403),
]


def call_view(client, view, project):
    if view == "list":
        return client.get(reverse("projects:project_list"))
    if view == "detail":
        return client.get(detail_url(project))
    if view.startswith("tab-"):
        return client.get(detail_url(project, view.removeprefix("tab-")))
    if view == "edit-get":
        return client.get(edit_url(project))
    if view == "edit-post":
        return client.post(edit_url(project), form_data(project, name="Nieuwe naam"))
    if view == "create-get":
        return client.get(reverse("projects:project_create"))
    raise AssertionError(view)


@pytest.mark.parametrize(
    ("view", "owner_status", "colleague_status", "outsider_status"), TRIO_EXPECTATIONS
)
def test_permission_trio(
    client,
    project,
    owner,
    colleague,
    outsider,
    view,
    owner_status,
    colleague_status,
    outsider_status,
):
    for user, expected in [
        (owner, owner_status),
        (colleague, colleague_status),
        (outsider, outsider_status),
    ]:
        client.force_login(user)
        response = call_view(client, view, project)
        assert response.status_code == expected, (user, view)
        project.refresh_from_db()


def test_each_role(client, request, project):
    """Detail, edit and create for the trio and every role, with the shared runner."""
    assert answers(client, request, detail_url(project)) == expect(
        200, outsider=404, no_role_user=404
    )
    assert answers(client, request, edit_url(project)) == expect(
        403, owner=200, analyst=200, outsider=404, no_role_user=404
    )
    assert answers(client, request, reverse("projects:project_create")) == expect(403, analyst=200)


def test_anonymous_is_sent_to_login(client, project):
    for url in [reverse("projects:project_list"), detail_url(project), edit_url(project)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_outsider_does_not_find_the_project_in_the_list(client, project, outsider, colleague):
    client.force_login(outsider)
    assert project.code not in client.get(reverse("projects:project_list")).text
    client.force_login(colleague)
    assert project.code in client.get(reverse("projects:project_list")).text


def test_unknown_project_is_404(client, analyst):
    client.force_login(analyst)
    assert client.get("/projecten/BESTAAT-NIET/").status_code == 404
    assert client.get("/projecten/BESTAAT-NIET/bewerken/").status_code == 404


def test_unknown_tab_is_404(client, project, owner):
    client.force_login(owner)
    assert client.get(detail_url(project, "onzin")).status_code == 404


# --- overview: filters, sorting, htmx ---------------------------------------------------


def test_filters_and_sort_live_in_the_query_string(client, analyst, department):
    ProjectFactory(code="AAA-1", name="Zwembad", phase=Phase.INITIATION, org_unit=department)
    ProjectFactory(code="BBB-2", name="Brug", phase=Phase.REALISATION, org_unit=department)
    ProjectFactory(code="CCC-3", name="Bibliotheek", phase=Phase.REALISATION)
    client.force_login(analyst)
    url = reverse("projects:project_list")

    text = client.get(url, {"phase": "realisatie", "sort": "-name"}).text
    assert "AAA-1" not in text
    # Descending by name: Brug before Bibliotheek.
    assert text.index("BBB-2") < text.index("CCC-3")
    text = client.get(url, {"phase": "realisatie", "sort": "name"}).text
    assert text.index("CCC-3") < text.index("BBB-2")

    text = client.get(url, {"q": "zwem"}).text
    assert "AAA-1" in text and "BBB-2" not in text
    text = client.get(url, {"org_unit": department.parent_id}).text
    assert "AAA-1" in text and "BBB-2" in text and "CCC-3" not in text


def test_phase_sorts_in_lifecycle_order(client, analyst):
    ProjectFactory(code="A-NAZORG", phase=Phase.AFTERCARE)
    ProjectFactory(code="B-INIT", phase=Phase.INITIATION)
    ProjectFactory(code="C-DEF", phase=Phase.DEFINITION)
    client.force_login(analyst)
    text = client.get(reverse("projects:project_list"), {"sort": "phase"}).text
    assert text.index("B-INIT") < text.index("C-DEF") < text.index("A-NAZORG")


def test_htmx_request_gets_only_the_results_fragment(client, analyst, project):
    client.force_login(analyst)
    url = reverse("projects:project_list")
    full = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert "<html" in full.text and 'id="filters"' in full.text
    assert "<html" not in fragment.text and 'id="filters"' not in fragment.text
    assert fragment.text.strip().startswith('<section id="results"')
    assert project.code in fragment.text


def test_htmx_tab_gets_only_the_panel(client, owner, project):
    client.force_login(owner)
    response = client.get(detail_url(project, "mijlpalen"), headers={"HX-Request": "true"})
    assert response.text.strip().startswith('<section id="tab-panel"')
    assert "<html" not in response.text


def test_pagination_keeps_the_filters(client, analyst, department):
    ProjectFactory.create_batch(60, org_unit=department, phase=Phase.DESIGN)
    client.force_login(analyst)
    text = client.get(reverse("projects:project_list"), {"phase": "ontwerp"}).text
    assert "60 projecten gevonden" in text
    assert "phase=ontwerp&amp;pagina=2" in text


# --- edit and create --------------------------------------------------------------------


def test_owner_edits_project(client, owner, project):
    client.force_login(owner)
    response = client.post(edit_url(project), form_data(project, name="Ringweg Zuid"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name, project.version) == ("Ringweg Zuid", 2)
    assert audit_entries_for(project).filter(actor=owner, action="update").exists()


def test_invalid_form_shows_field_errors_and_saves_nothing(client, analyst, project):
    client.force_login(analyst)
    response = client.post(
        edit_url(project),
        form_data(
            project,
            name="",
            planned_start="2026-05-01",
            planned_end="2026-04-01",
            reason="Herijking",
        ),
    )
    assert response.status_code == 422
    assert "Dit veld is vereist." in response.text
    assert "Het geplande einde ligt vóór de geplande start." in response.text
    project.refresh_from_db()
    assert project.name == "Reconstructie Ringweg" and project.version == 1


def test_invalid_form_in_english(client, owner, project):
    client.force_login(owner)
    client.cookies["django_language"] = "en"
    response = client.post(edit_url(project), form_data(project, name=""))
    assert response.status_code == 422
    assert "This field is required." in response.text


def test_stale_edit_names_what_changed_and_overwrites_nothing(client, owner, analyst, project):
    stale = form_data(project, name="Naam van de projectleider")
    client.force_login(analyst)
    client.post(edit_url(project), form_data(project, status=LifecycleStatus.ON_HOLD))
    client.force_login(owner)
    response = client.post(edit_url(project), stale)
    assert response.status_code == 409
    assert "intussen gewijzigd door" in response.text
    assert escape(str(analyst)) in response.text  # "van 't Erve" arrives escaped
    assert "status" in response.text
    project.refresh_from_db()
    assert project.name == "Reconstructie Ringweg"
    assert project.status == LifecycleStatus.ON_HOLD
    # The form now carries the version the user has seen, so saving again is deliberate.
    assert 'name="version" value="2"' in response.text


def test_analyst_creates_project(client, analyst, department):
    client.force_login(analyst)
    project = ProjectFactory.build(
        code="NIEUW-01", name="Nieuw sportpark", org_unit=department, portfolio=PortfolioFactory()
    )
    data = form_data(project)
    data.pop("version")
    response = client.post(reverse("projects:project_create"), data)
    assert response.status_code == 302
    created = Project.objects.get(code="NIEUW-01")
    assert response["Location"] == created.get_absolute_url()
    assert audit_entries_for(created).get().action == "create"


def test_duplicate_code_is_a_field_error(client, analyst, project):
    client.force_login(analyst)
    data = form_data(project)
    data.pop("version")
    response = client.post(reverse("projects:project_create"), data)
    assert response.status_code == 422
    assert "Er bestaat al een project met deze code." in response.text
    assert Project.objects.count() == 1


def test_phase_cannot_be_changed_in_the_edit_form(client, owner, project):
    client.force_login(owner)
    response = client.post(edit_url(project), form_data(project, phase=Phase.CLOSED))
    assert response.status_code == 302  # the disabled field keeps the current phase
    project.refresh_from_db()
    assert project.phase == Phase.REALISATION


def test_overview_shows_status_per_domain(client, board_member, project):
    StatusReportFactory(project=project, rag_overall="rood")
    client.force_login(board_member)
    text = client.get(reverse("projects:project_list")).text
    assert "Status per domein" in text
    assert "Stadsbeheer" in text and "pmo-rag--rood" in text
