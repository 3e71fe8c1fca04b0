"""Recording and changing stakeholders: the strategy derived from power and interest
unless another is chosen, classes off the scale refused with field errors and nothing
saved, who may (as for risks), stale writes refused, communication actions audited."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pmo.actors import Actor
from pmo.audit import audit_entries_for
from pmo.versioning import StaleError
from risks import services
from risks.models import Stakeholder, StakeholderAction
from risks.rules import grid
from tests.support.factories import ProgrammeFactory, StakeholderFactory

pytestmark = pytest.mark.django_db
FIELDS = {
    "name": "Ondernemersvereniging Centrum",
    "organisation": "OVC",
    "role": "Winkeliers aan de Ringweg",
    "power": 4,
    "interest": 5,
}


def screen(user):
    return Actor.screen(user)


def test_the_grids_quadrants_are_the_models_strategies():
    assert set(grid.QUADRANTS) == set(Stakeholder.Strategy.values)


def test_recording_a_stakeholder_derives_the_strategy_and_is_audited(owner, project):
    stakeholder = services.stakeholder_create(actor=screen(owner), project=project, **FIELDS)
    assert stakeholder.strategy == Stakeholder.Strategy.MANAGE
    assert (stakeholder.level, stakeholder.home_level, stakeholder.portfolio) == (
        "project",
        "project",
        project.portfolio,
    )
    entry = audit_entries_for(stakeholder).get()
    assert entry.source == "ui" and entry.changes["power"] == ["", "4"]


def test_a_chosen_strategy_is_kept(owner, project):
    stakeholder = services.stakeholder_create(
        actor=screen(owner), project=project, **FIELDS, strategy=Stakeholder.Strategy.MONITOR
    )
    assert stakeholder.strategy == "monitoren"
    moved = services.stakeholder_update(
        actor=screen(owner), stakeholder=stakeholder, expected_version=1, power=1
    )
    assert moved.strategy == "monitoren"  # a choice of its own stays; the grid: informeren


def test_a_strategy_that_followed_the_grid_follows_it_when_power_changes(owner, project):
    stakeholder = services.stakeholder_create(actor=screen(owner), project=project, **FIELDS)
    moved = services.stakeholder_update(
        actor=screen(owner), stakeholder=stakeholder, expected_version=1, power=2
    )
    assert (moved.strategy, moved.version) == ("informeren", 2)
    assert audit_entries_for(moved).latest("at").changes["strategy"][1].startswith("informeren")


def test_an_emptied_strategy_is_derived_again(owner, project):
    stakeholder = services.stakeholder_create(
        actor=screen(owner), project=project, **FIELDS, strategy=Stakeholder.Strategy.MONITOR
    )
    reset = services.stakeholder_update(
        actor=screen(owner), stakeholder=stakeholder, expected_version=1, strategy=""
    )
    assert reset.strategy == "nauw-betrekken"


@pytest.mark.parametrize(
    ("change", "field"),
    [({"power": 6}, "power"), ({"interest": 0}, "interest"), ({"name": ""}, "name")],
)
def test_bad_input_is_a_field_error_and_nothing_is_saved(owner, project, change, field):
    with pytest.raises(ValidationError) as refused:
        services.stakeholder_create(actor=screen(owner), project=project, **{**FIELDS, **change})
    assert field in refused.value.message_dict
    assert "strategy" not in refused.value.message_dict  # it only followed the bad class
    assert not Stakeholder.objects.exists()


def test_a_bad_change_saves_nothing(owner, project):
    stakeholder = services.stakeholder_create(actor=screen(owner), project=project, **FIELDS)
    with pytest.raises(ValidationError) as refused:
        services.stakeholder_update(
            actor=screen(owner), stakeholder=stakeholder, expected_version=1, interest=9
        )
    assert "interest" in refused.value.message_dict
    stakeholder.refresh_from_db()
    assert (stakeholder.interest, stakeholder.version) == (5, 1)


def test_who_may_record_one_is_who_may_raise_a_risk(owner, colleague, analyst, project):
    with pytest.raises(PermissionDenied):
        services.stakeholder_create(actor=screen(colleague), project=project, **FIELDS)
    programme = ProgrammeFactory(portfolio=project.portfolio, manager=owner)
    of_programme = services.stakeholder_create(actor=screen(owner), programme=programme, **FIELDS)
    assert (of_programme.level, of_programme.project) == ("programma", None)
    with pytest.raises(PermissionDenied):
        services.stakeholder_create(actor=screen(colleague), programme=programme, **FIELDS)
    assert services.stakeholder_create(actor=screen(analyst), project=project, **FIELDS).pk
    with pytest.raises(ValidationError) as nowhere:
        services.stakeholder_create(actor=screen(analyst), **FIELDS)
    assert "project" in nowhere.value.message_dict


def test_a_colleague_may_not_change_it(colleague, project):
    stakeholder = StakeholderFactory(project=project)
    with pytest.raises(PermissionDenied):
        services.stakeholder_update(
            actor=screen(colleague), stakeholder=stakeholder, expected_version=1, power=5
        )


def test_a_stale_change_is_refused(owner, analyst, project):
    stakeholder = services.stakeholder_create(actor=screen(owner), project=project, **FIELDS)
    services.stakeholder_update(
        actor=screen(analyst), stakeholder=stakeholder, expected_version=1, notes="Gebeld"
    )
    with pytest.raises(StaleError) as refused:
        services.stakeholder_update(
            actor=screen(owner), stakeholder=stakeholder, expected_version=1, power=1
        )
    assert "toelichting" in refused.value.message()
    stakeholder.refresh_from_db()
    assert (stakeholder.power, stakeholder.notes) == (4, "Gebeld")


def test_an_unchanged_save_writes_nothing(owner, project):
    stakeholder = services.stakeholder_create(actor=screen(owner), project=project, **FIELDS)
    same = services.stakeholder_update(
        actor=screen(owner), stakeholder=stakeholder, expected_version=1, power=4, strategy=""
    )
    assert same.version == 1 and audit_entries_for(stakeholder).count() == 1


def test_an_action_is_added_and_marked_done_with_its_version(owner, colleague, project):
    stakeholder = StakeholderFactory(project=project)
    action = services.stakeholder_action_add(
        actor=screen(owner),
        stakeholder=stakeholder,
        description="Informatieavond voor de bewoners",
        channel="bijeenkomst",
        due_on=dt.date(2027, 1, 15),
    )
    assert audit_entries_for(action).get().action == "create"
    with pytest.raises(PermissionDenied):
        services.stakeholder_action_add(
            actor=screen(colleague),
            stakeholder=stakeholder,
            description="Brief",
            due_on=dt.date(2027, 1, 15),
        )
    done = services.stakeholder_action_update(
        actor=screen(owner), action=action, expected_version=1, done_on=dt.date(2026, 12, 1)
    )
    assert (done.done_on, done.version) == (dt.date(2026, 12, 1), 2)
    with pytest.raises(StaleError):
        services.stakeholder_action_update(
            actor=screen(owner), action=action, expected_version=1, done_on=None
        )


def test_an_action_without_a_due_date_is_a_field_error(owner, project):
    stakeholder = StakeholderFactory(project=project)
    with pytest.raises(ValidationError) as refused:
        services.stakeholder_action_add(
            actor=screen(owner), stakeholder=stakeholder, description="Brief", due_on=None
        )
    assert "due_on" in refused.value.message_dict
    assert not StakeholderAction.objects.exists()
