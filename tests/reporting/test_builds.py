"""The snapshot build service: one snapshot per scope and period, rebuilt as a new
version swapped in whole, requests joining a waiting build, failures leaving the last
good version in place, bad periods refused."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmo.actors import Actor
from reporting.models import Scope, Snapshot, SnapshotBuild
from reporting.services import builds
from tests.support.factories import (
    BoardMeetingFactory,
    OrgUnitFactory,
    ProjectBudgetFactory,
    ProjectFactory,
    StatusReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
NOV, OCT = dt.date(2026, 11, 1), dt.date(2026, 10, 1)
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def scope(db):
    return Scope.objects.get_or_create(
        kind=Scope.Kind.ORGANISATION, defaults={"name": "Hele organisatie"}
    )[0]


@pytest.fixture
def pmo(analyst):
    return Actor.screen(analyst)


def build(scope, period, actor=None):
    request = builds.build_request(scope=scope, period=period, actor=actor or Actor.task())
    return builds.snapshot_build(build_id=request.pk, today=TODAY)


def projects(count, *, unit=None, start=dt.date(2026, 1, 1)):
    unit = unit or OrgUnitFactory(kind="domein", name="Ruimte")
    return [ProjectFactory(org_unit=unit, planned_start=start) for _ in range(count)]


def test_a_build_holds_a_row_per_project_with_the_report_of_its_period(scope):
    first, second = projects(2)
    StatusReportFactory(project=first, period=OCT, rag_overall="groen", progress_pct=40)
    StatusReportFactory(project=first, period=NOV, rag_overall="rood", progress_pct=55)
    ProjectBudgetFactory(project=first, year=2026, amount=Decimal("250000"))
    done = build(scope, OCT)
    assert done.status == SnapshotBuild.Status.DONE, done.error
    october = done.snapshot
    assert october.project_count == 2 and october.version == 1 and october.is_current
    row = october.rows.get(project=first)
    # October's snapshot uses October's report, not the newer one.
    assert (row.rag_overall, row.progress_pct, row.budget) == ("groen", 40, Decimal("250000"))
    assert october.rows.get(project=second).rag_overall == ""
    november = build(scope, NOV).snapshot
    assert november.rows.get(project=first).previous["rag_overall"] == "groen"
    assert november.tiles["red"] == 1
    assert november.changes["previous_id"] == october.pk
    assert november.changes["tiles"]["red"] == 1
    assert november.changes["rag_changed"][0]["to"] == "rood"


def test_a_rebuild_replaces_the_old_version_only_once_it_is_complete(scope, monkeypatch):
    (project,) = projects(1)
    first = build(scope, NOV).snapshot
    ProjectFactory(org_unit=project.org_unit, planned_start=project.planned_start)
    seen = []
    compute = builds.compute

    def watching(ctx, progress):
        result = compute(ctx, progress=progress)
        # Everything is read, nothing swapped yet: the board still reads version 1.
        seen.append(
            list(Snapshot.objects.filter(is_current=True).values_list("version", "project_count"))
        )
        return result

    monkeypatch.setattr(builds, "compute", watching)
    second = build(scope, NOV).snapshot
    assert seen == [[(1, 1)]]
    assert (second.version, second.project_count) == (2, 2)
    # The old version stays, no longer current (its board packs were handed out).
    first.refresh_from_db()
    assert not first.is_current
    assert Snapshot.objects.filter(scope=scope, period=NOV, is_current=True).get() == second


def test_a_failed_build_shows_its_error_and_keeps_the_last_good_version(scope, monkeypatch):
    projects(2)
    good = build(scope, NOV).snapshot

    def broken(ctx, progress):
        raise RuntimeError("bron onbereikbaar")

    monkeypatch.setattr(builds, "compute", broken)
    request = builds.build_request(scope=scope, period=NOV, actor=Actor.task())
    with pytest.raises(RuntimeError):
        builds.snapshot_build(build_id=request.pk, today=TODAY)
    request.refresh_from_db()
    assert request.status == SnapshotBuild.Status.FAILED
    assert "bron onbereikbaar" in request.error
    assert Snapshot.objects.get(is_current=True).pk == good.pk
    # The failed build no longer waits: the next request starts a new one.
    assert builds.build_request(scope=scope, period=NOV, actor=Actor.task()).pk != request.pk


def test_a_second_request_joins_the_waiting_build(scope, pmo, django_capture_on_commit_callbacks):
    projects(1)
    with django_capture_on_commit_callbacks() as sent:
        first = builds.build_request(scope=scope, period=NOV, actor=pmo)
        again = builds.build_request(scope=scope, period=NOV, actor=pmo)
    assert again.pk == first.pk and len(sent) == 1
    assert SnapshotBuild.objects.count() == 1


def test_a_finished_build_sent_twice_is_left_alone(scope):
    projects(1)
    done = build(scope, NOV)
    again = builds.snapshot_build(build_id=done.pk, today=TODAY)
    assert again.snapshot_id == done.snapshot_id
    assert Snapshot.objects.count() == 1


def test_a_twin_that_finishes_second_writes_nothing(scope, monkeypatch):
    projects(1)
    request = builds.build_request(scope=scope, period=NOV, actor=Actor.task())
    compute = builds.compute

    def twin_first(ctx, progress):
        result = compute(ctx, progress=progress)
        # Meanwhile another worker ran the same message to the end.
        monkeypatch.setattr(builds, "compute", compute)
        builds.snapshot_build(build_id=request.pk, today=TODAY)
        return result

    monkeypatch.setattr(builds, "compute", twin_first)
    builds.snapshot_build(build_id=request.pk, today=TODAY)
    assert Snapshot.objects.count() == 1
    assert Snapshot.objects.get().version == 1  # no second version from the twin


def test_only_the_pmo_builds(scope, board_member, owner, analyst):
    projects(1)
    for user in (board_member, owner, UserFactory()):
        with pytest.raises(PermissionDenied):
            builds.build_request(scope=scope, period=NOV, actor=Actor.screen(user))
    assert builds.build_request(scope=scope, period=NOV, actor=Actor.screen(analyst)).pk


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (dt.date(2027, 1, 1), "ligt in de toekomst"),
        (dt.date(2020, 3, 1), "geen gegevens van vóór januari 2026"),
    ],
)
def test_a_period_in_the_future_or_before_any_data_is_refused(scope, period, message):
    projects(1, start=dt.date(2026, 1, 15))
    with pytest.raises(builds.PeriodRefused) as refused:
        builds.build_request(scope=scope, period=period, actor=Actor.task())
    assert message in refused.value.messages[0]
    assert not SnapshotBuild.objects.exists()


def test_a_queued_build_whose_period_became_impossible_fails_without_retry(scope):
    projects(1, start=dt.date(2026, 1, 15))
    request = SnapshotBuild.objects.create(scope=scope, period=dt.date(2027, 2, 1))
    result = builds.snapshot_build(build_id=request.pk, today=TODAY)  # does not raise
    assert result.status == SnapshotBuild.Status.FAILED
    assert "toekomst" in result.error


def test_an_org_unit_scope_holds_its_units_projects_only(db):
    social = OrgUnitFactory(kind="domein", name="Sociaal Domein")
    youth = OrgUnitFactory(parent=social, name="Jeugd")
    inside = projects(2, unit=youth)
    projects(3)  # in another domain
    unit_scope = Scope.objects.create(kind=Scope.Kind.ORG_UNIT, org_unit=social, name="Sociaal")
    snapshot = build(unit_scope, NOV).snapshot
    assert set(snapshot.rows.values_list("project_id", flat=True)) == {p.pk for p in inside}
    assert [d["name"] for d in snapshot.figures["domains"]] == ["Sociaal Domein"]


def test_since_the_last_board_compares_with_what_the_board_saw(scope):
    first, second = projects(2)
    StatusReportFactory(project=first, period=OCT, rag_overall="groen")
    StatusReportFactory(project=second, period=OCT, rag_overall="oranje")
    build(scope, OCT)
    BoardMeetingFactory(date=dt.date(2026, 11, 18), state="gehouden")
    StatusReportFactory(project=first, period=NOV, rag_overall="rood")
    StatusReportFactory(project=second, period=NOV, rag_overall="oranje")
    since = build(scope, NOV).snapshot.figures["since_board"]
    assert since["meeting"]["date"] == "2026-11-18"
    assert [red["project"] for red in since["new_reds"]] == [first.code]
    assert [(c["from"], c["to"]) for c in since["status_changes"]] == [("groen", "rood")]


def test_the_build_issues_the_same_queries_for_few_and_many_projects(db):
    def queries(count):
        """A first build and a rebuild (which also removes the old version)."""
        unit = OrgUnitFactory(kind="domein", name=f"Domein {count}")
        for _ in range(count):
            project = ProjectFactory(org_unit=unit, planned_start=dt.date(2026, 1, 1))
            StatusReportFactory(project=project, period=NOV)
            ProjectBudgetFactory(project=project, year=2026)
        scope = Scope.objects.create(kind=Scope.Kind.ORG_UNIT, org_unit=unit, name=unit.name)
        counts = []
        for _ in range(2):
            request = builds.build_request(scope=scope, period=NOV, actor=Actor.task())
            with CaptureQueriesContext(connection) as captured:
                builds.snapshot_build(build_id=request.pk, today=TODAY)
            counts.append(len(captured))  # the rows go in one executemany
        return counts

    few, many = queries(3), queries(30)
    assert few == many, (few, many)


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_coalesce_under_the_lock(scope, monkeypatch):
    projects(1)
    # Keep the build waiting (in-process tasks would finish it at once).
    monkeypatch.setattr(builds, "send_on_commit", lambda row: None)
    ids, errors = [], []
    barrier = threading.Barrier(2)

    def ask():
        try:
            barrier.wait()
            ids.append(builds.build_request(scope=scope, period=NOV, actor=Actor.task()).pk)
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(set(ids)) == 1, (ids, errors)
    assert SnapshotBuild.objects.count() == 1
