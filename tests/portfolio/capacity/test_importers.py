"""Importing capacity demand from Excel, long (a row per project, team and month) or wide
(a column per month): the runner into demand_upsert, all or nothing, undoable."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from pmo.actors import Channel
from pmo.imports.models import ImportJob
from pmo.imports.undo import undo_problems
from pmo.models import AuditEntry
from portfolio.capacity.importers import header_month
from portfolio.capacity.models import Demand, DemandPlan
from tests.pmo.imports.flow import checked, imported, refusals, undone, uploaded
from tests.support.factories import DemandFactory, ProjectFactory, TeamFactory

pytestmark = pytest.mark.django_db

LONG = ["Project", "Team", "Maand", "Uren"]


@pytest.fixture
def civ(db):
    return TeamFactory(code="TEAM-CIV")


@pytest.fixture
def com(db):
    return TeamFactory(code="TEAM-COM")


@pytest.fixture
def synced(owner, department):
    return ProjectFactory(manager=owner, org_unit=department, external_id="FIN-1")


def hours(project, team, month):
    return Demand.objects.get(project=project, team=team, month=month).hours


def test_long_rows_are_written_by_code_or_external_id_audited_as_import(
    owner, synced, civ, com, django_capture_on_commit_callbacks
):
    DemandFactory(project=synced, team=civ, month=dt.date(2027, 3, 1), hours=Decimal("10"))
    plan = DemandPlan.objects.create(project=synced)
    job = imported(
        owner,
        "demand",
        [
            LONG,
            [synced.code, "TEAM-CIV", "2027-03", "12,5"],
            ["FIN-1", "TEAM-COM", "apr 2027", 24],
            ["FIN-1", "TEAM-CIV", dt.datetime(2027, 5, 1), 0],
        ],
        capture=django_capture_on_commit_callbacks,
    )
    assert job.state == ImportJob.State.DONE
    assert job.report["counts"] == {"rows": 3, "created": 2, "updated": 2}  # a row, the plan
    assert hours(synced, civ, dt.date(2027, 3, 1)) == Decimal("12.5")
    assert hours(synced, com, dt.date(2027, 4, 1)) == Decimal("24")
    assert hours(synced, civ, dt.date(2027, 5, 1)) == 0
    plan.refresh_from_db()
    assert plan.version == 2  # a grid opened before the import is stale
    lines = AuditEntry.objects.filter(content_type__model__in=["demand", "demandplan"])
    assert lines.count() == 4
    assert {line.source for line in lines} == {Channel.IMPORT}


def test_a_project_without_an_external_id_gets_its_demand_by_code(
    owner, department, civ, django_capture_on_commit_callbacks
):
    """What the project import brought in (no external id) takes demand like any other."""
    unsynced = ProjectFactory(manager=owner, org_unit=department, external_id=None)
    job = imported(
        owner,
        "demand",
        [LONG, [unsynced.code, "TEAM-CIV", "2027-03", 16]],
        capture=django_capture_on_commit_callbacks,
    )
    assert job.state == ImportJob.State.DONE
    assert hours(unsynced, civ, dt.date(2027, 3, 1)) == Decimal("16")


def test_a_sheet_with_a_column_per_month_is_read_as_one_row_per_filled_cell(
    owner, synced, civ, com, django_capture_on_commit_callbacks
):
    header = ["Project", "Team", "Opmerking", "2027-03", "apr 2027", dt.datetime(2027, 5, 1)]
    job = imported(
        owner,
        "demand",
        [
            header,
            [synced.code, "TEAM-CIV", "piek", 120, None, 80],
            ["FIN-1", "TEAM-COM", None, None, 16, None],
        ],
        capture=django_capture_on_commit_callbacks,
    )
    assert job.mapping == {"project": "Project", "team": "Team", "month": "Maand", "hours": "Uren"}
    assert job.report["counts"]["rows"] == 3
    assert sorted(Demand.objects.values_list("team__code", "month", "hours")) == [
        ("TEAM-CIV", dt.date(2027, 3, 1), Decimal("120")),
        ("TEAM-CIV", dt.date(2027, 5, 1), Decimal("80")),
        ("TEAM-COM", dt.date(2027, 4, 1), Decimal("16")),
    ]


def test_a_bad_cell_of_a_wide_sheet_is_named_by_its_row_and_month_column(
    owner, synced, civ, django_capture_on_commit_callbacks
):
    header = ["Project", "Team", "mrt 2027", "apr 2027"]
    job = checked(
        owner,
        uploaded(
            owner,
            "demand",
            [header, [synced.code, "TEAM-CIV", 40, "veel"], ["FIN-1", "TEAM-CIV", -8, 10]],
        ),
        capture=django_capture_on_commit_callbacks,
    )
    assert refusals(job) == {(2, "apr 2027")}
    job = checked(
        owner,
        uploaded(
            owner, "demand", [header, [synced.code, "TEAM-CIV", 40, 4], ["FIN-1", "TEAM-X", -8, 10]]
        ),
        capture=django_capture_on_commit_callbacks,
    )
    assert refusals(job) == {(3, "mrt 2027"), (3, "Team (code)")}
    assert not Demand.objects.exists()


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_written(
    owner, synced, civ, department, django_capture_on_commit_callbacks
):
    job = checked(
        owner,
        uploaded(
            owner,
            "demand",
            [
                LONG,
                [synced.code, "TEAM-CIV", "2027-03", "veel"],
                [synced.code, "TEAM-CIV", "ooit", 8],
                [synced.code, "team-civ", "maart 2027", 8],  # row 2's place again
                [None, "TEAM-CIV", "2027-04", 8],
            ],
        ),
        capture=django_capture_on_commit_callbacks,
    )
    assert refusals(job) == {
        (2, "Uren"),
        (3, "Maand"),
        (4, "Maand"),
        (5, "Project (code of extern kenmerk)"),
    }
    unsynced = ProjectFactory(manager=owner, org_unit=department, external_id=None)
    job = checked(
        owner,
        uploaded(
            owner,
            "demand",
            [
                LONG,
                [synced.code, "TEAM-ONBEKEND", "2027-03", 8],
                ["P-ONBEKEND", "TEAM-CIV", "2027-03", 8],
                [synced.code, "TEAM-CIV", "2027-04", -4],
                [unsynced.code, "TEAM-CIV", "2027-04", 4],  # no external id: found by code
                [synced.code, "TEAM-CIV", "2027-05", 4],
                ["FIN-1", "TEAM-CIV", "2027-05", 6],  # the same place by its external id
            ],
        ),
        capture=django_capture_on_commit_callbacks,
    )
    assert refusals(job) == {
        (2, "Team (code)"),
        (3, "Project (code of extern kenmerk)"),
        (4, "Uren"),
        (7, "Maand"),
    }
    negative = next(e for e in job.report["errors"] if e["row"] == 4)
    assert negative["messages"] == ["Uren kunnen niet negatief zijn."]
    assert not Demand.objects.exists() and not DemandPlan.objects.exists()


def test_only_demand_of_projects_the_user_changes_is_imported(
    colleague, board_member, synced, civ, django_capture_on_commit_callbacks
):
    with pytest.raises(PermissionDenied):
        uploaded(board_member, "demand", [LONG, ["FIN-1", "TEAM-CIV", "2027-03", 8]])
    job = checked(
        colleague,
        uploaded(colleague, "demand", [LONG, ["FIN-1", "TEAM-CIV", "2027-03", 8]]),
        capture=django_capture_on_commit_callbacks,
    )
    assert "niet wijzigen" in job.report["errors"][0]["messages"][0]
    assert not Demand.objects.exists()


def test_undo_restores_the_hours_and_the_plan(
    owner, synced, civ, django_capture_on_commit_callbacks
):
    kept = DemandFactory(project=synced, team=civ, month=dt.date(2027, 3, 1), hours=Decimal("10"))
    plan = DemandPlan.objects.create(project=synced)
    job = imported(
        owner,
        "demand",
        [LONG, ["FIN-1", "TEAM-CIV", "2027-03", 30], ["FIN-1", "TEAM-CIV", "2027-04", 30]],
        capture=django_capture_on_commit_callbacks,
    )
    assert undo_problems(job) == []
    job = undone(owner, job)
    assert job.state == ImportJob.State.UNDONE
    kept.refresh_from_db()
    assert kept.hours == Decimal("10")
    assert list(Demand.objects.values_list("pk", flat=True)) == [kept.pk]
    plan.refresh_from_db()
    assert DemandPlan.objects.get().pk == plan.pk
    assert (
        AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, source=Channel.IMPORT).count()
        == 1
    )


def test_month_headers_are_recognised_in_the_ways_planners_write_them():
    march = dt.date(2027, 3, 1)
    for label in (
        "2027-03",
        "03-2027",
        "mrt 2027",
        "maart 2027",
        "Mrt-2027",
        "2027-03-01 00:00:00",
    ):
        assert header_month(label) == march, label
    for label in ("Project", "Team", "Totaal 2027", "Uren", "3"):
        assert header_month(label) is None, label
