"""The permission layer itself: who sees and who changes which project."""

import pytest

from portfolio.projects.models import Project
from tests.support.factories import OrgUnitFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def visible(user):
    return set(Project.objects.visible_to(user))


def editable(user):
    return set(Project.objects.editable_by(user))


def test_owner_sees_and_changes_own_project(project, owner):
    assert project in visible(owner)
    assert project in editable(owner)


def test_colleague_in_same_department_sees_but_cannot_change(project, colleague):
    assert project in visible(colleague)
    assert project not in editable(colleague)


def test_outsider_neither_sees_nor_changes(project, outsider):
    assert project not in visible(outsider)
    assert project not in editable(outsider)


def test_projectleider_sees_projects_below_own_unit(owner, department):
    below = OrgUnitFactory(parent=department)
    deeper = ProjectFactory(org_unit=below)
    assert deeper in visible(owner)


def test_projectleider_sees_a_project_elsewhere_that_they_lead(outsider, project):
    project.manager = outsider
    project.save()
    assert project in visible(outsider)
    assert project in editable(outsider)


@pytest.mark.parametrize(
    ("role_fixture", "sees_all", "changes_all"),
    [
        ("board_member", True, False),
        ("analyst", True, True),
        ("administrator", True, False),
        ("no_role_user", False, False),
    ],
)
def test_roles(request, project, role_fixture, sees_all, changes_all):
    user = request.getfixturevalue(role_fixture)
    other = ProjectFactory()
    assert (visible(user) == {project, other}) is sees_all
    assert (editable(user) == {project, other}) is changes_all
    if not sees_all:
        assert visible(user) == set()


def test_inactive_user_loses_everything(analyst, project):
    analyst.is_active = False
    analyst.save()
    analyst.refresh_from_db()
    assert visible(analyst) == set()
