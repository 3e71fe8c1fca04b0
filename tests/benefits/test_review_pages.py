"""Pages of the reviews, the lessons and the value canvas: the trio and every role, bad
input answered with field errors (422) and nothing saved, stale forms (409), the
exports, the lessons on a starting project's page, and fixed query counts."""

import csv
import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from benefits.models import Lesson, Review, ValueCanvas
from portfolio.projects.models import LifecycleStatus, Phase
from tests.support import query_counts
from tests.support.factories import (
    BenefitFactory,
    ContributionFactory,
    LessonFactory,
    ProjectFactory,
    ReviewFactory,
    ValueCanvasFactory,
)
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db
WITH_THE_PROJECT = expect(200, outsider=404, no_role_user=404)
EDITS_THE_PROJECT = expect(403, owner=200, analyst=200, outsider=404, no_role_user=404)


@pytest.fixture
def review(owner, department):
    return ReviewFactory(project__manager=owner, project__org_unit=department)


@pytest.fixture
def starting(owner, department):
    """A new project of the owner, in the same domain as the reviewed one."""
    return ProjectFactory(
        manager=owner, org_unit=department, phase=Phase.INITIATION, status="voorgesteld"
    )


def url(name, *args):
    return reverse(f"benefits:{name}", args=args)


def test_who_sees_and_changes_a_review_and_a_canvas(client, request, review, starting):
    assert answers(client, request, url("review_detail", review.pk)) == WITH_THE_PROJECT
    assert answers(client, request, url("review_edit", review.pk)) == EDITS_THE_PROJECT
    assert answers(client, request, url("canvas_detail", starting.code)) == WITH_THE_PROJECT
    assert answers(client, request, url("canvas_edit", starting.code)) == EDITS_THE_PROJECT
    assert set(answers(client, request, url("review_list")).values()) == {200}


def test_who_reads_records_and_changes_a_lesson(client, request, owner):
    lesson = LessonFactory(created_by=owner)
    assert answers(client, request, url("lesson_detail", lesson.pk)) == expect(200)
    assert answers(client, request, url("lesson_list")) == expect(200)
    assert answers(client, request, url("lesson_edit", lesson.pk)) == expect(
        403, owner=200, analyst=200
    )
    assert answers(client, request, url("lesson_create")) == expect(
        403, owner=200, colleague=200, outsider=200, analyst=200
    )


def test_the_register_puts_the_overdue_first_filters_and_exports(client, analyst, review):
    """Due 30 November; on 1 December it is over time."""
    later = ReviewFactory(due_on=dt.date(2027, 3, 31))
    done = ReviewFactory(due_on=dt.date(2026, 1, 31), state=Review.State.DONE)
    client.force_login(analyst)
    page = client.get(url("review_list"))
    assert [r.pk for r in page.context["page"].object_list] == [review.pk, done.pk, later.pk]
    assert page.context["overdue_count"] == 1 and "1 evaluatie over tijd" in page.text
    fragment = client.get(url("review_list"), {"overdue": "ja"}, headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section id="results"')  # only the list
    late = client.get(url("review_list"), {"overdue": "ja"}).context["page"].object_list
    assert [r.pk for r in late] == [review.pk]
    planned = client.get(url("review_list"), {"state": "gepland"}).context["page"].object_list
    assert {r.pk for r in planned} == {review.pk, later.pk}
    sheet = load_workbook(
        io.BytesIO(client.get(url("review_list"), {"overdue": "ja", "export": "xlsx"}).content)
    )
    rows = list(sheet.active.values)
    assert len(rows) == 2 and rows[1][0] == review.project.code and rows[1][7] is True


def test_completing_on_the_page_needs_what_a_review_needs(client, owner, review):
    client.force_login(owner)
    data = {"version": 1, "complete": "on", "summary": "Goed gegaan"}
    response = client.post(url("review_edit", review.pk), data)
    assert response.status_code == 422
    assert set(response.context["form"].errors) >= {"held_on", "value_for_money"}
    assert Review.objects.get(pk=review.pk).summary == ""
    data.update(held_on="2026-11-20", value_for_money="Ja", decision_right="deels")
    response = client.post(url("review_edit", review.pk), data)
    assert response.status_code == 422
    assert "Licht toe" in response.text
    data["decision_explanation"] = "De scope is halverwege verkleind."
    response = client.post(url("review_edit", review.pk), data)
    assert response.status_code == 302
    stored = Review.objects.get(pk=review.pk)
    assert (stored.state, stored.decision_right, stored.version) == ("afgerond", "deels", 2)
    stale = client.post(url("review_edit", review.pk), {**data, "summary": "Toch niet"})
    assert stale.status_code == 409  # the form's version 1 is gone
    assert Review.objects.get(pk=review.pk).summary == "Goed gegaan"


def test_the_review_page_shows_planned_against_achieved(client, owner, review):
    benefit = BenefitFactory(name="Minder klachten over de Ringweg")
    ContributionFactory(benefit=benefit, project=review.project, share=D(60))
    client.force_login(owner)
    page = client.get(url("review_detail", review.pk))
    assert [r.name for r in page.context["results"]] == [benefit.name]
    assert "Minder klachten over de Ringweg" in page.text and "60 %" in page.text
    assert f"{url('lesson_create')}?evaluatie={review.pk}" in page.text


def test_a_lesson_from_the_review_lands_back_on_it(client, owner, review, department):
    client.force_login(owner)
    new = f"{url('lesson_create')}?evaluatie={review.pk}"
    form = client.get(new).context["form"]
    assert form.initial["domain"] == department.parent and form.initial["project"] == review.project
    data = {
        "title": "Vraag de beheerder vroeg",
        "kind": "verbeteren",
        "recommendation": "",
        "domain": department.parent.pk,
        "tags": "Beheer, beheer, Ontwerp",
    }
    response = client.post(new, data)
    assert response.status_code == 422 and "recommendation" in response.context["form"].errors
    assert not Lesson.objects.exists()
    data["recommendation"] = "Al bij het voorlopig ontwerp."
    response = client.post(new, data)
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    lesson = Lesson.objects.get()
    assert (lesson.review, lesson.tags, lesson.created_by) == (review, ["beheer", "ontwerp"], owner)
    assert lesson.title in client.get(review.get_absolute_url()).text


def test_the_lessons_register_searches_filters_and_exports(client, colleague, department):
    domain = department.parent
    hit = LessonFactory(title="Aanbesteding op tijd", domain=domain, tags=["aanbesteding"])
    LessonFactory(
        title="Iets anders", phase=Phase.REALISATION, tags=["planning"], recommendation="Ruim"
    )
    client.force_login(colleague)
    for query in ({"q": "tijd"}, {"domain": domain.pk}, {"tag": "Aanbesteding"}, {"q": "aanbest"}):
        found = client.get(url("lesson_list"), query).context["page"].object_list
        assert [lesson.pk for lesson in found] == [hit.pk], query
    found = client.get(url("lesson_list"), {"phase": "ontwerp"}).context["page"].object_list
    assert [lesson.pk for lesson in found] == [hit.pk]
    accented = LessonFactory(title="Samen optrekken", tags=["coördinatie"], recommendation="Ja")
    found = client.get(url("lesson_list"), {"tag": "Coördinatie"}).context["page"].object_list
    assert [lesson.pk for lesson in found] == [accented.pk]  # escaped in SQLite, not in jsonb
    text = client.get(url("lesson_list"), {"tag": "aanbesteding", "export": "csv"}).content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][0] == "Aanbesteding op tijd" and rows[1][4] == "aanbesteding"


def test_a_stale_lesson_form_is_refused(client, owner, analyst):
    lesson = LessonFactory(created_by=owner)
    data = {"title": "Nieuw", "kind": "behouden", "recommendation": "Doen", "version": 1}
    client.force_login(analyst)
    assert client.post(url("lesson_edit", lesson.pk), data).status_code == 302
    client.force_login(owner)
    response = client.post(url("lesson_edit", lesson.pk), {**data, "title": "Ander"})
    assert response.status_code == 409 and str(analyst) in response.text
    assert Lesson.objects.get(pk=lesson.pk).title == "Nieuw"


def test_the_canvas_is_filled_in_and_printable(client, owner, starting):
    client.force_login(owner)
    page = client.get(url("canvas_detail", starting.code))
    assert page.context["canvas"] is None and "Canvas invullen" in page.text
    data = {"version": 0, "target_groups": "Inwoners", "value_proposition": "Sneller"}
    response = client.post(url("canvas_edit", starting.code), {**data, "costs": "x" * 10})
    assert response.status_code == 302
    assert ValueCanvas.objects.get(project=starting).target_groups == "Inwoners"
    stale = client.post(url("canvas_edit", starting.code), data)
    assert stale.status_code == 409  # version 0: it was made meanwhile
    page = client.get(url("canvas_detail", starting.code)).text
    assert "Inwoners" in page and "css/canvas.css" in page


def test_a_starting_projects_page_shows_its_domains_lessons(client, owner, starting, review):
    older = LessonFactory(title="Plan de bewonersavonden", domain=starting.org_unit.parent)
    newer = LessonFactory(title="Vraag de beheerder vroeg", domain=starting.org_unit.parent)
    LessonFactory(title="Uit een ander domein")
    client.force_login(owner)
    page = client.get(starting.get_absolute_url())
    assert [lesson.pk for lesson in page.context["domain_lessons"]] == [newer.pk, older.pk]
    assert "Lessen uit het domein" in page.text and "Uit een ander domein" not in page.text
    assert f"{url('lesson_list')}?domain={starting.org_unit.parent_id}" in page.text
    assert url("canvas_detail", starting.code) in page.text
    running = ProjectFactory(manager=owner, org_unit=starting.org_unit)  # realisatie
    page = client.get(running.get_absolute_url())
    assert "domain_lessons" not in page.context and "Lessen uit het domein" not in page.text
    closed = client.get(review.project.get_absolute_url())
    assert review.get_absolute_url() in closed.text


def test_the_pages_take_the_same_queries_at_any_size(client, analyst, owner, review, starting):
    canvas = ValueCanvasFactory(project=starting)
    lesson = LessonFactory(review=review, domain=starting.org_unit.parent, created_by=owner)
    pages = [
        url("review_list"),
        url("review_list") + "?overdue=ja&sort=-due",
        url("review_detail", review.pk),
        url("review_edit", review.pk),
        url("lesson_list"),
        url("lesson_list") + f"?domain={lesson.domain_id}&tag=beheer&q=beheer",
        url("lesson_detail", lesson.pk),
        url("lesson_create") + f"?evaluatie={review.pk}",
        url("canvas_detail", canvas.project.code),
        url("canvas_edit", canvas.project.code),
        starting.get_absolute_url(),
        review.project.get_absolute_url(),
    ]
    client.force_login(analyst)
    few = [query_counts.count(client, page) for page in pages]
    for n in range(15):
        other = ReviewFactory(due_on=dt.date(2026, 1, 1) + dt.timedelta(n))
        LessonFactory(review=review, domain=lesson.domain)
        LessonFactory(project=other.project, tags=["beheer"])
        ContributionFactory(benefit=BenefitFactory(), project=review.project, share=D(1))
    ProjectFactory.create_batch(20, status=LifecycleStatus.COMPLETED, org_unit=starting.org_unit)
    many = [query_counts.count(client, page) for page in pages]
    assert many == few, dict(zip(pages, zip(few, many, strict=True), strict=True))


@pytest.mark.parametrize("role", ["owner", "analyst"])
def test_wrong_values_in_the_review_lesson_and_canvas_forms_never_give_500(
    client, request, role, review, starting
):
    from tests.support.crawl import reachable_forms
    from tests.test_fuzz_forms import fuzz

    lesson = LessonFactory(review=review, created_by=request.getfixturevalue("owner"))
    client.force_login(request.getfixturevalue(role))
    start = [
        review.get_absolute_url(),
        lesson.get_absolute_url(),
        url("canvas_detail", starting.code),
    ]
    forms = [
        form
        for form in reachable_forms(client, start, max_pages=40)
        if "/baten/evaluaties/" in form.action
        or "/baten/lessen/" in form.action
        or "/baten/canvas/" in form.action
    ]
    assert len(forms) >= 4, [form.action for form in forms]  # review, new/edit lesson, canvas
    for form in forms:
        for target in form.fields:
            if target != "csrfmiddlewaretoken":
                fuzz(client, form, target)
