"""Writes after and before a project: the review after closure (scheduled, changed,
completed, reminded), the lessons learned, and the Business Value Canvas.

A review and a canvas follow their project: who may change the project changes them.
Lessons are read by everyone signed in and changed by their author and the PMO-analist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from pmo.access import edits_everything, is_editable, is_project_manager
from pmo.actors import Actor
from pmo.audit import audit_record, diff, snapshot
from pmo.models import AuditEntry
from pmo.versioning import bump, lock, stale
from portfolio.projects.models import Project

from ..models import CANVAS_FIELDS, Lesson, Review, ValueCanvas
from ..rules import review as rules
from ..selectors.reviews import review_results

REVIEW_FIELDS = ["held_on", "value_for_money", "decision_right", "decision_explanation", "summary"]
LESSON_FIELDS = ["title", "kind", "description", "recommendation", "domain", "phase", "tags"]


def _messages(closed_on: dt.date | None) -> dict[str, str]:
    return {
        "before_closure": _("Een evaluatie na afronding ligt niet vóór de afsluiting (%(date)s).")
        % {"date": f"{closed_on:%d-%m-%Y}" if closed_on else ""},
        "future": _("De evaluatie kan niet in de toekomst gehouden zijn."),
        "required": _("Nodig om de evaluatie af te ronden."),
        "explain": _("Licht toe waarom het besluit niet of deels juist was."),
    }


def _check_outcome(review: Review, *, completing: bool) -> None:
    outcome = rules.Outcome(
        held_on=review.held_on,
        value_for_money=review.value_for_money,
        decision_right=review.decision_right,
        decision_explanation=review.decision_explanation,
    )
    closed_on = review.project.closed_on
    found = rules.outcome_errors(
        outcome, closed_on=closed_on, today=timezone.localdate(), completing=completing
    )
    errors: dict[str, list[str]] = {}
    try:
        review.full_clean(exclude=["project"])
    except ValidationError as error:
        errors.update(error.message_dict)
    words = _messages(closed_on)
    for name, keys in found.items():
        errors.setdefault(name, []).extend(words[key] for key in keys)
    if errors:
        raise ValidationError(errors)


def _unknown(fields: dict, allowed: list[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")


# ------------------------------------------------------------------------------ reviews


@transaction.atomic
def review_schedule(*, actor: Actor, project: Project) -> Review:
    """The review of a closed project, due PIR_MONTHS_AFTER_CLOSURE months after it
    closed; the one it has if it has one already."""
    if actor.user is not None and not is_editable(project, actor.user):
        raise PermissionDenied
    existing = Review.objects.filter(project=project).first()
    if existing is not None:
        return existing
    if project.closed_on is None:
        raise ValidationError(_("Alleen een afgesloten project krijgt een evaluatie na afronding."))
    review = Review(
        project=project,
        due_on=rules.due_on(project.closed_on, settings.PIR_MONTHS_AFTER_CLOSURE),
    )
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:  # another run scheduled it meanwhile
        return Review.objects.get(project=project)
    audit_record(
        actor=actor,
        instance=review,
        action=AuditEntry.Action.CREATE,
        changes={"due_on": ["", f"{review.due_on:%d-%m-%Y}"]},
    )
    return review


def _apply(current: Review, fields: dict) -> tuple[dict, dict]:
    """Set `fields` on the locked row: (its snapshot before, the fields that change)."""
    before = snapshot(current, [*REVIEW_FIELDS, "state"])
    changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
    for name, value in fields.items():
        setattr(current, name, value)
    return before, changed


def _save(actor: Actor, current: Review, expected_version: int, before: dict, changed: dict):
    if not changed:
        return current
    bump(current, expected_version=expected_version, **changed)
    changes = diff(before, snapshot(current, [*REVIEW_FIELDS, "state"]))
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current


def _locked(review: Review, expected_version: int, user) -> Review:
    queryset = Review.objects.select_related("project")
    current = lock(queryset, pk=review.pk, expected_version=expected_version)
    if not is_editable(current, user):
        raise PermissionDenied
    return current


@transaction.atomic
def review_update(*, actor: Actor, review: Review, expected_version: int, **fields: Any) -> Review:
    """Change what the review says; a completed one keeps what completing it needed."""
    _unknown(fields, REVIEW_FIELDS)
    current = _locked(review, expected_version, actor.user)
    before, changed = _apply(current, fields)
    _check_outcome(current, completing=current.state == Review.State.DONE)
    return _save(actor, current, expected_version, before, changed)


@transaction.atomic
def review_complete(
    *, actor: Actor, review: Review, expected_version: int, **fields: Any
) -> Review:
    """Complete the review with `fields`: it needs the day it was held, value for money
    and the verdict on the decision. The benefits attributed to the project are frozen
    as they stand today: planned against achieved."""
    _unknown(fields, REVIEW_FIELDS)
    current = _locked(review, expected_version, actor.user)
    if current.state == Review.State.DONE:
        raise ValidationError(_("Deze evaluatie is al afgerond."))
    before, changed = _apply(current, fields)
    _check_outcome(current, completing=True)
    changed.update(
        state=Review.State.DONE,
        benefit_results=[result.as_json() for result in review_results(current.project)],
        completed_by=actor.saved_user,
    )
    return _save(actor, current, expected_version, before, changed)


def review_owner(project: Project):
    """Who is reminded of the review: the opdrachtgever, else the projectleider (someone
    who left, with a deactivated account, is skipped)."""
    for person in (project.sponsor, project.manager):
        if person is not None and person.is_active:
            return person
    return None


REMIND_WITHIN = dt.timedelta(days=60)


def remind_due_reviews(*, today: dt.date, base_url: str = "") -> list[int]:
    """Schedule the review of every closed project that has none, then remind the owner
    of each review that is due, once (idempotent: `reminded_on` is set as it is sent).
    A review that fell due more than `REMIND_WITHIN` ago is not mailed: on a first run
    over years of closed projects those belong on the PMO's overdue list, not in a pile
    of emails the same morning."""
    task = Actor.task()
    for project in Project.objects.filter(closed_on__isnull=False, review__isnull=True):
        review_schedule(actor=task, project=project)
    due = (
        Review.objects.filter(
            state=Review.State.PLANNED,
            due_on__lte=today,
            due_on__gte=today - REMIND_WITHIN,
            reminded_on__isnull=True,
            project__closed_on__isnull=False,
        )
        .select_related("project", "project__sponsor", "project__manager")
        .order_by("due_on", "pk")
    )
    reminded = []
    for review in due:
        with transaction.atomic():
            # Claimed in the database: a second run at the same time skips it.
            if not Review.objects.filter(pk=review.pk, reminded_on__isnull=True).update(
                reminded_on=today
            ):
                continue
            audit_record(
                actor=task,
                instance=review,
                action=AuditEntry.Action.UPDATE,
                changes={"reminded_on": ["", f"{today:%d-%m-%Y}"]},
            )
            owner = review_owner(review.project)
            if owner is not None and owner.email:
                _remind(review, owner, base_url)
        reminded.append(review.pk)
    return reminded


def _remind(review: Review, owner, base_url: str) -> None:
    project = review.project
    with override("nl"):
        send_mail(
            subject=_("Evaluatie na afronding van %(code)s is aan de orde")
            % {"code": project.code},
            message=_(
                "Beste %(name)s,\n\n%(project)s is afgesloten op %(closed)s. De evaluatie na "
                "afronding is uiterlijk %(due)s aan de orde: zijn de beoogde baten gehaald, "
                "was het de investering waard, was het besluit juist, en wat leren we ervan "
                "voor volgende projecten?\n\nDe evaluatie, met de baten van het project "
                "(gepland en gerealiseerd), staat klaar op %(url)s\n\n"
                "Met vriendelijke groet,\nHet PMO"
            )
            % {
                "name": owner.first_name or owner,
                "project": project,
                "closed": f"{project.closed_on:%d-%m-%Y}",
                "due": f"{review.due_on:%d-%m-%Y}",
                "url": base_url + reverse("benefits:review_detail", args=[review.pk]),
            },
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[owner.email],
        )


# ------------------------------------------------------------------------------ lessons


def can_create_lesson(user, review: Review | None = None) -> bool:
    """Lessons of a review: who may change the review. Others: the PMO-analist and
    the projectleiders."""
    if not user.is_authenticated:
        return False
    if review is not None:
        return is_editable(review, user)
    return edits_everything(user) or is_project_manager(user)


def _lesson_checked(lesson: Lesson, user) -> None:
    lesson.tags = rules.normalise_tags(lesson.tags or [])
    errors: dict[str, list[str]] = {}
    try:
        lesson.full_clean(exclude=["project", "review"])
    except ValidationError as error:
        errors.update(error.message_dict)
    long = rules.tag_errors(lesson.tags)
    if long:
        errors.setdefault("tags", []).append(
            _("Een trefwoord is hoogstens %(max)s tekens: %(tags)s.")
            % {"max": rules.TAG_MAX, "tags": ", ".join(long)}
        )
    if (
        lesson.project_id
        and not Project.objects.visible_to(user).filter(pk=lesson.project_id).exists()
    ):
        errors.setdefault("project", []).append(_("Onbekend project."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def lesson_create(
    *,
    actor: Actor,
    review: Review | None = None,
    project: Project | None = None,
    external_id: str | None = None,
    **fields: Any,
) -> Lesson:
    """A lesson, from a review (then of its project unless another is named) or on its
    own. Tags are kept lower case, each once."""
    _unknown(fields, LESSON_FIELDS)
    if not can_create_lesson(actor.user, review):
        raise PermissionDenied
    if project is None and review is not None:
        project = review.project
    lesson = Lesson(
        review=review,
        project=project,
        created_by=actor.saved_user,
        external_id=external_id or None,
        **fields,
    )
    _lesson_checked(lesson, actor.user)
    lesson.save()
    changes = diff({}, snapshot(lesson, [*LESSON_FIELDS, "project"]))
    audit_record(actor=actor, instance=lesson, action=AuditEntry.Action.CREATE, changes=changes)
    return lesson


@transaction.atomic
def lesson_update(*, actor: Actor, lesson: Lesson, expected_version: int, **fields: Any) -> Lesson:
    """Change a lesson: its author or the PMO-analist."""
    _unknown(fields, [*LESSON_FIELDS, "project"])
    current = lock(Lesson.objects, pk=lesson.pk, expected_version=expected_version)
    if not is_editable(current, actor.user):
        raise PermissionDenied
    names = [*LESSON_FIELDS, "project"]
    before = snapshot(current, names)
    stored = {name: getattr(current, name) for name in fields}
    for name, value in fields.items():
        setattr(current, name, value)
    _lesson_checked(current, actor.user)
    changed = {
        name: getattr(current, name) for name in fields if getattr(current, name) != stored[name]
    }
    if not changed:
        return current
    bump(current, expected_version=expected_version, **changed)
    changes = diff(before, snapshot(current, names))
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current


# ------------------------------------------------------------------------- value canvas


@transaction.atomic
def canvas_save(
    *, actor: Actor, project: Project, expected_version: int | None, **fields: str
) -> ValueCanvas:
    """Write the project's canvas; the first save creates it (`expected_version` None
    or 0: the writer saw none). Who may change the project may change its canvas."""
    _unknown(fields, CANVAS_FIELDS)
    if not is_editable(project, actor.user):
        raise PermissionDenied
    fields = {name: (value or "").strip() for name, value in fields.items()}
    existing = ValueCanvas.objects.filter(project=project).first()
    if existing is None:
        canvas = ValueCanvas(project=project, **fields)
        canvas.full_clean(exclude=["project"])
        try:
            with transaction.atomic():
                canvas.save()
        except IntegrityError:  # someone else made it meanwhile
            raise stale(ValueCanvas.objects.get(project=project), 0) from None
        changes = diff({}, snapshot(canvas, CANVAS_FIELDS))
        audit_record(actor=actor, instance=canvas, action=AuditEntry.Action.CREATE, changes=changes)
        return canvas
    current = lock(ValueCanvas.objects, pk=existing.pk, expected_version=expected_version or 0)
    before = snapshot(current, CANVAS_FIELDS)
    changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
    if not changed:
        return current
    for name, value in changed.items():
        setattr(current, name, value)
    current.full_clean(exclude=["project"])
    bump(current, expected_version=current.version, **changed)
    changes = diff(before, snapshot(current, CANVAS_FIELDS))
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current
