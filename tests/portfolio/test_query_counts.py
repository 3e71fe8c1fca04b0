"""Pages issue the same number of queries whatever the portfolio size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portfolio.models import Phase

from ..factories import (
    GateDecisionFactory,
    MilestoneFactory,
    ProgrammeFactory,
    ProjectBudgetFactory,
    ProjectFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db

# Pinned baselines; change them deliberately, with the reason beside the number.
EXPECTED = {
    # session, user, groups, count, org units, programmes, one page of rows,
    # + the status roll-up per domain: current colours and the domains
    "overview": 9,
    "overview-filtered": 11,  # + the chosen org unit and programme
    "overview-htmx": 5,  # the fragment renders no filter form
    "detail": 5,  # session, user, groups, project, may-edit
    "detail-milestones": 6,
    "detail-finance": 6,
    "detail-history": 6,
    "detail-reports": 6,
    "detail-decisions": 10,  # gates, board items, documents, next phase's requirement
    "org-unit": 7,  # session, user, groups, unit, colours, children, project rows
    "programme": 6,  # session, user, groups, programme, colours, project rows
}


def grow_portfolio(size, department):
    programme = ProgrammeFactory()
    projects = ProjectFactory.create_batch(size, org_unit=department, programme=programme)
    for project in projects[:: max(size // 10, 1)]:
        ProjectBudgetFactory(project=project)
        MilestoneFactory(project=project)
        StatusReportFactory(project=project, rag_time="oranje")
        GateDecisionFactory(project=project)
    return projects[0]


def count(client, url, **headers):
    client.get(url, headers=headers)  # warm per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return len(queries)


def measure(client, project):
    overview = reverse("portfolio:project_list")
    detail = project.get_absolute_url()
    return {
        "overview": count(client, overview),
        "overview-filtered": count(
            client,
            f"{overview}?phase={Phase.REALISATION}&q=Project&sort=-budget"
            f"&org_unit={project.org_unit_id}&programme={project.programme_id}",
        ),
        "overview-htmx": count(client, overview, **{"HX-Request": "true"}),
        "detail": count(client, detail),
        "detail-milestones": count(client, f"{detail}?tab=mijlpalen"),
        "detail-finance": count(client, f"{detail}?tab=financien"),
        "detail-history": count(client, f"{detail}?tab=historie"),
        "detail-reports": count(client, f"{detail}?tab=rapportages"),
        "detail-decisions": count(client, f"{detail}?tab=besluiten"),
        "org-unit": count(client, reverse("board:org_unit_detail", args=[project.org_unit.code])),
        "programme": count(
            client, reverse("board:programme_detail", args=[project.programme.code])
        ),
    }


@pytest.mark.parametrize("role", ["analyst", "owner"])
def test_query_count_is_the_same_for_10_and_500_projects(client, request, department, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    first = grow_portfolio(10, department)
    first.manager = user
    first.save()
    small = measure(client, first)
    grow_portfolio(490, department)
    large = measure(client, first)
    assert small == large
    assert large == EXPECTED
