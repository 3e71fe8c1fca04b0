"""Bulk upserts keyed by external_id: all or nothing, per-row errors, the same payload
twice changes nothing, the same rules as a single write, and the limits."""

import pytest

from pmo.models import AuditEntry
from portfolio.projects.models import Milestone, OrgUnit, Project, ProjectBudget
from portfolio.status.models import StatusReport
from tests.support.factories import OrgUnitFactory, PortfolioFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def post(client, path, rows, **headers):
    return client.post(
        f"/api/v1/{path}/bulk", {"rows": rows}, content_type="application/json", **headers
    )


@pytest.fixture
def structure(department):
    return {"portfolio": PortfolioFactory(code="PF-RUIMTE").code, "org_unit": department.code}


def project_rows(structure, count, start=0):
    return [
        {
            "external_id": f"FIN-{n:05d}",
            "code": f"SYNC-{n:05d}",
            "name": f"Gesynchroniseerd {n}",
            **structure,
            "planned_start": "2027-01-01",
            "planned_end": "2027-12-31",
        }
        for n in range(start, start + count)
    ]


def test_the_same_payload_twice_creates_once_and_then_changes_nothing(
    api_client, analyst, structure
):
    api_client.force_login(analyst)
    rows = project_rows(structure, 25)
    first = post(api_client, "projects", rows)
    assert first.status_code == 200, first.content
    assert (first.json()["created"], first.json()["updated"]) == (25, 0)
    audits = AuditEntry.objects.count()
    second = post(api_client, "projects", rows)
    assert second.json()["unchanged"] == 25
    assert Project.objects.filter(external_id__startswith="FIN-").count() == 25
    assert AuditEntry.objects.count() == audits
    rows[3]["name"] = "Nieuwe naam"
    third = post(api_client, "projects", rows).json()
    assert (third["updated"], third["unchanged"]) == (1, 24)
    changed = Project.objects.get(external_id="FIN-00003")
    assert changed.name == "Nieuwe naam" and changed.version == 2
    entry = AuditEntry.objects.filter(object_id=changed.pk).latest("at")
    assert entry.source == "api" and entry.version == 2


def test_a_changed_reference_is_recorded_by_its_names(api_client, analyst, structure):
    """The audit line of a bulk write shows the org unit as people read it, before and
    after, for a created project and for a changed one."""
    api_client.force_login(analyst)
    rows = project_rows(structure, 3)
    post(api_client, "projects", rows)
    old_unit = OrgUnit.objects.get(code=structure["org_unit"])
    new_unit = OrgUnitFactory(code="ONDERWIJS", name="Onderwijs")
    created = AuditEntry.objects.get(object_id=Project.objects.get(external_id="FIN-00001").pk)
    assert created.changes["org_unit"] == ["", str(old_unit)]
    rows[1]["org_unit"] = new_unit.code
    assert post(api_client, "projects", rows).json()["updated"] == 1
    project = Project.objects.get(external_id="FIN-00001")
    entry = AuditEntry.objects.filter(object_id=project.pk, action="update").get()
    assert entry.changes == {"org_unit": [str(old_unit), str(new_unit)]}
    assert project.org_unit == new_unit and project.version == 2


def test_one_bad_row_refuses_them_all_and_names_each(api_client, analyst, structure):
    api_client.force_login(analyst)
    rows = project_rows(structure, 5)
    rows[1]["org_unit"] = "BESTAAT-NIET"
    rows[3]["planned_end"] = "2026-01-01"  # before the start
    rows[4]["code"] = rows[0]["code"]
    response = post(api_client, "projects", rows)
    assert response.status_code == 400
    pointers = {error["pointer"] for error in response.json()["errors"]}
    assert pointers == {"#/rows/1/org_unit", "#/rows/3/planned_end", "#/rows/4/code"}
    assert not Project.objects.filter(external_id__startswith="FIN-").exists()


def test_types_and_unknown_fields_are_refused_per_row(api_client, analyst, structure):
    api_client.force_login(analyst)
    rows = project_rows(structure, 2)
    rows[0]["colour"] = "rood"
    rows[1]["statutory"] = "misschien"
    response = post(api_client, "projects", rows)
    assert response.status_code == 400
    pointers = {error["pointer"] for error in response.json()["errors"]}
    assert pointers == {"#/rows/0/colour", "#/rows/1/statutory"}


def test_the_single_write_rules_hold_in_bulk(api_client, owner, analyst, project):
    """The projectleider changes their own project but not its baseline or phase, and
    creates none; the analyst changes the baseline only with a reason."""
    project.external_id = "FIN-OWN"
    project.save()
    api_client.force_login(owner)
    row = {"external_id": "FIN-OWN", "planned_end": "2031-01-01", "phase": "nazorg"}
    refused = post(api_client, "projects", [row, {"external_id": "FIN-NEW", "name": "x"}])
    pointers = {error["pointer"] for error in refused.json()["errors"]}
    assert {"#/rows/0/planned_end", "#/rows/0/phase", "#/rows/1/external_id"} <= pointers
    assert (
        post(api_client, "projects", [{"external_id": "FIN-OWN", "description": "ok"}]).json()[
            "updated"
        ]
        == 1
    )
    api_client.force_login(analyst)
    baseline = {"external_id": "FIN-OWN", "planned_end": "2031-01-01"}
    no_reason = post(api_client, "projects", [baseline])
    assert [e["pointer"] for e in no_reason.json()["errors"]] == ["#/rows/0/reason"]
    done = post(api_client, "projects", [{**baseline, "reason": "Raadsbesluit"}])
    assert done.status_code == 200
    stale = post(api_client, "projects", [{"external_id": "FIN-OWN", "name": "y", "version": 1}])
    assert [e["pointer"] for e in stale.json()["errors"]] == ["#/rows/0/version"]


def test_a_project_outside_ones_sight_is_not_written(api_client, owner, other_department):
    ProjectFactory(org_unit=other_department, external_id="FIN-ELSEWHERE")
    api_client.force_login(owner)
    response = post(api_client, "projects", [{"external_id": "FIN-ELSEWHERE", "name": "x"}])
    assert response.status_code == 400
    assert Project.objects.get(external_id="FIN-ELSEWHERE").name != "x"


def test_more_than_ten_thousand_rows_is_413(api_client, analyst, structure):
    api_client.force_login(analyst)
    response = post(api_client, "projects", [{"external_id": f"X{n}"} for n in range(10_001)])
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"


def test_a_body_over_the_limit_is_413_unread(api_client, analyst, settings):
    settings.API_MAX_BODY_BYTES = 1000
    api_client.force_login(analyst)
    response = post(api_client, "projects", [{"external_id": "x" * 50}] * 40)
    assert response.status_code == 413


def test_milestones_and_budget_lines_are_synced_by_their_keys(api_client, analyst, project):
    project.external_id = "FIN-1"
    project.save()
    api_client.force_login(analyst)
    milestone = {
        "external_id": "MS-1",
        "project": "FIN-1",
        "name": "Gunning",
        "baseline_date": "2027-03-01",
        "reason": "Planning",
    }
    assert post(api_client, "milestones", [milestone]).json()["created"] == 1
    assert post(api_client, "milestones", [milestone]).json()["unchanged"] == 1
    moved = post(api_client, "milestones", [{**milestone, "forecast_date": "2027-04-01"}])
    assert moved.json()["updated"] == 1
    assert Milestone.objects.get(external_id="MS-1").forecast_date.isoformat() == "2027-04-01"
    line = {"project": "FIN-1", "year": 2027, "amount": "250000.00", "reason": "Begroting"}
    assert post(api_client, "budget-lines", [line]).json()["created"] == 1
    assert post(api_client, "budget-lines", [line]).json()["unchanged"] == 1
    actual = post(
        api_client, "budget-lines", [{"project": "FIN-1", "year": 2027, "actual": "1200.50"}]
    )
    assert actual.json()["updated"] == 1
    assert str(ProjectBudget.objects.get(project=project, year=2027).actual) == "1200.50"
    unknown = post(api_client, "budget-lines", [{**line, "project": "FIN-404"}])
    assert [e["pointer"] for e in unknown.json()["errors"]] == ["#/rows/0/project"]


def test_status_reports_are_synced_by_project_and_period(api_client, owner, project):
    project.external_id = "FIN-R"
    project.save()
    api_client.force_login(owner)
    colours = {
        f"rag_{d}": "groen" for d in ("time", "cost", "scope", "quality", "risk", "benefits")
    }
    row = {
        "project": "FIN-R",
        "period": "2026-11-01",
        **colours,
        "rag_overall": "groen",
        "progress_pct": 30,
        "submit": True,
    }
    first = post(api_client, "status-reports", [row])
    assert first.status_code == 200, first.content
    assert first.json()["created"] == 1
    report = StatusReport.objects.get(project=project, period="2026-11-01")
    assert report.state == StatusReport.State.SUBMITTED
    assert post(api_client, "status-reports", [row]).json()["unchanged"] == 1
    changed = post(api_client, "status-reports", [{**row, "progress_pct": 50}])
    assert changed.status_code == 400  # a submitted report is amended, not overwritten


def test_a_new_org_unit_code_is_unknown_until_it_exists(api_client, analyst, structure):
    api_client.force_login(analyst)
    rows = project_rows({**structure, "org_unit": "NIEUW"}, 1)
    assert post(api_client, "projects", rows).status_code == 400
    OrgUnitFactory(code="NIEUW")
    assert post(api_client, "projects", rows).json()["created"] == 1


def test_a_bulk_body_over_djangos_default_limit_is_taken(api_client, analyst, structure):
    """Found by the benchmark: 10,000 rows (4 MB) were refused with 400, because DRF
    reads the body through Django's 2.5 MB DATA_UPLOAD_MAX_MEMORY_SIZE."""
    api_client.force_login(analyst)
    rows = project_rows(structure, 200)
    for row in rows:
        row["description"] = "x" * 14_000  # 200 rows × 14 kB ≈ 2.8 MB
    response = post(api_client, "projects", rows)
    assert response.status_code == 200, response.content[:300]
    assert response.json()["created"] == 200
