"""Reviews after closure, lessons and the value canvas: scheduled from the closure with the
configured delay, completed only with what a review needs (freezing planned against
achieved), reminded once to the right person, versioned, and refused to whoever may not."""

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from benefits import services
from benefits.models import Lesson, Review, ValueCanvas
from benefits.tasks import remind_due_reviews
from pmo.actors import Actor
from pmo.audit import audit_entries_for
from pmo.versioning import StaleError
from portfolio.projects.models import LifecycleStatus, Phase
from tests.support.factories import (
    BenefitFactory,
    ContributionFactory,
    LessonFactory,
    MeasurementFactory,
    OrgUnitFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
CLOSED = dt.date(2026, 5, 31)
DONE = {"held_on": dt.date(2026, 11, 20), "value_for_money": "Ja, binnen budget."}


@pytest.fixture
def closed(owner, department):
    return ProjectFactory(
        manager=owner,
        org_unit=department,
        phase=Phase.CLOSED,
        status=LifecycleStatus.COMPLETED,
        closed_on=CLOSED,
    )


@pytest.fixture
def review(closed):
    return services.review_schedule(actor=Actor.task(), project=closed)


def screen(user):
    return Actor.screen(user)


def test_a_review_is_due_the_configured_months_after_closure(closed, settings):
    assert services.review_schedule(actor=Actor.task(), project=closed).due_on == dt.date(
        2026, 11, 30
    )
    Review.objects.all().delete()
    settings.PIR_MONTHS_AFTER_CLOSURE = 3
    review = services.review_schedule(actor=Actor.task(), project=closed)
    assert review.due_on == dt.date(2026, 8, 31)  # 31 May + 3 months, the month's last day
    assert services.review_schedule(actor=Actor.task(), project=closed) == review  # once
    assert audit_entries_for(review).get().source == "task"
    with pytest.raises(ValidationError):
        services.review_schedule(actor=Actor.task(), project=ProjectFactory())  # running


def test_the_delay_comes_from_the_environment():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'pmo.settings'; "
        "django.setup(); from django.conf import settings; "
        "print(settings.PIR_MONTHS_AFTER_CLOSURE)"
    )
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "PIR_MONTHS_AFTER_CLOSURE"}
    default = subprocess.run([sys.executable, "-c", code], env=env, cwd=root, capture_output=True)
    nine = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "PIR_MONTHS_AFTER_CLOSURE": "9"},
        cwd=root,
        capture_output=True,
    )
    assert (default.stdout.strip(), nine.stdout.strip()) == (b"6", b"9")


def test_completing_needs_the_day_value_for_money_and_a_verdict(review, owner):
    with pytest.raises(ValidationError) as refused:
        services.review_complete(actor=screen(owner), review=review, expected_version=1)
    assert set(refused.value.message_dict) == {"held_on", "value_for_money", "decision_right"}
    with pytest.raises(ValidationError) as refused:
        services.review_complete(
            actor=screen(owner),
            review=review,
            expected_version=1,
            held_on=dt.date(2026, 5, 1),  # before the closure
            value_for_money="Ja.",
            decision_right=Review.Verdict.NO,  # without saying why
        )
    assert set(refused.value.message_dict) == {"held_on", "decision_explanation"}
    assert "31-05-2026" in refused.value.message_dict["held_on"][0]
    stored = Review.objects.get(pk=review.pk)
    assert (stored.state, stored.version, stored.held_on) == ("gepland", 1, None)


def test_completing_freezes_planned_against_achieved(review, closed, owner):
    benefit = BenefitFactory(name="Minder files op de Ringweg")
    ContributionFactory(benefit=benefit, project=closed, share=D(60))
    MeasurementFactory(benefit=benefit, measured_on=dt.date(2026, 10, 1), value=D("42"))
    done = services.review_complete(
        actor=screen(owner),
        review=review,
        expected_version=1,
        decision_right=Review.Verdict.YES,
        **DONE,
    )
    assert (done.state, done.version, done.completed_by) == ("afgerond", 2, owner)
    (row,) = Review.objects.get(pk=review.pk).benefit_results
    assert row["name"] == "Minder files op de Ringweg" and row["share"] == "60.00"
    assert (row["target_value"], row["last_value"]) == ("35.00", "42.00")
    assert row["realisation"] == str(benefit.__class__.objects.get(pk=benefit.pk).realisation)
    # A later measurement changes the benefit, not what the review found.
    MeasurementFactory(benefit=benefit, measured_on=dt.date(2026, 11, 30), value=D("35"))
    assert Review.objects.get(pk=review.pk).benefit_results == [row]
    line = audit_entries_for(done).filter(action="update").get()
    assert line.changes["state"] == ["gepland", "afgerond"]
    with pytest.raises(ValidationError):  # completed once
        services.review_complete(actor=screen(owner), review=done, expected_version=2)


def test_a_stale_review_edit_is_refused_naming_who_changed_what(review, owner, analyst):
    services.review_update(
        actor=screen(analyst), review=review, expected_version=1, summary="Eerste indruk"
    )
    with pytest.raises(StaleError) as refused:
        services.review_update(
            actor=screen(owner), review=review, expected_version=1, summary="Anders"
        )
    assert str(analyst) in str(refused.value) and "conclusie" in str(refused.value)
    assert Review.objects.get(pk=review.pk).summary == "Eerste indruk"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("owner", True),
        ("analyst", True),
        ("colleague", False),
        ("outsider", False),
        ("board_member", False),
        ("administrator", False),
        ("no_role_user", False),
    ],
)
def test_who_changes_a_review_follows_the_project(request, review, who, allowed):
    actor = screen(request.getfixturevalue(who))
    if allowed:
        services.review_update(actor=actor, review=review, expected_version=1, summary="x")
        assert Review.objects.get(pk=review.pk).version == 2
    else:
        with pytest.raises(PermissionDenied):
            services.review_update(actor=actor, review=review, expected_version=1, summary="x")


def test_the_owner_is_reminded_once_when_due_and_the_task_schedules_first(owner, department):
    sponsor = UserFactory(email="opdrachtgever@example.nl")
    with_sponsor = ProjectFactory(
        sponsor=sponsor, manager=owner, closed_on=dt.date(2026, 3, 15), phase=Phase.CLOSED
    )
    without = ProjectFactory(manager=owner, closed_on=dt.date(2026, 4, 30), phase=Phase.CLOSED)
    ProjectFactory(manager=owner)  # running: no review
    with time_machine.travel(dt.datetime(2026, 9, 14, 7, 45), tick=False):
        assert remind_due_reviews() == 0  # scheduled, none due yet
    assert Review.objects.count() == 2
    assert not mail.outbox
    with time_machine.travel(dt.datetime(2026, 9, 15, 7, 45), tick=False):
        assert remind_due_reviews() == 1  # with_sponsor: 15 March + 6 months
        assert remind_due_reviews() == 0  # the same day again: nothing
    (message,) = mail.outbox
    assert message.to == ["opdrachtgever@example.nl"]
    assert with_sponsor.code in message.subject
    assert f"/baten/evaluaties/{with_sponsor.review.pk}/" in message.body
    assert Review.objects.get(project=with_sponsor).reminded_on == dt.date(2026, 9, 15)
    with time_machine.travel(dt.datetime(2026, 12, 1, 7, 45), tick=False):
        assert remind_due_reviews() == 1  # without a sponsor: its projectleider
        assert remind_due_reviews() == 0
    assert mail.outbox[1].to == [owner.email] and without.code in mail.outbox[1].subject
    assert len(mail.outbox) == 2
    sponsor.is_active = False  # left the organisation: the projectleider is the owner
    sponsor.save()
    assert services.review_owner(with_sponsor) == owner


def test_a_completed_or_reopened_project_is_not_reminded(review, closed, owner):
    services.review_complete(
        actor=screen(owner), review=review, expected_version=1, decision_right="ja", **DONE
    )
    reopened = ProjectFactory(closed_on=dt.date(2026, 1, 31), phase=Phase.CLOSED)
    services.review_schedule(actor=Actor.task(), project=reopened)
    reopened.__class__.objects.filter(pk=reopened.pk).update(closed_on=None)
    assert services.remind_due_reviews(today=dt.date(2027, 1, 1)) == []
    assert not mail.outbox


def test_a_lesson_keeps_its_tags_lower_case_once_and_its_domain_a_domain(owner, department):
    domain = department.parent
    lesson = services.lesson_create(
        actor=screen(owner),
        title="Vraag de beheerder vroeg",
        recommendation="In het voorlopig ontwerp al",
        domain=domain,
        tags=["Beheer", " beheer ", "Aanbesteding", ""],
    )
    assert lesson.tags == ["beheer", "aanbesteding"] and lesson.created_by == owner
    with pytest.raises(ValidationError) as refused:
        services.lesson_create(
            actor=screen(owner), title="x", recommendation="y", domain=department
        )
    assert "domain" in refused.value.message_dict  # an afdeling is no domein
    with pytest.raises(ValidationError) as refused:
        services.lesson_create(actor=screen(owner), title="x", recommendation="y", tags=["a" * 51])
    assert "tags" in refused.value.message_dict
    assert Lesson.objects.count() == 1


def test_who_records_and_changes_a_lesson(owner, colleague, analyst, board_member, review):
    with pytest.raises(PermissionDenied):
        services.lesson_create(actor=screen(UserFactory()), title="x", recommendation="y")
    with pytest.raises(PermissionDenied):  # the review is not the colleague's to change
        services.lesson_create(
            actor=screen(colleague), review=review, title="x", recommendation="y"
        )
    lesson = services.lesson_create(
        actor=screen(owner), review=review, title="Plan de nazorg", recommendation="Vroeg"
    )
    assert lesson.project == review.project  # from the review
    for other in (colleague, board_member):
        with pytest.raises(PermissionDenied):
            services.lesson_update(
                actor=screen(other), lesson=lesson, expected_version=1, title="z"
            )
    services.lesson_update(actor=screen(analyst), lesson=lesson, expected_version=1, title="PMO")
    with pytest.raises(StaleError):
        services.lesson_update(actor=screen(owner), lesson=lesson, expected_version=1, title="z")
    assert Lesson.objects.get(pk=lesson.pk).title == "PMO"


def test_a_lesson_about_a_project_out_of_sight_is_refused(outsider, project):
    with pytest.raises(ValidationError) as refused:
        services.lesson_create(
            actor=screen(outsider), title="x", recommendation="y", project=project
        )
    assert refused.value.message_dict == {"project": ["Onbekend project."]}
    LessonFactory(project=project)  # the register still reads it: lessons are shared


def test_the_canvas_is_made_on_first_save_and_versioned(owner, colleague, analyst, department):
    starting = ProjectFactory(manager=owner, org_unit=department, phase=Phase.INITIATION)
    with pytest.raises(PermissionDenied):
        services.canvas_save(
            actor=screen(colleague), project=starting, expected_version=None, costs="x"
        )
    canvas = services.canvas_save(
        actor=screen(owner), project=starting, expected_version=None, target_groups=" Inwoners "
    )
    assert (canvas.version, canvas.target_groups) == (1, "Inwoners")
    with pytest.raises(StaleError):  # someone made it meanwhile
        services.canvas_save(actor=screen(analyst), project=starting, expected_version=0, costs="x")
    services.canvas_save(actor=screen(analyst), project=starting, expected_version=1, costs="€ 1")
    with pytest.raises(StaleError) as refused:
        services.canvas_save(actor=screen(owner), project=starting, expected_version=1, costs="2")
    assert "kosten" in str(refused.value)
    stored = ValueCanvas.objects.get(project=starting)
    assert (stored.version, stored.costs, stored.target_groups) == (2, "€ 1", "Inwoners")
    assert [e.action for e in audit_entries_for(stored).order_by("pk")] == ["create", "update"]


def test_a_projects_domain_is_the_domein_above_its_unit(department):
    from benefits.selectors.reviews import project_domain

    team = OrgUnitFactory(parent=department, name="Team Verkeer")
    assert project_domain(ProjectFactory(org_unit=team)) == department.parent
    assert project_domain(ProjectFactory(org_unit=OrgUnitFactory())) is None


def test_the_daily_reminder_is_in_the_beat_schedule_at_a_quarter_to_eight():
    from django_celery_beat.models import PeriodicTask

    from pmo.celery import app

    task = PeriodicTask.objects.get(task="benefits.tasks.remind_due_reviews")
    app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    assert task.task in app.tasks and task.enabled
    assert (task.crontab.hour, task.crontab.minute, task.crontab.day_of_month) == ("7", "45", "*")


def test_a_review_long_overdue_is_left_to_the_pmo_not_mailed(owner):
    """On a first run over old closures the PMO's overdue list shows them; nobody gets a
    pile of reminders for reviews that fell due long ago."""
    ProjectFactory(manager=owner, closed_on=dt.date(2024, 1, 31), phase=Phase.CLOSED)
    assert services.remind_due_reviews(today=dt.date(2026, 12, 1)) == []
    assert not mail.outbox
    assert Review.objects.get().due_on == dt.date(2024, 7, 31)  # scheduled all the same


def test_the_opdrachtgever_who_is_reminded_may_complete_the_review(closed, board_member):
    """The sponsor reads the project as a board member and holds its review."""
    closed.sponsor = board_member
    closed.save()
    review = services.review_schedule(actor=Actor.task(), project=closed)
    done = services.review_complete(
        actor=screen(board_member), review=review, expected_version=1, decision_right="ja", **DONE
    )
    assert done.state == Review.State.DONE and done.completed_by == board_member
