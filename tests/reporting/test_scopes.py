"""Which scopes have a dashboard and when they are built: the service keeps each scope's
beat entry in step, refuses a second dashboard for one target and a stale schedule; the
beheer pages are for who schedules dashboards only, with 422 and 409 as on every page."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from pmo.actors import Actor
from pmo.audit import audit_entries_for
from pmo.models import AuditEntry
from pmo.versioning import StaleError
from reporting.models import Scope, SnapshotBuild
from reporting.services.scopes import scope_create, scope_delete, scope_update
from tests.support import query_counts
from tests.support.factories import OrgUnitFactory, PortfolioFactory, ProgrammeFactory
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db

NOV = dt.date(2026, 11, 1)


@pytest.fixture
def pmo(analyst):
    return Actor.screen(analyst)


@pytest.fixture
def unit_scope(pmo, department):
    return scope_create(
        actor=pmo, kind=Scope.Kind.ORG_UNIT, org_unit=department, build_day=3,
        build_time=dt.time(7, 15),
    )  # fmt: skip


def entry(scope) -> PeriodicTask:
    return PeriodicTask.objects.select_related("crontab").get(pk=scope.periodic_task_id)


# ------------------------------------------------------------------------------ service


def test_a_new_scope_is_named_after_its_target_and_gets_its_own_beat_entry(unit_scope):
    assert unit_scope.name == "Wegen"
    task = entry(unit_scope)
    assert task.name == "Dashboard bouwen: Wegen"
    assert task.task == "reporting.tasks.build_scheduled_snapshot"
    assert json.loads(task.kwargs) == {"scope_id": unit_scope.pk}
    cron = task.crontab
    assert (cron.minute, cron.hour, cron.day_of_month) == ("15", "7", "3")
    assert (cron.month_of_year, cron.day_of_week, str(cron.timezone)) == (
        "*", "*", "Europe/Amsterdam",
    )  # fmt: skip
    (line,) = audit_entries_for(unit_scope)
    assert line.action == AuditEntry.Action.CREATE and line.changes["name"] == ["", "Wegen"]


@pytest.mark.parametrize(
    ("kind", "field", "factory"),
    [
        (Scope.Kind.PORTFOLIO, "portfolio", lambda: PortfolioFactory(code="SOC", name="Sociaal")),
        (Scope.Kind.PROGRAMME, "programme", lambda: ProgrammeFactory(name="Binnenstad")),
    ],
)
def test_each_kind_takes_its_own_target_and_drops_the_others(pmo, department, kind, field, factory):
    target = factory()
    scope = scope_create(actor=pmo, kind=kind, org_unit=department, **{field: target})
    assert scope.name == target.name
    assert getattr(scope, field) == target and scope.org_unit is None


def test_the_organisation_scope_exists_after_install_and_has_no_twin(pmo):
    organisation = Scope.objects.get(kind=Scope.Kind.ORGANISATION)
    assert organisation.name == "Hele organisatie" and organisation.periodic_task_id
    with pytest.raises(ValidationError) as refused:
        scope_create(actor=pmo, kind=Scope.Kind.ORGANISATION)
    assert refused.value.message_dict == {
        "kind": ["Er is al een dashboard voor de hele organisatie."]
    }


def test_a_second_dashboard_for_one_target_is_refused_at_its_field(pmo, unit_scope, department):
    with pytest.raises(ValidationError) as refused:
        scope_create(actor=pmo, kind=Scope.Kind.ORG_UNIT, org_unit=department)
    assert refused.value.message_dict == {"org_unit": ["Er is al een dashboard voor Wegen."]}
    assert Scope.objects.filter(kind=Scope.Kind.ORG_UNIT).count() == 1


def test_a_kind_without_its_target_or_a_day_past_28_is_refused(pmo, department):
    with pytest.raises(ValidationError) as refused:
        scope_create(actor=pmo, kind=Scope.Kind.PROGRAMME, org_unit=department)
    assert list(refused.value.message_dict) == ["programme"]
    with pytest.raises(ValidationError) as refused:
        scope_create(actor=pmo, kind=Scope.Kind.ORG_UNIT, org_unit=department, build_day=29)
    assert list(refused.value.message_dict) == ["build_day"]
    assert not Scope.objects.filter(kind=Scope.Kind.ORG_UNIT).exists()
    assert not PeriodicTask.objects.filter(name__startswith="Dashboard bouwen: Wegen").exists()


def test_two_targets_with_one_name_get_two_beat_entries(pmo, department):
    first = scope_create(actor=pmo, kind=Scope.Kind.ORG_UNIT, org_unit=department)
    other = scope_create(
        actor=pmo, kind=Scope.Kind.PORTFOLIO, portfolio=PortfolioFactory(code="W", name="Wegen")
    )
    assert entry(first).name == "Dashboard bouwen: Wegen"
    assert entry(other).name == f"Dashboard bouwen: Wegen (#{other.pk})"


def test_only_who_schedules_dashboards_changes_them(department, board_member, owner):
    for user in (board_member, owner):
        with pytest.raises(PermissionDenied):
            scope_create(actor=Actor.screen(user), kind=Scope.Kind.ORG_UNIT, org_unit=department)


def test_a_new_schedule_moves_the_same_beat_entry_and_keeps_it_paused(pmo, unit_scope):
    task = entry(unit_scope)
    task.enabled = False
    task.save()
    updated = scope_update(
        actor=pmo, scope=unit_scope, version=1, build_day=28, build_time=dt.time(23, 59, 30)
    )
    assert (updated.version, updated.build_day, updated.build_time) == (2, 28, dt.time(23, 59))
    moved = entry(updated)
    assert moved.pk == task.pk and not moved.enabled
    assert (moved.crontab.minute, moved.crontab.hour, moved.crontab.day_of_month) == (
        "59", "23", "28",
    )  # fmt: skip
    line = audit_entries_for(updated).get(action=AuditEntry.Action.UPDATE)
    assert line.changes["build_day"] == ["3", "28"]


def test_a_renamed_target_renames_the_scope_and_its_entry_on_the_next_save(pmo, unit_scope):
    unit_scope.org_unit.name = "Wegen en water"
    unit_scope.org_unit.save()
    updated = scope_update(
        actor=pmo, scope=unit_scope, version=1, build_day=3, build_time=dt.time(7, 15)
    )
    assert updated.name == "Wegen en water"
    assert entry(updated).name == "Dashboard bouwen: Wegen en water"


def test_saving_restores_an_entry_removed_in_the_admin(pmo, unit_scope):
    entry(unit_scope).delete()
    unit_scope.refresh_from_db()
    assert unit_scope.periodic_task_id is None
    same = scope_update(
        actor=pmo, scope=unit_scope, version=1, build_day=3, build_time=dt.time(7, 15)
    )
    assert same.version == 1  # nothing of the scope changed
    assert entry(Scope.objects.get(pk=same.pk)).crontab.day_of_month == "3"


def test_a_stale_schedule_is_refused_naming_who_changed_what(pmo, unit_scope, administrator):
    scope_update(
        actor=Actor.screen(administrator), scope=unit_scope, version=1, build_day=5,
        build_time=dt.time(7, 15),
    )  # fmt: skip
    with pytest.raises(StaleError) as stale:
        scope_update(actor=pmo, scope=unit_scope, version=1, build_day=9, build_time=dt.time(8))
    assert str(administrator) in str(stale.value) and "bouwdag" in str(stale.value)
    unit_scope.refresh_from_db()
    assert unit_scope.build_day == 5
    assert entry(unit_scope).crontab.day_of_month == "5"


def test_removing_a_scope_removes_its_beat_entry(pmo, unit_scope):
    task_id = unit_scope.periodic_task_id
    scope_delete(actor=pmo, scope=unit_scope, version=1)
    assert not Scope.objects.filter(pk=unit_scope.pk).exists()
    assert not PeriodicTask.objects.filter(pk=task_id).exists()
    assert AuditEntry.objects.filter(action="delete", object_repr="Wegen").exists()


def test_the_organisation_scope_and_one_being_built_stay(pmo, unit_scope):
    organisation = Scope.objects.get(kind=Scope.Kind.ORGANISATION)
    with pytest.raises(ValidationError):
        scope_delete(actor=pmo, scope=organisation, version=organisation.version)
    SnapshotBuild.objects.create(scope=unit_scope, period=NOV)
    with pytest.raises(ValidationError):
        scope_delete(actor=pmo, scope=unit_scope, version=1)
    assert Scope.objects.filter(pk__in=[organisation.pk, unit_scope.pk]).count() == 2


# -------------------------------------------------------------------------------- pages


def test_only_who_schedules_dashboards_sees_the_beheer_pages(client, request, unit_scope):
    """The board reads dashboards but not their schedule: 404, like everyone else."""
    for url in (
        reverse("reporting:scope_list"),
        reverse("reporting:scope_create"),
        reverse("reporting:scope_edit", args=[unit_scope.pk]),
    ):
        assert answers(client, request, url) == expect(404, analyst=200, administrator=200), url
    posted = {"version": "1", "build_day": "4", "build_time": "06:30"}
    edit = reverse("reporting:scope_edit", args=[unit_scope.pk])
    # The analyst saves first; the beheerder's same form, still at version 1, is stale.
    assert answers(client, request, edit, method="post", data=posted) == expect(
        404, analyst=302, administrator=409
    )
    unit_scope.refresh_from_db()
    assert (unit_scope.version, unit_scope.build_day) == (2, 4)


def test_the_list_shows_kind_schedule_and_the_last_build_with_its_error(
    client, analyst, unit_scope
):
    SnapshotBuild.objects.create(scope=unit_scope, period=dt.date(2026, 10, 1), status="done")
    SnapshotBuild.objects.create(
        scope=unit_scope, period=NOV, status="failed", error="ZeroDivisionError: kapot"
    )
    task = entry(unit_scope)
    task.enabled = False
    task.save()
    client.force_login(analyst)
    page = client.get(reverse("reporting:scope_list")).content.decode()
    assert "Wegen" in page and "Organisatieonderdeel" in page and "Hele organisatie" in page
    assert "Dag 3 van de maand om 07:15" in page and "gepauzeerd in het beheer" in page
    assert "november 2026" in page and "mislukt" in page and "ZeroDivisionError: kapot" in page
    assert "oktober 2026" not in page  # only the last build
    csv = client.get(reverse("reporting:scope_list"), {"export": "csv"}).content.decode()
    assert "Wegen" in csv and "ZeroDivisionError: kapot" in csv and "07:15" in csv


def test_a_new_dashboard_is_made_from_the_form(client, analyst):
    programme = ProgrammeFactory(name="Binnenstad")
    client.force_login(analyst)
    response = client.post(
        reverse("reporting:scope_create"),
        {"kind": "programma", "programme": programme.pk, "build_day": "2", "build_time": "05:30"},
    )
    assert response.status_code == 302
    scope = Scope.objects.get(kind=Scope.Kind.PROGRAMME)
    assert (scope.name, scope.build_day, scope.build_time) == ("Binnenstad", 2, dt.time(5, 30))
    assert entry(scope).crontab.hour == "5"


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        ({"kind": "onderdeel"}, "org_unit", "Kies het organisatieonderdeel van dit dashboard."),
        ({"kind": "organisatie"}, "kind", "Er is al een dashboard voor de hele organisatie."),
        ({"kind": "organisatie", "build_day": "29"}, "build_day", "hoogstens 28"),
        ({"kind": "organisatie", "build_time": "25:00"}, "build_time", "Voer een geldige tijd"),
    ],
)
def test_bad_input_is_422_with_the_error_at_its_field(client, analyst, posted, field, message):
    client.force_login(analyst)
    data = {"build_day": "1", "build_time": "06:00", **posted}
    response = client.post(reverse("reporting:scope_create"), data)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert list(errors) == [field] and message in errors[field][0]
    assert Scope.objects.count() == 1  # the organisation's only


def test_a_stale_schedule_form_is_409_naming_who_changed_it(
    client, analyst, administrator, unit_scope
):
    scope_update(
        actor=Actor.screen(administrator), scope=unit_scope, version=1, build_day=5,
        build_time=dt.time(7, 15),
    )  # fmt: skip
    client.force_login(analyst)
    edit = reverse("reporting:scope_edit", args=[unit_scope.pk])
    response = client.post(edit, {"version": "1", "build_day": "9", "build_time": "08:00"})
    assert response.status_code == 409
    page = response.content.decode()
    assert str(administrator) in page and "bouwdag" in page
    assert 'value="9"' in page and 'name="version" value="2"' in page  # input kept
    unit_scope.refresh_from_db()
    assert unit_scope.build_day == 5


def test_a_dashboard_is_removed_from_its_edit_page(client, analyst, unit_scope):
    client.force_login(analyst)
    edit = reverse("reporting:scope_edit", args=[unit_scope.pk])
    organisation = Scope.objects.get(kind=Scope.Kind.ORGANISATION)
    assert "Verwijderen" in client.get(edit).content.decode()
    assert (
        "Verwijderen"
        not in client.get(reverse("reporting:scope_edit", args=[organisation.pk])).content.decode()
    )
    response = client.post(edit, {"actie": "verwijderen", "verwijderen-version": "1"})
    assert response.status_code == 302
    assert not Scope.objects.filter(pk=unit_scope.pk).exists()


def test_the_list_reads_a_fixed_number_of_queries(client, analyst, pmo):
    client.force_login(analyst)
    counts = []
    for size in (2, 12):
        for _ in range(size):
            scope = scope_create(actor=pmo, kind=Scope.Kind.ORG_UNIT, org_unit=OrgUnitFactory())
            SnapshotBuild.objects.create(scope=scope, period=NOV, status="failed", error="x")
        counts.append(query_counts.count(client, reverse("reporting:scope_list")))
    assert counts[0] == counts[1]
