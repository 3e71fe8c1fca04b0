"""Writes to a team's capacity: its default and its exceptions per month, each against the
team's one version, audited on the team with the actor's channel."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pmo.actors import Actor, Channel
from pmo.audit import audit_entries_for
from pmo.versioning import StaleError
from portfolio.capacity.models import TeamMonth
from portfolio.capacity.selectors import team_capacity
from portfolio.capacity.services.teams import team_month_clear, team_month_set, team_update
from tests.support.factories import TeamFactory, TeamMonthFactory

pytestmark = pytest.mark.django_db

JUL = dt.date(2027, 7, 1)


@pytest.fixture
def team(db):
    return TeamFactory(code="ICT", name="Informatievoorziening", fte=Decimal("2.50"))


def test_the_pmo_changes_a_teams_default_and_it_is_audited(analyst, team):
    updated = team_update(
        actor=Actor.api(analyst), team=team, expected_version=1, fte=Decimal("3"), name="ICT"
    )
    assert updated.version == 2
    team.refresh_from_db()
    assert (team.fte, team.name, team.version) == (Decimal("3.00"), "ICT", 2)
    entry = audit_entries_for(team).get()
    assert entry.source == Channel.API and entry.actor == analyst
    assert entry.changes == {"fte": ["2.50", "3.00"], "name": ["Informatievoorziening", "ICT"]}


def test_an_unchanged_default_is_no_new_version(analyst, team):
    team_update(actor=Actor.screen(analyst), team=team, expected_version=1, fte=Decimal("2.5"))
    team.refresh_from_db()
    assert team.version == 1 and not audit_entries_for(team).exists()


def test_a_stale_default_is_refused_naming_who_changed_which_fields(analyst, team):
    team_update(actor=Actor.screen(analyst), team=team, expected_version=1, availability_pct=70)
    with pytest.raises(StaleError) as refused:
        team_update(actor=Actor.screen(analyst), team=team, expected_version=1, fte=Decimal("9"))
    message = refused.value.message()
    assert str(analyst) in message and "inzetbaar (%)" in message
    team.refresh_from_db()
    assert (team.fte, team.availability_pct) == (Decimal("2.50"), 70)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"fte": Decimal("-1")}, "fte"),
        ({"availability_pct": 101}, "availability_pct"),
        ({"hours_per_fte": 0}, "hours_per_fte"),
        ({"name": ""}, "name"),
    ],
)
def test_an_invalid_default_is_refused_at_its_field_with_nothing_written(
    analyst, team, fields, field
):
    with pytest.raises(ValidationError) as refused:
        team_update(actor=Actor.screen(analyst), team=team, expected_version=1, **fields)
    assert field in refused.value.message_dict
    team.refresh_from_db()
    assert team.version == 1 and team.fte == Decimal("2.50")


def test_who_may_not_change_the_team_is_refused(owner, team):
    with pytest.raises(PermissionDenied):
        team_update(actor=Actor.screen(owner), team=team, expected_version=1, fte=Decimal("1"))


def test_setting_a_months_exception_bumps_the_team_and_counts_in_its_capacity(analyst, team):
    after = team_month_set(
        actor=Actor.screen(analyst),
        team=team,
        expected_version=1,
        month=dt.date(2027, 7, 15),  # made first of month
        availability_pct=40,
        note="Zomervakantie",
    )
    assert after.version == 2
    exception = TeamMonth.objects.get()
    assert (exception.month, exception.availability_pct, exception.note) == (
        JUL,
        40,
        "Zomervakantie",
    )
    (hours,) = team_capacity([team], [dt.date(2027, 6, 1), JUL])
    assert hours == [pytest.approx(312.0), pytest.approx(156.0)]
    entry = audit_entries_for(team).get()
    assert entry.source == Channel.UI
    assert entry.changes == {
        "2027-07 inzetbaar": ["", "40"],
        "2027-07 toelichting": ["", "Zomervakantie"],
    }


def test_changing_an_exception_records_old_and_new(analyst, team):
    TeamMonthFactory(team=team, month=JUL, availability_pct=50, fte=None)
    team_month_set(
        actor=Actor.screen(analyst), team=team, expected_version=1, month=JUL,
        fte=Decimal("1.5"), availability_pct=60,
    )  # fmt: skip
    exception = TeamMonth.objects.get()
    assert (exception.fte, exception.availability_pct) == (Decimal("1.50"), 60)
    assert audit_entries_for(team).get().changes == {
        "2027-07 formatie": ["", "1.50"],
        "2027-07 inzetbaar": ["50", "60"],
    }


def test_an_exception_needs_formation_or_availability(analyst, team):
    with pytest.raises(ValidationError) as refused:
        team_month_set(actor=Actor.screen(analyst), team=team, expected_version=1, month=JUL)
    assert "fte" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        team_month_set(
            actor=Actor.screen(analyst), team=team, expected_version=1, month=JUL,
            availability_pct=120,
        )  # fmt: skip
    assert "availability_pct" in refused.value.message_dict
    team.refresh_from_db()
    assert team.version == 1 and not TeamMonth.objects.exists()


def test_a_stale_exception_is_refused_naming_the_month_changed_since(analyst, team):
    team_month_set(
        actor=Actor.screen(analyst), team=team, expected_version=1, month=JUL, availability_pct=40
    )
    with pytest.raises(StaleError) as refused:
        team_month_set(
            actor=Actor.screen(analyst), team=team, expected_version=1,
            month=dt.date(2027, 8, 1), availability_pct=30,
        )  # fmt: skip
    assert (
        "2027-07 inzetbaar" in refused.value.message() and str(analyst) in refused.value.message()
    )
    assert list(TeamMonth.objects.values_list("month", flat=True)) == [JUL]
    # The team's default and its months share one version: a stale default is refused too.
    with pytest.raises(StaleError):
        team_update(actor=Actor.screen(analyst), team=team, expected_version=1, name="Nieuw")


def test_clearing_an_exception_restores_the_default(analyst, team):
    TeamMonthFactory(team=team, month=JUL, availability_pct=50, note="Zomer")
    after = team_month_clear(actor=Actor.screen(analyst), team=team, expected_version=1, month=JUL)
    assert after.version == 2 and not TeamMonth.objects.exists()
    assert audit_entries_for(team).get().changes == {
        "2027-07 inzetbaar": ["50", ""],
        "2027-07 toelichting": ["Zomer", ""],
    }
    # Clearing a month without an exception changes nothing.
    again = team_month_clear(actor=Actor.screen(analyst), team=team, expected_version=2, month=JUL)
    assert again.version == 2


def test_clearing_is_refused_when_stale_or_not_allowed(analyst, owner, team):
    TeamMonthFactory(team=team, month=JUL)
    with pytest.raises(StaleError):
        team_month_clear(actor=Actor.screen(analyst), team=team, expected_version=7, month=JUL)
    with pytest.raises(PermissionDenied):
        team_month_clear(actor=Actor.screen(owner), team=team, expected_version=1, month=JUL)
    assert TeamMonth.objects.exists()
