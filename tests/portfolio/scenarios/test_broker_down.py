"""With the broker unreachable, every scenario write stands, says its solve waits, and
the recovery job sends the solve once the queue is back (issue 10, item 7)."""

import time
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from pmo.queue import recover
from portfolio.projects.models import Project
from portfolio.scenarios.forms import budget_years
from portfolio.scenarios.models import Scenario, ScenarioRule
from tests.support.broker import UNREACHABLE_URL, broker
from tests.support.factories import ProjectBudgetFactory, ProjectFactory, scored_framework

pytestmark = pytest.mark.django_db
WAITS = "De berekening wacht op de takenwachtrij"


@pytest.fixture
def framework():
    projects = ProjectFactory.create_batch(3)
    first = budget_years()[0]
    for index, project in enumerate(projects):
        ProjectBudgetFactory(project=project, year=first, amount=Decimal(100000 * (index + 1)))
    return scored_framework(projects, values=[(3, 1), (2, 2), (1, 3)])


def timed_post(client, capture, url, data):
    started = time.monotonic()
    with capture(execute=True):
        response = client.post(url, data)
    return response, time.monotonic() - started


def test_every_scenario_write_stands_while_the_broker_is_down(
    client, analyst, framework, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    client.force_login(analyst)
    create_url = reverse("scenarios:scenario_list", args=[framework.pk])
    form = {
        "name": "Basis",
        f"budget_{budget_years()[0]}": "250000",
        "creation_token": str(uuid.uuid4()),
    }
    with broker(UNREACHABLE_URL):
        response, seconds = timed_post(client, capture, create_url, form)
        assert response.status_code == 302
        assert seconds < 5  # it was 19 s, then 500
        scenario = Scenario.objects.get()
        assert scenario.state == Scenario.State.QUEUED and not scenario.job_sent
        detail = client.get(response.url).content.decode()
        assert WAITS in detail

        # The user sends the same form again: they land on the one scenario.
        again, _seconds = timed_post(client, capture, create_url, form)
        assert again.url == response.url and Scenario.objects.count() == 1

        project = Project.objects.order_by("pk").first()
        rule, _seconds = timed_post(
            client,
            capture,
            reverse("scenarios:rule_add", args=[scenario.pk]),
            {"kind": "forced_in", "project": project.pk, "version": scenario.version},
        )
        assert rule.status_code == 302
        assert ScenarioRule.objects.filter(scenario=scenario, project=project).exists()

        solve, _seconds = timed_post(
            client, capture, reverse("scenarios:scenario_solve", args=[scenario.pk]), {}
        )
        assert solve.status_code == 302
        scenario.refresh_from_db()
        assert scenario.state == Scenario.State.QUEUED and not scenario.job_sent

    # The queue is back (in-process here): the recovery job sends what waited.
    assert recover() == {"portfolio.Scenario": 1}
    scenario.refresh_from_db()
    assert scenario.state == Scenario.State.DONE and scenario.result_is_current
    assert project.pk in scenario.result["selected"]
    assert WAITS not in client.get(response.url).content.decode()


def test_a_new_form_makes_a_new_scenario(client, analyst, framework):
    """The token is per rendered form: two forms with the same name are two scenarios."""
    client.force_login(analyst)
    url = reverse("scenarios:scenario_list", args=[framework.pk])
    year = budget_years()[0]
    for _attempt in range(2):
        token = client.get(url).context["form"]["creation_token"].value()
        client.post(url, {"name": "Basis", f"budget_{year}": "1", "creation_token": token})
    assert Scenario.objects.filter(name="Basis").count() == 2
