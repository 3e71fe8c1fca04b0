"""Pages issue the same number of queries whatever the portfolio size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portfolio.models import Phase

from ..factories import MilestoneFactory, ProgrammeFactory, ProjectBudgetFactory, ProjectFactory

pytestmark = pytest.mark.django_db

# Pinned baselines; change them deliberately, with the reason beside the number.
EXPECTED = {
    "overview": 7,  # session, user, groups, count, org units, programmes, one page of rows
    "overview-filtered": 9,  # + the chosen org unit and programme
    "overview-htmx": 5,  # the fragment renders no filter form
    "detail": 5,  # session, user, groups, project, may-edit
    "detail-milestones": 6,
    "detail-finance": 6,
    "detail-history": 6,
}


def grow_portfolio(size, department):
    programme = ProgrammeFactory()
    projects = ProjectFactory.create_batch(size, org_unit=department, programme=programme)
    for project in projects[:: max(size // 10, 1)]:
        ProjectBudgetFactory(project=project)
        MilestoneFactory(project=project)
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
