"""Writes to the OKR's: the objective (versioned) with its links to projects and benefits,
and its key results. Every change to a key result refreshes the progress and confidence
the OKR keeps (benefits/rules/okr.py) and moves the OKR's version, so a stale form or
`If-Match` on the OKR is refused, naming who changed what since.

Who: the PMO-analist makes OKR's; the PMO-analist and the OKR's owner change it and its
key results. Links go only to projects and benefits the writer may see, of the OKR's
portfolio; links the writer cannot see are kept as they are.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from pmo.access import edits_everything, is_editable
from pmo.actors import Actor
from pmo.audit import audit_record, diff, snapshot
from pmo.models import AuditEntry
from pmo.versioning import bump, lock
from portfolio.projects.models import Project

from ..models import Benefit, KeyResult, Okr
from ..rules import okr as okr_rules

OKR_FIELDS = ["title", "description", "portfolio", "owner", "period_start", "period_end"]
KEY_RESULT_FIELDS = [
    "title", "unit", "start_value", "target_value", "current_value", "confidence",
]  # fmt: skip
DERIVED = ["progress", "confidence"]
MESSAGES = {
    okr_rules.TARGET_IS_START: _lazy(
        "De doelwaarde is gelijk aan de startwaarde: dan is de voortgang niet te berekenen."
    ),
    okr_rules.CONFIDENCE_OUT_OF_RANGE: _lazy("Het vertrouwen is een getal van 1 tot en met 10."),
    okr_rules.PERIOD_END_BEFORE_START: _lazy("De periode eindigt niet vóór ze begint."),
}


def can_create_okr(user) -> bool:
    """OKR's of the portfolio are the PMO-analist's to make."""
    return edits_everything(user)


def rule_errors(codes: dict[str, list[str]]) -> dict[str, list[str]]:
    """The rules' codes as messages in the user's language, by field."""
    return {name: [str(MESSAGES[code]) for code in found] for name, found in codes.items()}


def _validate(instance: models.Model, rule_codes: dict, extra: dict | None = None) -> None:
    """The model's own checks and the rules' (whose messages win on a field), then `extra`
    (link errors); all of them at once, or nothing."""
    errors: dict[str, list[str]] = {}
    try:
        # The period's order is a DB constraint too; the rule says it in words.
        instance.full_clean(exclude=["okr"], validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    errors.update(rule_errors(rule_codes))
    errors.update(extra or {})
    if errors:
        raise ValidationError(errors)


def _okr_codes(okr: Okr) -> dict:
    return okr_rules.period_errors(okr.period_start, okr.period_end)


def _key_result_codes(key_result: KeyResult) -> dict:
    return okr_rules.key_result_errors(
        start=key_result.start_value,
        target=key_result.target_value,
        confidence=key_result.confidence,
    )


def _links(actor: Actor, okr: Okr, name: str, chosen) -> tuple[set[int] | None, dict]:
    """The pks `okr.<name>` is to hold, and the errors of the choice. Only what the actor
    sees, of the OKR's portfolio; what is linked but out of their sight stays."""
    if chosen is None:
        return None, {}
    model = _model(name)
    visible = model.objects.visible_to(actor.user)
    wanted = {item.pk if isinstance(item, models.Model) else int(item) for item in chosen}
    found = dict(visible.filter(pk__in=wanted).values_list("pk", "portfolio_id"))
    errors = []
    if set(found) != wanted:
        errors.append(_("Onbekend project.") if name == "projects" else _("Onbekende baat."))
    elif any(portfolio != okr.portfolio_id for portfolio in found.values()):
        errors.append(
            _("Koppel alleen projecten van het portfolio van de OKR.")
            if name == "projects"
            else _("Koppel alleen baten van het portfolio van de OKR.")
        )
    if errors:
        return None, {name: errors}
    old = set(getattr(okr, name).values_list("pk", flat=True)) if okr.pk else set()
    hidden = old - set(visible.filter(pk__in=old).values_list("pk", flat=True))
    return wanted | hidden, {}


def _link_labels(name: str, pks) -> str:
    """Projects by their code, benefits by their name, as the audit line shows them."""
    model, label = _model(name), "code" if name == "projects" else "name"
    found = model.objects.filter(pk__in=pks).order_by(label).values_list(label, flat=True)
    return ", ".join(found)


def _set_links(okr: Okr, links: dict[str, set[int] | None], changes: dict) -> None:
    labels = {"projects": _("projecten"), "benefits": _("baten")}
    for name, pks in links.items():
        if pks is None:
            continue
        old = set(getattr(okr, name).values_list("pk", flat=True))
        if pks == old:
            continue
        getattr(okr, name).set(pks)
        changes[labels[name]] = [_link_labels(name, old), _link_labels(name, pks)]


def _left_behind(okr: Okr, links: dict[str, set[int] | None]) -> dict[str, list[str]]:
    """A move to another portfolio may not leave links to the old one behind."""
    for name, pks in links.items():
        linked = (
            getattr(okr, name).all() if pks is None else _model(name).objects.filter(pk__in=pks)
        )
        if linked.exclude(portfolio_id=okr.portfolio_id).exists():
            return {
                "portfolio": [
                    _(
                        "Er zijn nog projecten of baten van het vorige portfolio gekoppeld; "
                        "koppel ze eerst los."
                    )
                ]
            }
    return {}


def _model(name: str):
    return Project if name == "projects" else Benefit


def _links_changed(okr: Okr, links: dict[str, set[int] | None]) -> bool:
    return any(
        pks is not None and pks != set(getattr(okr, name).values_list("pk", flat=True))
        for name, pks in links.items()
    )


@transaction.atomic
def okr_create(
    *, actor: Actor, projects=(), benefits=(), external_id: str | None = None, **fields: Any
) -> Okr:
    """A new OKR, linked to `projects` and `benefits`; it has no key results yet."""
    if not can_create_okr(actor.user):
        raise PermissionDenied
    unknown = set(fields) - set(OKR_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    okr = Okr(external_id=external_id or None, **fields)
    project_pks, project_errors = _links(actor, okr, "projects", projects)
    benefit_pks, benefit_errors = _links(actor, okr, "benefits", benefits)
    _validate(okr, _okr_codes(okr), {**project_errors, **benefit_errors})
    okr.save()
    changes = diff({}, snapshot(okr, OKR_FIELDS))
    _set_links(okr, {"projects": project_pks, "benefits": benefit_pks}, changes)
    audit_record(actor=actor, instance=okr, action=AuditEntry.Action.CREATE, changes=changes)
    return okr


@transaction.atomic
def okr_update(
    *,
    actor: Actor,
    okr: Okr,
    expected_version: int,
    projects=None,
    benefits=None,
    **fields: Any,
) -> Okr:
    """Change the objective and (when given) its links; refused when stale."""
    unknown = set(fields) - set(OKR_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    current = lock(Okr.objects, pk=okr.pk, expected_version=expected_version)
    if not is_editable(current, actor.user):
        raise PermissionDenied
    before = snapshot(current, OKR_FIELDS)
    # Compared as values (7 is the stored 7.0), before they are set.
    changed = {n: v for n, v in fields.items() if getattr(current, n) != v}
    for name, value in changed.items():
        setattr(current, name, value)
    project_pks, project_errors = _links(actor, current, "projects", projects)
    benefit_pks, benefit_errors = _links(actor, current, "benefits", benefits)
    links = {"projects": project_pks, "benefits": benefit_pks}
    errors = {**project_errors, **benefit_errors}
    if "portfolio" in changed and not errors:
        errors.update(_left_behind(current, links))
    _validate(current, _okr_codes(current), errors)
    if not changed and not _links_changed(current, links):
        return current
    bump(current, expected_version=expected_version, **changed)
    changes = diff(before, snapshot(current, OKR_FIELDS))
    _set_links(current, links, changes)
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    return current


def _okr_locked(actor: Actor, pk: int, expected_version: int | None) -> Okr:
    if expected_version is None:  # the API's POST: whatever version is current
        current = Okr.objects.select_for_update().get(pk=pk)
    else:
        current = lock(Okr.objects, pk=pk, expected_version=expected_version)
    if not is_editable(current, actor.user):
        raise PermissionDenied
    return current


def _label(key_result: KeyResult) -> str:
    return _("kernresultaat ‘%(title)s’") % {"title": key_result.title}


def _result_text(key_result: KeyResult) -> str:
    unit = f" {key_result.unit}" if key_result.unit else ""
    return f"{key_result.start_value:g} → {key_result.target_value:g}{unit}, " + _(
        "nu %(current)s, vertrouwen %(confidence)s"
    ) % {"current": f"{key_result.current_value:g}", "confidence": key_result.confidence}


def derived_summary(okr: Okr) -> dict[str, Any]:
    """The OKR's progress and confidence as its key results give them (one query)."""
    rows = KeyResult.objects.filter(okr=okr).values_list(
        "start_value", "target_value", "current_value", "confidence"
    )
    result = okr_rules.summary([okr_rules.KeyResultFacts(*row) for row in rows])
    return {"progress": result.progress, "confidence": result.confidence}


def summary_refresh(actor: Actor, okr: Okr, changes: dict) -> None:
    """Recompute the OKR's progress and confidence from its key results, move its
    version and record `changes` (what happened to the key results) with it."""
    before = snapshot(okr, DERIVED)
    bump(okr, expected_version=okr.version, **derived_summary(okr))
    changes.update(diff(before, snapshot(okr, DERIVED)))
    audit_record(actor=actor, instance=okr, action=AuditEntry.Action.UPDATE, changes=changes)


@transaction.atomic
def key_result_add(
    *,
    actor: Actor,
    okr: Okr,
    expected_version: int | None,
    external_id: str | None = None,
    **fields: Any,
) -> KeyResult:
    """A new key result; `expected_version` is the OKR's the form started from (None:
    the current one)."""
    unknown = set(fields) - set(KEY_RESULT_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    current = _okr_locked(actor, okr.pk, expected_version)
    key_result = KeyResult(okr=current, external_id=external_id or None, **fields)
    _validate(key_result, _key_result_codes(key_result))
    key_result.save()
    audit_record(
        actor=actor,
        instance=key_result,
        action=AuditEntry.Action.CREATE,
        changes=diff({}, snapshot(key_result, KEY_RESULT_FIELDS)),
    )
    summary_refresh(actor, current, {_label(key_result): ["", _result_text(key_result)]})
    okr.version = current.version
    return key_result


@transaction.atomic
def key_result_update(
    *, actor: Actor, key_result: KeyResult, expected_version: int, **fields: Any
) -> KeyResult:
    """Change a key result (most often its current value and confidence); refused when
    the key result is stale. The OKR's progress and version follow."""
    unknown = set(fields) - set(KEY_RESULT_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    current = lock(KeyResult.objects, pk=key_result.pk, expected_version=expected_version)
    okr = _okr_locked(actor, current.okr_id, None)
    before, text_before = snapshot(current, KEY_RESULT_FIELDS), _result_text(current)
    changed = {n: v for n, v in fields.items() if getattr(current, n) != v}
    for name, value in changed.items():
        setattr(current, name, value)
    _validate(current, _key_result_codes(current))
    if not changed:
        return current
    bump(current, expected_version=expected_version, **changed)
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.UPDATE,
        changes=diff(before, snapshot(current, KEY_RESULT_FIELDS)),
    )
    summary_refresh(actor, okr, {_label(current): [text_before, _result_text(current)]})
    return current


@transaction.atomic
def key_result_remove(*, actor: Actor, key_result: KeyResult, expected_version: int) -> Okr:
    """Remove a key result the writer has seen as it is now (stale: refused)."""
    current = lock(KeyResult.objects, pk=key_result.pk, expected_version=expected_version)
    okr = _okr_locked(actor, current.okr_id, None)
    before = snapshot(current, KEY_RESULT_FIELDS)
    label, text = _label(current), _result_text(current)
    audit_record(
        actor=actor,
        instance=current,
        action=AuditEntry.Action.DELETE,
        changes={name: [value, ""] for name, value in before.items() if value},
    )
    current.delete()
    summary_refresh(actor, okr, {label: [text, ""]})
    return okr
