"""A Microsoft Project plan (MSPDI .xml) through the import runner: upload → check →
commit → undo, all or nothing, with files written by hand from the published schema."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pmo.actors import Actor, Channel
from pmo.imports.models import ImportJob
from pmo.imports.registry import discovered
from pmo.imports.runner import import_upload
from pmo.imports.undo import import_undo
from pmo.models import AuditEntry
from pmo.roles import Role
from portfolio.projects.models import Milestone, Project, ProjectBudget
from tests.pmo.imports.test_runner import checked, committed
from tests.support.factories import PortfolioFactory, ProjectFactory, user_with_role

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "mspdi"
PLAN = (FILES / "marktplein_project2019.xml").read_bytes()
GUID = "5B8E2F3A-9C41-EF11-A7D2-00155D0A1B2C"
PLAN_NAME = "RU-2027-101 Marktplein.xml"


@pytest.fixture
def portfolio(db):
    return PortfolioFactory()


@pytest.fixture
def pmo(department):
    """A PMO-analist of the department: a new project from a plan goes there."""
    return user_with_role(Role.PMO_ANALIST, org_unit=department)


def uploaded(user, data=PLAN, name=PLAN_NAME):
    return import_upload(actor=Actor.screen(user), kind="msproject", filename=name, content=data)


def imported(user, capture, data=PLAN, name=PLAN_NAME):
    job = checked(user, uploaded(user, data, name), capture=capture)
    assert job.report["refused_rows"] == 0, job.report["errors"]
    return committed(user, job, capture=capture)


def upload_refused(user, data, name=PLAN_NAME) -> str:
    with pytest.raises(ValidationError) as caught:
        uploaded(user, data, name)
    return " ".join(caught.value.message_dict["file"])


def test_the_importer_takes_xml_with_fixed_columns(pmo):
    importer = discovered()["msproject"]
    assert str(importer.label) == "Microsoft Project (XML)"
    assert importer.accepts == (".xml",) and importer.maps_columns is False
    assert "projects" in discovered()  # the Excel project list is still there


def test_the_upload_needs_no_mapping_and_the_check_writes_nothing(
    pmo, portfolio, django_capture_on_commit_callbacks
):
    job = uploaded(pmo)
    assert job.row_count == 4  # the project and its three milestones
    assert set(job.mapping) == set(job.header) and all(k == v for k, v in job.mapping.items())
    job = checked(pmo, job, capture=django_capture_on_commit_callbacks)
    assert job.state == ImportJob.State.CHECKED
    # The project, 3 milestones and the budget lines of 2026 and 2027.
    assert job.report["counts"] == {"rows": 4, "created": 6, "updated": 0}
    first = job.report["preview"][0]
    assert first["Code"] == "RU-2027-101" and first["Baseline einde"] == "2027-06-30"
    assert first["Baselinekosten"] == "1850000.00"
    assert job.report["preview"][3]["Naam"] == "Oplevering plein"
    assert not Project.objects.exists() and not Milestone.objects.exists()


def test_a_commit_brings_in_the_project_its_milestones_and_its_costs(
    pmo, department, portfolio, django_capture_on_commit_callbacks
):
    job = imported(pmo, django_capture_on_commit_callbacks)
    assert job.state == ImportJob.State.DONE
    project = Project.objects.get(code="RU-2027-101")
    assert project.name == "Herinrichting Marktplein"
    assert project.external_id == f"msp:{GUID}"
    assert project.org_unit == department and project.portfolio == portfolio
    # The baseline is the plan; the summary's later finish is a forecast, not the plan.
    assert (project.planned_start, project.planned_end) == (
        dt.date(2026, 3, 2),
        dt.date(2027, 6, 30),
    )
    milestones = {m.external_id: m for m in project.milestones.all()}
    assert set(milestones) == {f"msp:{GUID}:{uid}" for uid in (3, 8, 14)}
    decided = milestones[f"msp:{GUID}:3"]
    assert (decided.baseline_date, decided.forecast_date, decided.actual_date) == (
        dt.date(2026, 4, 24),
        dt.date(2026, 4, 30),
        dt.date(2026, 4, 30),
    )
    delivered = milestones[f"msp:{GUID}:14"]
    assert delivered.baseline_date == dt.date(2027, 6, 30)
    assert delivered.forecast_date == dt.date(2027, 9, 30) and delivered.actual_date is None
    # 1.850.000 over 2026-03-02..2027-06-30 by days (305 and 181); the actual cost up to
    # the status date (2026-11-30) all falls in 2026.
    lines = {b.year: (b.amount, b.actual) for b in ProjectBudget.objects.filter(project=project)}
    assert lines == {
        2026: (Decimal("1161008.23"), Decimal("412500.00")),
        2027: (Decimal("688991.77"), None),
    }
    created = AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, object_repr="Oplevering plein"
    )
    assert {line.source for line in created} == {Channel.IMPORT}


def test_the_same_file_again_changes_nothing(pmo, portfolio, django_capture_on_commit_callbacks):
    imported(pmo, django_capture_on_commit_callbacks)
    version = Project.objects.get(code="RU-2027-101").version
    job = checked(pmo, uploaded(pmo), capture=django_capture_on_commit_callbacks)
    assert job.report["counts"] == {"rows": 4, "created": 0, "updated": 0}
    job = committed(pmo, job, capture=django_capture_on_commit_callbacks)
    assert job.state == ImportJob.State.DONE
    assert job.report["counts"] == {"rows": 4, "created": 0, "updated": 0}
    assert Project.objects.get(code="RU-2027-101").version == version
    assert Milestone.objects.count() == 3 and ProjectBudget.objects.count() == 2


def test_a_changed_plan_updates_forecasts_and_actuals_but_not_the_baseline(
    pmo, portfolio, django_capture_on_commit_callbacks
):
    imported(pmo, django_capture_on_commit_callbacks)
    # A month later: delivery slips a month, more was spent.
    later = PLAN.replace(b"2027-09-30T17:00:00", b"2027-10-29T17:00:00").replace(
        b"<ActualCost>41250000</ActualCost>", b"<ActualCost>45000000</ActualCost>"
    )
    job = checked(pmo, uploaded(pmo, later), capture=django_capture_on_commit_callbacks)
    assert job.report["counts"] == {"rows": 4, "created": 0, "updated": 2}
    committed(pmo, job, capture=django_capture_on_commit_callbacks)
    delivered = Milestone.objects.get(external_id=f"msp:{GUID}:14")
    assert delivered.forecast_date == dt.date(2027, 10, 29)
    assert delivered.baseline_date == dt.date(2027, 6, 30)
    assert Project.objects.get(code="RU-2027-101").planned_end == dt.date(2027, 6, 30)
    assert ProjectBudget.objects.get(year=2026).actual == Decimal("450000.00")


def test_a_new_baseline_cost_is_spread_again(pmo, portfolio, django_capture_on_commit_callbacks):
    imported(pmo, django_capture_on_commit_callbacks)
    rebased = PLAN.replace(b"<Cost>185000000</Cost>", b"<Cost>194400000</Cost>")
    imported(pmo, django_capture_on_commit_callbacks, data=rebased)
    amounts = dict(ProjectBudget.objects.values_list("year", "amount"))
    # 1.944.000 × 305/486 and the rest.
    assert amounts == {2026: Decimal("1220000.00"), 2027: Decimal("724000.00")}


def test_undo_takes_the_whole_plan_back(pmo, portfolio, django_capture_on_commit_callbacks):
    job = imported(pmo, django_capture_on_commit_callbacks)
    import_undo(actor=Actor.screen(pmo), job=job, expected_version=job.version)
    assert not Project.objects.exists()
    assert not Milestone.objects.exists() and not ProjectBudget.objects.exists()


def test_an_existing_project_is_found_by_the_code_in_the_file_name(
    analyst, department, portfolio, django_capture_on_commit_callbacks
):
    # The PMO made the project first; this analyst belongs to no org unit, which a
    # project that exists does not need.
    ProjectFactory(code="SD-2027-102", name="Oud", org_unit=department, portfolio=portfolio)
    minimal = (FILES / "minimal.xml").read_bytes()
    imported(
        analyst, django_capture_on_commit_callbacks, minimal, "SD-2027-102 Vroegsignalering.xml"
    )
    project = Project.objects.get(code="SD-2027-102")
    assert project.name == "Vroegsignalering" and project.org_unit == department
    assert (project.planned_start, project.planned_end) == (
        dt.date(2026, 9, 14),
        dt.date(2027, 4, 16),
    )
    assert project.external_id == "msp:SD-2027-102"  # given a key, for the next time
    milestone = project.milestones.get()
    assert milestone.external_id == "msp:SD-2027-102:2"
    # Without a baseline, the finish is the baseline date and the forecast alike.
    assert milestone.baseline_date == milestone.forecast_date == dt.date(2027, 1, 11)
    assert not ProjectBudget.objects.exists()  # the plan has no costs
    again = checked(
        analyst,
        uploaded(analyst, minimal, "SD-2027-102 Vroegsignalering.xml"),
        capture=django_capture_on_commit_callbacks,
    )
    assert again.report["counts"]["updated"] == again.report["counts"]["created"] == 0


def test_the_code_comes_from_the_custom_field_whatever_the_file_is_called(
    pmo, portfolio, django_capture_on_commit_callbacks
):
    imported(pmo, django_capture_on_commit_callbacks, PLAN, "export planning.xml")
    assert Project.objects.filter(code="RU-2027-101").exists()


def test_a_file_that_names_no_project_is_refused(pmo, portfolio):
    minimal = (FILES / "minimal.xml").read_bytes()
    message = upload_refused(pmo, minimal, "Project1.xml")
    assert "projectcode" in message.lower() and "RU-2027-101 Marktplein.xml" in message
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("xxe.xml", "DTD"),
        ("billion_laughs.xml", "DTD"),
        ("rss.xml", "geen Microsoft Project-bestand"),
        ("no_tasks.xml", "geen taken"),
    ],
)
def test_every_bad_file_gets_its_message_and_nothing_is_kept(pmo, portfolio, name, expected):
    assert expected in upload_refused(pmo, (FILES / name).read_bytes(), f"RU-2027-101 {name}")
    assert not ImportJob.objects.exists() and not Project.objects.exists()


def test_a_project_file_is_asked_for_as_xml(pmo, portfolio):
    assert "Opslaan als" in upload_refused(pmo, b"\xd0\xcf\x11\xe0", "RU-2027-101.mpp")


def test_a_new_project_needs_the_importer_s_org_unit(
    analyst, portfolio, django_capture_on_commit_callbacks
):
    job = checked(analyst, uploaded(analyst), capture=django_capture_on_commit_callbacks)
    assert job.report["refused_rows"] == 1
    (error,) = job.report["errors"]
    assert (error["row"], error["column"]) == (2, "Code")
    assert "organisatieonderdeel" in error["messages"][0]
    assert not Project.objects.exists()


def test_a_new_project_needs_a_single_portfolio(pmo, portfolio, django_capture_on_commit_callbacks):
    PortfolioFactory(code="TWEEDE")
    job = checked(pmo, uploaded(pmo), capture=django_capture_on_commit_callbacks)
    assert "portfolio" in job.report["errors"][0]["messages"][0]
    assert not Project.objects.exists()


def test_a_refused_milestone_is_named_by_its_row_and_nothing_is_written(
    pmo, portfolio, django_capture_on_commit_callbacks
):
    # Delivery "done" next year: an actual date lies not in the future.
    task = PLAN.index(b"<Name>Oplevering plein</Name>")
    at = PLAN.index(b"<ActualDuration>", task)
    future = PLAN[:at] + b"<ActualFinish>2027-09-30T17:00:00</ActualFinish>" + PLAN[at:]
    job = checked(pmo, uploaded(pmo, future), capture=django_capture_on_commit_callbacks)
    assert [(e["row"], e["column"]) for e in job.report["errors"]] == [(5, "Werkelijk einde")]
    assert not Project.objects.exists() and not Milestone.objects.exists()


def test_only_who_may_create_projects_imports_a_plan(owner, portfolio):
    with pytest.raises(PermissionDenied):
        uploaded(owner)
