"""The import pages: upload, map, check, commit and undo as a user goes through them."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from pmo.imports.models import ImportJob
from portfolio.projects.models import Project
from tests.pmo.imports.test_reading import workbook_bytes
from tests.support.factories import PortfolioFactory

pytestmark = pytest.mark.django_db

LIST = reverse("imports:import_list")


def upload(client, data, name="projecten.xlsx", kind="projects"):
    return client.post(LIST, {"kind": kind, "file": SimpleUploadedFile(name, data)})


@pytest.fixture
def job(client, analyst, department):
    PortfolioFactory()
    client.force_login(analyst)
    data = workbook_bytes(
        [
            ["Code", "Naam", "Afdeling"],
            ["P-1", "Brug", department.code],
            ["P-2", "Plein", department.code],
        ]
    )
    response = upload(client, data)
    assert response.status_code == 302
    return ImportJob.objects.get()


def test_an_upload_leads_to_the_mapping_with_the_columns_proposed(client, job):
    page = client.get(reverse("imports:import_detail", args=[job.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kolommen koppelen" in html
    assert '<option value="Afdeling" selected>' in html  # the org unit found by its alias


def test_a_macro_file_is_refused_on_the_form_and_nothing_is_kept(client, analyst, department):
    client.force_login(analyst)
    response = upload(client, workbook_bytes([["Code"]]), name="lijst.xlsm")
    assert response.status_code == 422
    assert "macro" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_mapping_without_a_required_column_is_refused_at_that_field(client, job):
    url = reverse("imports:import_detail", args=[job.pk])
    response = client.post(url, {"version": job.version, "col_code": "Code", "col_name": "Naam"})
    assert response.status_code == 422
    assert "Verplicht: kies de kolom" in response.content.decode()
    assert ImportJob.objects.get().state == ImportJob.State.MAPPING


def test_map_check_commit_and_undo_through_the_pages(
    client, job, django_capture_on_commit_callbacks
):
    url = reverse("imports:import_detail", args=[job.pk])
    mapping = {"version": job.version, "col_code": "Code", "col_name": "Naam"}
    mapping["col_org_unit"] = "Afdeling"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, mapping).status_code == 302
    page = client.get(url).content.decode()
    assert "Alle 2 regels zijn goed" in page and "Alles inlezen" in page
    job.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:import_commit", args=[job.pk]), {"version": job.version})
    assert Project.objects.filter(code__in=["P-1", "P-2"]).count() == 2
    page = client.get(url).content.decode()
    assert "Import ongedaan maken" in page
    job.refresh_from_db()
    client.post(reverse("imports:import_undo", args=[job.pk]), {"version": job.version})
    assert not Project.objects.filter(code__in=["P-1", "P-2"]).exists()
    assert ImportJob.objects.get().state == ImportJob.State.UNDONE


def test_a_stale_commit_is_refused_with_a_message(client, job):
    response = client.post(reverse("imports:import_commit", args=[job.pk]), {"version": 99})
    assert response.status_code == 302
    assert ImportJob.objects.get().state == ImportJob.State.MAPPING


def test_the_progress_poll_asks_for_a_reload_once_the_step_is_over(client, job):
    url = reverse("imports:import_detail", args=[job.pk])
    response = client.get(url, {"voortgang": 1}, headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Refresh"] == "true"


def test_a_running_check_shows_its_progress_and_polls(client, job):
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.CHECKING)
    url = reverse("imports:import_detail", args=[job.pk])
    fragment = client.get(url, {"voortgang": 1}, headers={"HX-Request": "true"}).content.decode()
    assert "<progress" in fragment and "hx-trigger" in fragment
    assert "<html" not in fragment  # only the fragment


def test_the_sample_template_downloads_with_the_columns(client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("imports:import_sample", args=["projects"]))
    header = next(load_workbook(io.BytesIO(response.content)).active.values)
    assert header[:3] == ("Code", "Naam", "Organisatieonderdeel (code)")


def test_the_uploader_sees_the_import_the_outsider_does_not(client, job, outsider, owner):
    """The analist's import is theirs (and the PMO's); another user gets 404."""
    url = reverse("imports:import_detail", args=[job.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert (
        client.post(reverse("imports:import_undo", args=[job.pk]), {"version": 1}).status_code
        == 404
    )


def test_a_projectleider_imports_his_own_lists_but_not_the_project_list(client, owner, department):
    """Reports, risks and demand are offered; the project list is not, and a posted
    project upload is refused on the form with nothing kept."""
    client.force_login(owner)
    page = client.get(LIST).content.decode()
    assert 'value="status-reports"' in page and 'value="projects"' not in page
    assert upload(client, workbook_bytes([["Code"]])).status_code == 422
    assert not ImportJob.objects.exists()


def test_the_lists_are_offered_project_list_first(client, analyst):
    client.force_login(analyst)
    page = client.get(LIST).content.decode()
    offered = re.findall(r'<option value="([a-z-]+)"', page)
    assert offered == ["projects", "status-reports", "risks", "demand", "msproject"]
