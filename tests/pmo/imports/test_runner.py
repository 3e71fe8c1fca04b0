"""The import runner with the project list: mapping, check, commit, undo — all or nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pmo.actors import Actor, Channel
from pmo.imports.models import ImportJob, ImportMapping
from pmo.imports.runner import import_commit_request, import_map, import_upload, progress
from pmo.imports.undo import import_undo, undo_problems
from pmo.models import AuditEntry
from portfolio.projects.models import Project
from tests.pmo.imports.test_reading import workbook_bytes
from tests.support.factories import PortfolioFactory, ProjectFactory, StatusReportFactory

pytestmark = pytest.mark.django_db

HEADER = ["Projectcode", "Projectnaam", "Afdeling", "Startdatum", "Einddatum"]


@pytest.fixture
def portfolio(db):
    return PortfolioFactory()


def sheet(*rows, header=HEADER):
    return workbook_bytes([header, *rows])


def uploaded(analyst, data, name="projecten.xlsx"):
    return import_upload(actor=Actor.screen(analyst), kind="projects", filename=name, content=data)


def checked(analyst, job, mapping=None, *, capture):
    with capture(execute=True):
        import_map(
            actor=Actor.screen(analyst),
            job=job,
            expected_version=job.version,
            mapping=mapping if mapping is not None else job.mapping,
        )
    return ImportJob.objects.get(pk=job.pk)


def committed(analyst, job, *, capture):
    with capture(execute=True):
        import_commit_request(actor=Actor.screen(analyst), job=job, expected_version=job.version)
    return ImportJob.objects.get(pk=job.pk)


def test_the_mapping_is_proposed_from_labels_and_remembered_per_template(
    analyst, department, portfolio, django_capture_on_commit_callbacks
):
    job = uploaded(analyst, sheet(["P-1", "Brug", department.code, None, None]))
    assert job.mapping == {
        "code": "Projectcode",
        "name": "Projectnaam",
        "org_unit": "Afdeling",
        "planned_start": "Startdatum",
        "planned_end": "Einddatum",
    }
    # The user maps the start to nothing; next month's sheet, columns in another order,
    # gets that mapping back rather than the guess.
    mapping = {**job.mapping, "planned_start": ""}
    checked(analyst, job, mapping, capture=django_capture_on_commit_callbacks)
    assert ImportMapping.objects.count() == 1
    again = uploaded(
        analyst,
        sheet(
            ["P-2", department.code, "Plein", None, None],
            header=["Projectcode", "Afdeling", "Projectnaam", "Startdatum", "Einddatum"],
        ),
    )
    assert "planned_start" not in again.mapping
    assert again.mapping["name"] == "Projectnaam"


def test_a_mapping_without_a_required_column_is_refused(analyst, department, portfolio):
    job = uploaded(analyst, sheet(["P-1", "Brug", department.code, None, None]))
    with pytest.raises(ValidationError) as refused:
        import_map(
            actor=Actor.screen(analyst),
            job=job,
            expected_version=job.version,
            mapping={"code": "Projectcode", "name": "Projectcode"},
        )
    assert set(refused.value.message_dict) == {"name", "org_unit"}
    assert ImportJob.objects.get(pk=job.pk).state == ImportJob.State.MAPPING


def test_the_check_reports_what_it_would_do_and_writes_nothing(
    analyst, department, portfolio, django_capture_on_commit_callbacks
):
    ProjectFactory(code="P-1", name="Oud", org_unit=department, portfolio=portfolio)
    job = uploaded(
        analyst,
        sheet(
            ["P-1", "Nieuw", department.code, None, None],
            ["P-2", "Plein", department.code, dt.datetime(2027, 3, 1), "30-06-2028"],
        ),
    )
    job = checked(analyst, job, capture=django_capture_on_commit_callbacks)
    assert job.state == ImportJob.State.CHECKED
    assert job.report["counts"] == {"rows": 2, "created": 1, "updated": 1}
    assert job.report["refused_rows"] == 0
    assert job.report["preview"][1]["Geplande start"] == "2027-03-01"
    assert Project.objects.get(code="P-1").name == "Oud"
    assert not Project.objects.filter(code="P-2").exists()
    assert progress(job) == {"phase": "check", "done": 2, "total": 2}


def test_every_bad_row_is_reported_and_nothing_is_imported(
    analyst, department, portfolio, django_capture_on_commit_callbacks
):
    job = uploaded(
        analyst,
        sheet(
            ["P-1", "Goed", department.code, None, None],
            ["P-2", None, department.code, "31-02-2027", None],
            ["P-3", "Onbekend onderdeel", "XX-NIET", None, None],
            ["P-1", "Dubbel", department.code, None, None],
        ),
    )
    job = checked(analyst, job, capture=django_capture_on_commit_callbacks)
    errors = {(e["row"], e["column"]) for e in job.report["errors"]}
    assert errors == {(3, "Naam"), (3, "Geplande start"), (5, "Code")}
    assert job.report["refused_rows"] == 2
    # The unknown org unit is the service's refusal: it is found once the file parses.
    fixed = uploaded(analyst, sheet(["P-3", "Onbekend onderdeel", "XX-NIET", None, None]))
    fixed = checked(analyst, fixed, capture=django_capture_on_commit_callbacks)
    assert fixed.report["errors"][0]["row"] == 2
    assert fixed.report["errors"][0]["column"] == "Organisatieonderdeel (code)"
    assert Project.objects.count() == 0
    with pytest.raises(ValidationError):
        import_commit_request(
            actor=Actor.screen(analyst), job=fixed, expected_version=fixed.version
        )


def test_a_commit_writes_all_rows_audited_as_import(
    analyst, department, portfolio, django_capture_on_commit_callbacks
):
    job = uploaded(
        analyst, sheet(*[[f"P-{i}", f"Project {i}", department.code, None, None] for i in range(3)])
    )
    job = checked(analyst, job, capture=django_capture_on_commit_callbacks)
    job = committed(analyst, job, capture=django_capture_on_commit_callbacks)
    assert job.state == ImportJob.State.DONE and job.committed_at is not None
    assert sorted(Project.objects.values_list("code", flat=True)) == ["P-0", "P-1", "P-2"]
    lines = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_repr__startswith="P-")
    assert {line.source for line in lines} == {Channel.IMPORT}
    assert {line.actor_id for line in lines} == {analyst.pk}


def test_a_commit_refused_by_a_change_since_the_check_writes_nothing(
    analyst, department, portfolio, django_capture_on_commit_callbacks
):
    header = [*HEADER, "Kenmerk"]
    job = uploaded(
        analyst,
        sheet(
            ["P-1", "Een", department.code, None, None, "FIN-1"],
            ["P-2", "Twee", department.code, None, None, "FIN-2"],
            header=header,
        ),
    )
    job = checked(analyst, job, capture=django_capture_on_commit_callbacks)
    assert job.report["refused_rows"] == 0
    # Meanwhile a sync brings P-2 in under another key: the code is taken.
    ProjectFactory(code="P-2", external_id="FIN-9", org_unit=department, portfolio=portfolio)
    job = committed(analyst, job, capture=django_capture_on_commit_callbacks)
    assert job.state == ImportJob.State.CHECKED
    assert [(e["row"], e["column"]) for e in job.report["errors"]] == [(3, "Code")]
    assert not Project.objects.filter(code="P-1").exists()


def test_only_who_may_create_projects_imports_them(owner, department, portfolio):
    with pytest.raises(PermissionDenied):
        uploaded(owner, sheet(["P-1", "Brug", department.code, None, None]))


def test_undo_takes_the_import_back_as_a_whole(
    analyst, department, portfolio, django_capture_on_commit_callbacks
):
    ProjectFactory(code="P-1", name="Oud", org_unit=department, portfolio=portfolio)
    job = uploaded(
        analyst,
        sheet(
            ["P-1", "Nieuw", department.code, None, None],
            ["P-2", "Plein", department.code, None, None],
        ),
    )
    job = committed(
        analyst,
        checked(analyst, job, capture=django_capture_on_commit_callbacks),
        capture=django_capture_on_commit_callbacks,
    )
    assert undo_problems(job) == []
    job = import_undo(actor=Actor.screen(analyst), job=job, expected_version=job.version)
    assert job.state == ImportJob.State.UNDONE
    assert Project.objects.get(code="P-1").name == "Oud"
    assert not Project.objects.filter(code="P-2").exists()
    deleted = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, object_repr__startswith="P-2")
    assert deleted.source == Channel.IMPORT


def test_undo_is_refused_once_something_changed_after_the_import(
    analyst, department, portfolio, django_capture_on_commit_callbacks
):
    job = uploaded(
        analyst,
        sheet(
            ["P-1", "Een", department.code, None, None],
            ["P-2", "Twee", department.code, None, None],
        ),
    )
    job = committed(
        analyst,
        checked(analyst, job, capture=django_capture_on_commit_callbacks),
        capture=django_capture_on_commit_callbacks,
    )
    Project.objects.filter(code="P-1").update(name="Later gewijzigd")
    StatusReportFactory(project=Project.objects.get(code="P-2"))
    problems = undo_problems(job)
    assert any("P-1" in p and "gewijzigd" in p for p in problems)
    assert any("toegevoegd" in p for p in problems)  # the report filed on P-2
    with pytest.raises(ValidationError):
        import_undo(actor=Actor.screen(analyst), job=job, expected_version=job.version)
    assert Project.objects.filter(code__in=["P-1", "P-2"]).count() == 2
