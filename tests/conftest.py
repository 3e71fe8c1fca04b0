"""Shared fixtures: the permission trio (owner, colleague, outsider) and each role.

tests/support/roles.py runs a page past all of them.
"""

import datetime as dt

import pytest
import time_machine

from pmo.roles import Role
from tests.support.factories import OrgUnitFactory, ProjectFactory, UserFactory, user_with_role


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory):
    """On SQLite the suite uses a file, as the embedded default does. Django's in-memory
    test database shares one cache between threads, which answers a second writer "table
    is locked" at once instead of waiting its turn, so parallel saves could not be tested."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("database") / "test.sqlite3"
        )


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Tasks run eagerly in tests even when CI points CELERY_BROKER_URL at Redis;
    the worker round trip test switches this off for itself."""
    from pmo.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


# The suite's dates (factory periods, due dates, meetings) are written for this day; the
# clock starts there and runs on, so a test passes the same on any calendar day.
SUITE_TODAY = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: kept sums (capacity's demand totals) and
    progress must come from the test's own data, as ids repeat after a rollback."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _suite_clock():
    with time_machine.travel(SUITE_TODAY, tick=True):
        yield


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2 costs 0.4 s per user made here; the suite makes thousands. Logging in
    # works the same with any hasher, and no test is about the hash's strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_api_throttle(settings):
    # The suite's clock starts at the same moment in every test: counted requests would
    # pile up across tests. tests/api/test_throttling.py switches it on for itself.
    settings.API_THROTTLE_RATES = {"token": None, "address": None}


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
    """A member of the portfolioraad: reads everything, decides, changes no project."""
    return user_with_role(Role.PORTFOLIORAAD)


@pytest.fixture
def analyst(db):
    """A PMO-analist: reads and changes every project, the afwegingskader and the agenda."""
    return user_with_role(Role.PMO_ANALIST)


@pytest.fixture
def administrator(db):
    """A beheerder: reads everything, changes no project (users and roles in the admin)."""
    return user_with_role(Role.BEHEERDER)


@pytest.fixture
def no_role_user(db):
    """Signed in without any role: sees no project and no board page."""
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


def pytest_addoption(parser):
    parser.addoption(
        "--rewrite-query-baselines",
        action="store_true",
        help="write the measured query counts to tests/support/query_counts.json",
    )
