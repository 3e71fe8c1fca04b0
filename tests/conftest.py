"""Shared fixtures: the permission trio (owner, colleague, outsider) and each role."""

import pytest

from pmo.roles import Role

from .factories import OrgUnitFactory, ProjectFactory, UserFactory, user_with_role


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Tasks run eagerly in tests even when CI points CELERY_BROKER_URL at Redis;
    the worker round trip test switches this off for itself."""
    from pmo.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture(autouse=True)
def _dutch(settings):
    # Tests read the Dutch texts users see first.
    settings.LANGUAGE_CODE = "nl"


@pytest.fixture
def department(db):
    domain = OrgUnitFactory(kind="domein", name="Stadsbeheer")
    return OrgUnitFactory(parent=domain, name="Wegen")


@pytest.fixture
def other_department(db):
    domain = OrgUnitFactory(kind="domein", name="Sociaal Domein")
    return OrgUnitFactory(parent=domain, name="Jeugd")


@pytest.fixture
def owner(department):
    """The projectleider who leads the project."""
    return user_with_role(Role.PROJECTLEIDER, org_unit=department)


@pytest.fixture
def colleague(department):
    """A projectleider in the same department: sees the project, may not change it."""
    return user_with_role(Role.PROJECTLEIDER, org_unit=department)


@pytest.fixture
def outsider(other_department):
    """A projectleider elsewhere in the organisation: does not see the project."""
    return user_with_role(Role.PROJECTLEIDER, org_unit=other_department)


@pytest.fixture
def board_member(db):
    return user_with_role(Role.PORTFOLIORAAD)


@pytest.fixture
def analyst(db):
    return user_with_role(Role.PMO_ANALIST)


@pytest.fixture
def administrator(db):
    return user_with_role(Role.BEHEERDER)


@pytest.fixture
def no_role_user(db):
    return UserFactory()


@pytest.fixture
def project(owner, department):
    return ProjectFactory(manager=owner, org_unit=department, name="Reconstructie Ringweg")


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    broker = settings.CELERY_BROKER_URL or "none (tasks run in-process)"
    return [
        f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''}",
        f"celery broker: {broker}",
    ]
