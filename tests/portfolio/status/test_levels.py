"""Pages above the project: org units and programmes roll up, the PMO's overdue list."""

import datetime as dt

import pytest
from django.urls import reverse

from portfolio.projects.models import LifecycleStatus
from portfolio.status.selectors import due_period
from tests.support.factories import (
    ProgrammeFactory,
    ProjectBudgetFactory,
    ProjectFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db


def test_level_pages_roll_up_visible_projects(
    client, project, owner, outsider, board_member, department
):
    programme = ProgrammeFactory()
    project.programme = programme
    project.save()
    StatusReportFactory(project=project, rag_time="rood", rag_overall="oranje")
    ProjectFactory(org_unit=department, programme=programme)
    domain_url = reverse("status:org_unit_detail", args=[department.parent.code])
    client.force_login(board_member)
    text = client.get(domain_url).text
    assert "pmo-rag--rood" in text and "2 projecten" in text
    assert client.get(reverse("status:programme_detail", args=[programme.code])).status_code == 200
    client.force_login(owner)
    assert client.get(domain_url).status_code == 200
    client.force_login(outsider)
    assert client.get(domain_url).status_code == 404


def test_overdue_list_names_projects_without_last_periods_report(client, analyst, project):
    project.status = LifecycleStatus.ACTIVE
    project.planned_start = dt.date(2025, 1, 1)
    project.save()
    reported = ProjectFactory(status=LifecycleStatus.ACTIVE, planned_start=dt.date(2025, 1, 1))

    StatusReportFactory(project=reported, period=due_period(dt.date.today()))
    client.force_login(analyst)
    text = client.get(reverse("status:overdue_reports")).text
    assert project.code in text and reported.code not in text


def test_budget_weighted_rule_on_the_level_page(client, settings, board_member, department):
    settings.PMO_ROLLUP_RULE = "budget"
    big = ProjectFactory(org_unit=department)
    small = ProjectFactory(org_unit=department)

    ProjectBudgetFactory(project=big, amount=900_000)
    ProjectBudgetFactory(project=small, amount=100_000)
    StatusReportFactory(project=big, rag_overall="groen")
    StatusReportFactory(project=small, rag_overall="rood")
    client.force_login(board_member)
    response = client.get(reverse("status:org_unit_detail", args=[department.code]))
    total = response.context["total"]
    # (0 × 900,000 + 2 × 100,000) / 1,000,000 = 0.2 → green; worst-of would say red.
    assert total.dimensions["overall"].colour == "groen"
    assert total.dimensions["overall"].counts["rood"] == 1
    assert "budgetgewogen" in response.text
