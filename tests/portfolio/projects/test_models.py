import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from portfolio.projects.models import OrgUnit
from tests.support.factories import (
    MilestoneFactory,
    OrgUnitFactory,
    ProjectBudgetFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def test_org_unit_path_follows_the_tree():
    domain = OrgUnitFactory(kind="domein")
    department = OrgUnitFactory(parent=domain)
    assert domain.path == f"/{domain.pk}/"
    assert department.path == f"/{domain.pk}/{department.pk}/"
    assert department.depth == 1
    assert list(OrgUnit.objects.subtree_of(domain)) == [domain, department]


def test_moving_an_org_unit_moves_its_subtree():
    old_root, new_root = OrgUnitFactory(), OrgUnitFactory()
    middle = OrgUnitFactory(parent=old_root)
    leaf = OrgUnitFactory(parent=middle)
    middle.parent = new_root
    middle.save()
    leaf.refresh_from_db()
    assert leaf.path == f"/{new_root.pk}/{middle.pk}/{leaf.pk}/"
    assert list(OrgUnit.objects.subtree_of(old_root)) == [old_root]


def test_org_unit_cannot_fall_under_its_own_descendant():
    root = OrgUnitFactory()
    child = OrgUnitFactory(parent=root)
    root.parent = child
    with pytest.raises(ValidationError) as error:
        root.full_clean()
    assert "parent" in error.value.message_dict


def test_project_end_before_start_is_a_field_error():
    project = ProjectFactory.build(
        org_unit=OrgUnitFactory(),
        planned_start=dt.date(2026, 5, 1),
        planned_end=dt.date(2026, 4, 1),
    )
    project.portfolio.save()
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert error.value.message_dict["planned_end"] == [
        "Het geplande einde ligt vóór de geplande start."
    ]


def test_database_refuses_end_before_start_too():
    project = ProjectFactory()
    project.planned_end = project.planned_start - dt.timedelta(days=1)
    with pytest.raises(IntegrityError):
        project.save()


def test_project_code_must_follow_the_pattern():
    project = ProjectFactory.build(code="kleine letters", org_unit=OrgUnitFactory())
    project.portfolio.save()
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "code" in error.value.message_dict


def test_one_budget_per_project_per_year():
    budget = ProjectBudgetFactory(year=2026)
    with pytest.raises(IntegrityError):
        ProjectBudgetFactory(project=budget.project, year=2026)


@pytest.mark.parametrize(
    ("forecast", "actual", "slip"),
    [
        (None, None, None),
        (dt.date(2026, 6, 11), None, 10),
        (dt.date(2026, 6, 11), dt.date(2026, 5, 30), -2),
    ],
)
def test_milestone_slip_uses_actual_before_forecast(forecast, actual, slip):
    milestone = MilestoneFactory.build(
        baseline_date=dt.date(2026, 6, 1), forecast_date=forecast, actual_date=actual
    )
    assert milestone.slip_days == slip
