"""Writes to the risk register: raise, change (versioned), escalate one level up and back,
close. Every write keeps the derived scores and expected value on the risk
(`scores_refresh`), so registers sort and the heat map groups without recomputing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pmo.access import is_editable
from pmo.actors import Actor
from pmo.audit import audit_record, diff, snapshot
from pmo.models import AuditEntry
from pmo.versioning import bump, lock
from portfolio.governance.models import AgendaItem
from portfolio.governance.services import agenda_place_subject, agenda_withdraw_subject
from portfolio.projects.models import Portfolio, Programme, Project

from ..models import Level, Risk, RiskPolicy
from ..rules import scoring
from .escalation import deescalate, escalate

RISK_FIELDS = [
    "kind", "title", "cause", "event", "effect", "category", "owner", "actionee",
    "inherent_probability", "inherent_money", "inherent_time", "inherent_quality",
    "residual_probability", "residual_money", "residual_time", "residual_quality",
    "residual_reason", "amount_low", "amount_likely", "amount_high", "proximity",
    "response", "status", "raised_on",
]  # fmt: skip
THREAT_RESPONSES = {"vermijden", "verminderen", "overdragen", "delen", "accepteren", "voorbereiden"}
OPPORTUNITY_RESPONSES = {"benutten", "vergroten", "overdragen", "delen", "afwijzen", "voorbereiden"}


def _messages() -> dict[str, str]:
    return {
        scoring.NO_IMPACT: _("Geef ten minste één gevolg: financieel, voor tijd of kwaliteit."),
        scoring.RESIDUAL_ABOVE_INHERENT: _(
            "De netto score is hoger dan de bruto score: licht toe waarom de maatregelen het "
            "risico groter maken."
        ),
        scoring.ESTIMATE_INCOMPLETE: _("Geef minimum, meest waarschijnlijk en maximum, of geen."),
        scoring.ESTIMATE_OUT_OF_ORDER: _("Minimum ≤ meest waarschijnlijk ≤ maximum."),
    }


def policy_for(portfolio: Portfolio) -> RiskPolicy:
    """The portfolio's risk policy, or the municipal defaults when it has none (unsaved)."""
    return RiskPolicy.objects.filter(portfolio=portfolio).first() or RiskPolicy(portfolio=portfolio)


def scale_of(policy: RiskPolicy) -> scoring.Scale:
    return scoring.Scale(probabilities=policy.probabilities, money_bounds=policy.money_bounds)


def _classes(risk: Risk, side: str) -> tuple[int, list[int | None]]:
    return (
        getattr(risk, f"{side}_probability"),
        [getattr(risk, f"{side}_{d}") for d in ("money", "time", "quality")],
    )


def _estimate(risk: Risk) -> scoring.Estimate | None:
    values = (risk.amount_low, risk.amount_likely, risk.amount_high)
    return scoring.Estimate(*values) if all(v is not None for v in values) else None


def _validate(risk: Risk) -> None:
    errors: dict[str, list[str]] = {}
    try:
        risk.full_clean(exclude=["home_level"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if not errors.keys() & {"inherent_probability", "residual_probability"}:
        messages = _messages()
        found = scoring.problems(
            inherent=_classes(risk, "inherent"),
            residual=_classes(risk, "residual"),
            residual_reason=risk.residual_reason,
            estimate=(risk.amount_low, risk.amount_likely, risk.amount_high),
        )
        for name, code in found.items():
            errors.setdefault(name, []).append(messages[code])
    allowed = THREAT_RESPONSES if risk.kind == Risk.Kind.THREAT else OPPORTUNITY_RESPONSES
    if risk.response and risk.response not in allowed:
        errors.setdefault("response", []).append(
            _("Deze strategie past niet bij een %(kind)s.") % {"kind": risk.get_kind_display()}
        )
    if errors:
        raise ValidationError(errors)


def scores(risk: Risk, policy: RiskPolicy) -> dict[str, Any]:
    """The derived fields of a valid risk: its two scores and its residual expected value."""
    residual_probability, residual_impacts = _classes(risk, "residual")
    return {
        "inherent_score": scoring.score(*_classes(risk, "inherent")),
        "residual_score": scoring.score(residual_probability, residual_impacts),
        "expected_value": scoring.expected_value(
            residual_probability, risk.residual_money, _estimate(risk), scale_of(policy)
        ),
    }


def can_raise_risk(user, *, project: Project | None, programme: Programme | None) -> bool:
    """Whoever may change the project (or manages the programme); the PMO-analist anywhere."""
    if user.edits_everything:
        return True
    if project is not None:
        return is_editable(project, user)
    return programme is not None and programme.manager_id == user.pk


@transaction.atomic
def risk_create(
    *,
    actor: Actor,
    project: Project | None = None,
    programme: Programme | None = None,
    portfolio: Portfolio | None = None,
    **fields: Any,
) -> Risk:
    """Raise a risk at the lowest level given: a project, else a programme, else the
    portfolio."""
    if not can_raise_risk(actor.user, project=project, programme=programme):
        raise PermissionDenied
    unknown = set(fields) - set(RISK_FIELDS) - {"external_id"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    level = Level.PROJECT if project else Level.PROGRAMME if programme else Level.PORTFOLIO
    portfolio = project.portfolio if project else programme.portfolio if programme else portfolio
    risk = Risk(
        project=project,
        programme=project.programme if project else programme,
        portfolio=portfolio,
        level=level,
        home_level=level,
        **fields,
    )
    _validate(risk)
    for name, value in scores(risk, policy_for(portfolio)).items():
        setattr(risk, name, value)
    risk.save()
    changes = diff({}, snapshot(risk, RISK_FIELDS))
    audit_record(actor=actor, instance=risk, action=AuditEntry.Action.CREATE, changes=changes)
    return risk


@transaction.atomic
def risk_update(
    *, actor: Actor, risk: Risk, expected_version: int, confirm_open_actions: bool = False, **fields
) -> Risk:
    """Change a risk if nobody did since `expected_version`. Closing one with open
    actions needs `confirm_open_actions`."""
    unknown = set(fields) - set(RISK_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    current = lock(Risk.objects, pk=risk.pk, expected_version=expected_version)
    if not is_editable(current, actor.user):
        raise PermissionDenied
    before = snapshot(current, RISK_FIELDS)
    was_open = current.status == Risk.Status.OPEN
    for name, value in fields.items():
        setattr(current, name, value)
    _validate(current)
    closing = was_open and current.status == Risk.Status.CLOSED
    if closing and not confirm_open_actions:
        open_actions = current.actions.filter(done_on__isnull=True).count()
        if open_actions:
            raise ValidationError(
                {
                    "status": [
                        _(
                            "Er staan nog %(n)s maatregelen open. Bevestig dat u het risico "
                            "toch sluit."
                        )
                        % {"n": open_actions}
                    ]
                }
            )
    changes = diff(before, snapshot(current, RISK_FIELDS))
    if not changes:
        return current
    derived = scores(current, policy_for(current.portfolio))
    if current.status != Risk.Status.OPEN and was_open:
        derived["closed_on"] = timezone.localdate()
    elif current.status == Risk.Status.OPEN and not was_open:
        derived["closed_on"] = None
    bump(
        current,
        expected_version=expected_version,
        **{name: getattr(current, name) for name in fields},
        **derived,
    )
    current.refresh_from_db()
    audit_record(actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=changes)
    if current.status == Risk.Status.CLOSED:
        agenda_withdraw_subject(subject=current)  # a closed risk is no longer the board's
    return current


@transaction.atomic
def risk_escalate(*, actor: Actor, risk: Risk, expected_version: int, reason: str) -> Risk:
    """One level up with a reason. A project's risk reaching the portfolio goes before
    the board (an item on the next meeting's agenda); a risk raised at the portfolio
    itself has no project and stays in the register."""
    current = escalate(
        actor=actor,
        queryset=Risk.objects,
        item=risk,
        expected_version=expected_version,
        reason=reason,
    )
    if current.level == Level.PORTFOLIO and current.project_id is not None:
        agenda_place_subject(subject=current, project=current.project, kind=AgendaItem.Kind.RISK)
    return current


@transaction.atomic
def risk_deescalate(*, actor: Actor, risk: Risk, expected_version: int) -> Risk:
    """Back to where it was raised; an undecided item on the board's agenda goes too."""
    current = deescalate(
        actor=actor,
        queryset=Risk.objects,
        item=risk,
        expected_version=expected_version,
        not_escalated=_("Dit risico is niet geëscaleerd."),
    )
    agenda_withdraw_subject(subject=current)
    return current
