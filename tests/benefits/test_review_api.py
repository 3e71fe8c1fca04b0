"""Reviews, lessons and value canvases on the API: a review completed only with what it
needs and only with its ETag, lessons created and found by domain, phase and tag (also
as CSV and since a moment), one canvas per project."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.utils import timezone

from benefits.models import Lesson, Review, ValueCanvas
from portfolio.projects.models import Phase
from tests.support.factories import LessonFactory, ProjectFactory, ReviewFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def review(owner, department):
    return ReviewFactory(project__manager=owner, project__org_unit=department)


def patch(client, path, body, etag):
    return client.patch(path, body, content_type=JSON, HTTP_IF_MATCH=etag)


def test_a_review_is_completed_with_what_it_needs_and_its_etag(api_client, owner, review):
    api_client.force_login(owner)
    path = f"/api/v1/reviews/{review.pk}"
    etag = api_client.get(path)["ETag"]
    refused = patch(api_client, path, {"complete": True, "summary": "Goed"}, etag)
    assert refused.status_code == 400
    pointers = {error["pointer"] for error in refused.json()["errors"]}
    assert pointers == {"#/held_on", "#/value_for_money", "#/decision_right"}
    body = {
        "complete": True,
        "held_on": "2026-11-20",
        "value_for_money": "Binnen budget, baten deels gehaald.",
        "decision_right": "ja",
    }
    done = patch(api_client, path, body, etag)
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "afgerond" and done.json()["benefit_results"] == []
    stale = patch(api_client, path, {"summary": "Later"}, etag)
    assert stale.status_code == 412
    assert Review.objects.get(pk=review.pk).summary == ""
    late = api_client.get("/api/v1/reviews", {"overdue": "true"}).json()["results"]
    assert late == []  # completed: not over time


def test_overdue_reviews_are_found(api_client, analyst, review):
    """Due 30 November; the suite's day is 1 December."""
    ReviewFactory(due_on=dt.date(2027, 5, 31))
    api_client.force_login(analyst)
    rows = api_client.get("/api/v1/reviews", {"overdue": "true"}).json()["results"]
    assert [row["id"] for row in rows] == [review.pk]


def test_lessons_are_created_and_found_by_domain_phase_and_tag(
    api_client, owner, colleague, department, review
):
    domain = department.parent
    api_client.force_login(owner)
    body = {
        "title": "Vraag de beheerder vroeg",
        "recommendation": "Al bij het voorlopig ontwerp.",
        "domain": domain.pk,
        "phase": "ontwerp",
        "tags": ["Beheer", "beheer", "Ontwerp"],
        "review": review.pk,
        "external_id": "LES-1",
    }
    created = api_client.post("/api/v1/lessons", body, content_type=JSON)
    assert created.status_code == 201, created.content
    assert created.json()["tags"] == ["beheer", "ontwerp"]
    assert created.json()["project"] == review.project_id
    wrong = api_client.post(
        "/api/v1/lessons",
        {**body, "external_id": "LES-2", "domain": department.pk},
        content_type=JSON,
    )
    assert wrong.status_code == 400  # an afdeling is no domein
    LessonFactory(title="Elders", phase=Phase.REALISATION, tags=["planning"])
    api_client.force_login(colleague)  # reads every lesson, changes none of the owner's
    for query in ({"domain": domain.pk}, {"phase": "ontwerp"}, {"tag": "BEHEER"}):
        rows = api_client.get("/api/v1/lessons", query).json()["results"]
        assert [row["title"] for row in rows] == ["Vraag de beheerder vroeg"], query
    lesson = Lesson.objects.get(external_id="LES-1")
    etag = api_client.get(f"/api/v1/lessons/{lesson.pk}")["ETag"]
    assert (
        patch(api_client, f"/api/v1/lessons/{lesson.pk}", {"title": "x"}, etag).status_code == 403
    )
    text = api_client.get("/api/v1/lessons", {"tag": "beheer", "format": "csv"}).content
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Vraag de beheerder vroeg"]


def test_lessons_since_a_moment(api_client, analyst):
    LessonFactory(title="Oud")
    later = timezone.now() + dt.timedelta(hours=1)
    with time_machine.travel(later + dt.timedelta(minutes=5)):
        LessonFactory(title="Nieuw")
        api_client.force_login(analyst)
        rows = api_client.get("/api/v1/lessons", {"updated_since": later.isoformat()})
    assert [row["title"] for row in rows.json()["results"]] == ["Nieuw"]


def test_one_canvas_per_project_written_by_whoever_may_change_it(
    api_client, owner, colleague, outsider, department
):
    starting = ProjectFactory(manager=owner, org_unit=department, phase=Phase.INITIATION)
    body = {"project": starting.pk, "target_groups": "Inwoners", "costs": "€ 2 mln"}
    api_client.force_login(outsider)
    assert api_client.post("/api/v1/value-canvases", body, content_type=JSON).status_code == 404
    api_client.force_login(colleague)
    assert api_client.post("/api/v1/value-canvases", body, content_type=JSON).status_code == 403
    api_client.force_login(owner)
    created = api_client.post("/api/v1/value-canvases", body, content_type=JSON)
    assert created.status_code == 201, created.content
    again = api_client.post("/api/v1/value-canvases", body, content_type=JSON)
    assert again.status_code == 400
    path = f"/api/v1/value-canvases/{created.json()['id']}"
    changed = patch(api_client, path, {"partners": "Politie"}, created["ETag"])
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert patch(api_client, path, {"partners": "x"}, created["ETag"]).status_code == 412
    assert ValueCanvas.objects.get().partners == "Politie"
