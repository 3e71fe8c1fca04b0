"""Importing hoofdpuntenrapportages from Excel: the runner into reports_upsert, with the
report rules of the page, all or nothing, undoable as a whole."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from pmo.actors import Channel
from pmo.imports.models import ImportJob
from pmo.imports.undo import undo_problems
from pmo.models import AuditEntry
from portfolio.status.models import StatusReport
from portfolio.status.services import current_reports_refresh
from tests.pmo.imports.flow import checked, imported, refusals, undone, uploaded
from tests.support.factories import ProjectBudgetFactory, ProjectFactory, StatusReportFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "Projectcode",
    "Maand",
    "Tijd",
    "Geld",
    "Scope",
    "Kwaliteit",
    "Risico",
    "Baten",
    "Totaal",
    "Voortgang",
    "Bereikt deze periode",
    "Oorzaak tijd",
    "Gevolg tijd",
    "Maatregel tijd",
    "Indienen",
]
GREEN = ["groen"] * 7


def row(
    project, period="2026-11", colours=GREEN, progress=50, text="", why=("", "", ""), submit="nee"
):
    return [project, period, *colours, progress, text, *why, submit]


@pytest.fixture
def other(owner, department):
    return ProjectFactory(manager=owner, org_unit=department, external_id="FIN-77")


def test_the_mapping_is_proposed_from_the_labels_pmos_use(owner, project):
    job = uploaded(owner, "status-reports", [HEADER, row(project.code)])
    assert job.mapping["project"] == "Projectcode"
    assert job.mapping["period"] == "Maand"
    assert job.mapping["rag_time"] == "Tijd" and job.mapping["rag_overall"] == "Totaal"
    assert job.mapping["progress_pct"] == "Voortgang"
    assert job.mapping["explain_time_cause"] == "Oorzaak tijd"
    assert job.mapping["submit"] == "Indienen"


def test_reports_are_made_and_submitted_by_code_or_external_id(
    owner, project, other, django_capture_on_commit_callbacks
):
    amber = ["oranje", "green", "groen", "groen", "groen", "groen", "amber"]
    job = imported(
        owner,
        "status-reports",
        [
            HEADER,
            row(project.code, colours=amber, progress="45%", text="Bestek gereed.",
                why=("Bezwaar loopt.", "Een maand later.", "Andere volgorde.")),
            row("FIN-77", period=dt.datetime(2026, 11, 1), progress=0.6, submit="ja"),
        ],
        capture=django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert job.state == ImportJob.State.DONE
    assert job.report["counts"]["created"] == 2
    draft = StatusReport.objects.get(project=project, period=dt.date(2026, 11, 1))
    assert draft.state == StatusReport.State.DRAFT
    assert (draft.rag_time, draft.rag_cost, draft.rag_overall) == ("oranje", "groen", "oranje")
    assert draft.progress_pct == 45 and draft.achievements == "Bestek gereed."
    assert draft.explanations["time"] == {
        "cause": "Bezwaar loopt.",
        "effect": "Een maand later.",
        "measure": "Andere volgorde.",
    }
    submitted = StatusReport.objects.get(project=other)
    assert submitted.state == StatusReport.State.SUBMITTED and submitted.progress_pct == 60
    lines = AuditEntry.objects.filter(object_repr__in=[str(draft), str(submitted)])
    assert lines.count() >= 3  # two created, one submitted
    assert {line.source for line in lines} == {Channel.IMPORT}
    assert {line.actor_id for line in lines} == {owner.pk}


def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_written(
    owner, project, other, django_capture_on_commit_callbacks
):
    job = uploaded(
        owner,
        "status-reports",
        [
            HEADER,
            row(project.code),
            row(project.code, period="2026-10", colours=["paars", *GREEN[1:]]),
            row("FIN-77", period="ooit", progress="veel"),
            row(project.code, period="2026-11-01"),  # the same report as row 2
        ],
    )
    job = checked(owner, job, capture=django_capture_on_commit_callbacks)
    assert refusals(job) == {(3, "Tijd"), (4, "Periode"), (4, "Voortgang (%)"), (5, "Periode")}
    duplicate = next(e for e in job.report["errors"] if e["row"] == 5)
    assert duplicate["messages"] == ["Staat al in regel 2."]
    # Once the file parses, the project, the period and the report rules have their say.
    job = checked(
        owner,
        uploaded(
            owner,
            "status-reports",
            [
                HEADER,
                row("P-BESTAAT-NIET"),
                row(project.code, period="2027-01"),
                row("FIN-77", colours=["rood", *GREEN[1:]], submit="ja"),
                row(other.code, period="2026-10"),
                row(project.code),
            ],
        ),
        capture=django_capture_on_commit_callbacks,
    )
    assert refusals(job) == {
        (2, "Project (code of extern kenmerk)"),
        (3, "Periode"),
        (4, "Oorzaak (tijd)"),
        (4, "Gevolg (tijd)"),
        (4, "Maatregel (tijd)"),
    }
    assert job.report["refused_rows"] == 3
    assert not StatusReport.objects.exists()


def test_the_same_report_named_by_code_and_by_external_id_is_a_duplicate(
    owner, other, django_capture_on_commit_callbacks
):
    job = checked(
        owner,
        uploaded(owner, "status-reports", [HEADER, row("FIN-77"), row(other.code)]),
        capture=django_capture_on_commit_callbacks,
    )
    assert refusals(job) == {(3, "Project (code of extern kenmerk)")}
    assert not StatusReport.objects.exists()


def test_an_empty_cell_leaves_the_draft_as_it_is_and_a_submitted_one_is_not_changed(
    owner, project, other, django_capture_on_commit_callbacks
):
    draft = StatusReportFactory(
        project=project,
        period=dt.date(2026, 11, 1),
        state=StatusReport.State.DRAFT,
        rag_time="oranje",
        achievements="Oud verslag.",
        explanations={"time": {"cause": "a", "effect": "b", "measure": "c"}},
    )
    StatusReportFactory(project=other, period=dt.date(2026, 11, 1), progress_pct=50)
    header = ["Project", "Periode", "Voortgang", "Bereikt deze periode"]
    job = imported(
        owner,
        "status-reports",
        [header, [project.code, "2026-11", 70, None], ["FIN-77", "2026-11", 50, None]],
        capture=django_capture_on_commit_callbacks,
    )
    assert job.report["counts"]["updated"] == 1
    draft.refresh_from_db()
    assert draft.progress_pct == 70 and draft.achievements == "Oud verslag."
    assert draft.rag_time == "oranje" and draft.explanations["time"]["cause"] == "a"
    refused = checked(
        owner,
        uploaded(owner, "status-reports", [header, ["FIN-77", "2026-11", 80, None]]),
        capture=django_capture_on_commit_callbacks,
    )
    assert refused.report["errors"][0]["column"] == "Project (code of extern kenmerk)"
    assert "herziening" in refused.report["errors"][0]["messages"][0]


def test_only_reports_the_user_may_write_are_imported(
    owner, colleague, outsider, board_member, project, django_capture_on_commit_callbacks
):
    with pytest.raises(PermissionDenied):
        uploaded(board_member, "status-reports", [HEADER, row(project.code)])
    for user, message in ((colleague, "niet wijzigen"), (outsider, "Onbekend project")):
        job = checked(
            user,
            uploaded(user, "status-reports", [HEADER, row(project.code)]),
            capture=django_capture_on_commit_callbacks,
        )
        assert message in job.report["errors"][0]["messages"][0]
    assert not StatusReport.objects.exists()


def test_undo_takes_the_reports_back_and_the_current_report_with_them(
    owner, project, other, django_capture_on_commit_callbacks
):
    ProjectBudgetFactory(project=other, amount=Decimal("500000"))
    earlier = StatusReportFactory(project=other, period=dt.date(2026, 10, 1))
    draft = StatusReportFactory(
        project=project, period=dt.date(2026, 11, 1), state="concept", progress_pct=10
    )
    job = imported(
        owner,
        "status-reports",
        [HEADER, row(project.code, progress=30), row("FIN-77", progress=55, submit="ja")],
        capture=django_capture_on_commit_callbacks,
    )
    new = StatusReport.objects.get(project=other, period=dt.date(2026, 11, 1))
    current_reports_refresh(project_ids=[other.pk])  # as submitting keeps it
    other.refresh_from_db()
    assert other.current_report_id == new.pk
    assert undo_problems(job) == []
    job = undone(owner, job)
    assert job.state == ImportJob.State.UNDONE
    draft.refresh_from_db()
    assert draft.progress_pct == 10
    assert not StatusReport.objects.filter(pk=new.pk).exists()
    other.refresh_from_db()
    assert other.current_report_id == earlier.pk
    deleted = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, object_repr=str(new))
    assert deleted.source == Channel.IMPORT


def test_undo_is_refused_once_a_report_was_changed_after_the_import(
    owner, project, django_capture_on_commit_callbacks
):
    job = imported(
        owner,
        "status-reports",
        [HEADER, row(project.code)],
        capture=django_capture_on_commit_callbacks,
    )
    StatusReport.objects.filter(project=project).update(achievements="Later bijgewerkt")
    assert any("gewijzigd" in problem for problem in undo_problems(job))
