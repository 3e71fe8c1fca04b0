import pytest
from django.core.exceptions import ValidationError

from pmo.actors import Actor
from pmo.audit import audit_entries_for
from pmo.versioning import StaleError
from portfolio.projects import services
from portfolio.projects.models import LifecycleStatus, Phase, Project
from tests.support.factories import OrgUnitFactory, PortfolioFactory

pytestmark = pytest.mark.django_db


def test_project_create_records_who_created_it(analyst):
    project = services.project_create(
        actor=Actor.screen(analyst),
        code="NEW-001",
        name="Nieuw zwembad",
        portfolio=PortfolioFactory(),
        org_unit=OrgUnitFactory(),
    )
    entry = audit_entries_for(project).get()
    assert (entry.actor, entry.action, entry.version) == (analyst, "create", 1)
    assert entry.changes["name"] == ["", "Nieuw zwembad"]


def test_project_create_validates_before_saving(analyst):
    with pytest.raises(ValidationError):
        services.project_create(
            actor=Actor.screen(analyst),
            code="x",
            name="",
            portfolio=PortfolioFactory(),
            org_unit=OrgUnitFactory(),
        )
    assert not Project.objects.exists()


def test_project_update_bumps_version_and_records_the_difference(project, owner):
    updated = services.project_update(
        actor=Actor.screen(owner),
        project=project,
        expected_version=1,
        name="Ringweg Zuid",
        status=LifecycleStatus.ON_HOLD,
    )
    assert updated.version == 2
    assert updated.name == "Ringweg Zuid"
    entry = audit_entries_for(project).filter(action="update").get()
    assert entry.changes == {
        "name": ["Reconstructie Ringweg", "Ringweg Zuid"],
        "status": ["Lopend", "Gepauzeerd"],
    }
    assert entry.version == 2


def test_update_without_changes_keeps_the_version(project, owner):
    unchanged = services.project_update(
        actor=Actor.screen(owner), project=project, expected_version=1, name=project.name
    )
    assert unchanged.version == 1
    assert not audit_entries_for(project).exists()


def test_stale_update_is_refused_and_names_what_changed(project, owner, analyst):
    services.project_update(
        actor=Actor.screen(analyst), project=project, expected_version=1, name="Versie PMO"
    )
    with pytest.raises(StaleError) as stale:
        services.project_update(
            actor=Actor.screen(owner),
            project=project,
            expected_version=1,
            name="Versie projectleider",
        )
    project.refresh_from_db()
    assert project.name == "Versie PMO"
    assert project.version == 2
    assert stale.value.current_version == 2
    message = stale.value.message()
    assert str(analyst) in message
    assert "naam" in message


def test_update_refuses_fields_outside_the_editable_set(project, owner):
    with pytest.raises(ValueError):
        services.project_update(
            actor=Actor.screen(owner), project=project, expected_version=1, version=9
        )


def test_phase_change_without_gate_decision_is_refused(project, owner):
    with pytest.raises(ValidationError) as error:
        services.project_update(
            actor=Actor.screen(owner), project=project, expected_version=1, phase=Phase.AFTERCARE
        )
    assert "besluit van de portfolioraad" in error.value.message_dict["phase"][0]
    project.refresh_from_db()
    assert (project.phase, project.version) == (Phase.REALISATION, 1)
