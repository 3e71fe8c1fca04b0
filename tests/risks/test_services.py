"""Raising and changing risks: scores derived on the organisation's scales, bad scores
refused with field errors and nothing saved, stale writes refused, escalation one level
up with a reason and back, closing with open actions only when confirmed."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pmo.actors import Actor
from pmo.audit import audit_entries_for
from pmo.versioning import StaleError
from risks import services
from risks.models import Risk, RiskAction, RiskPolicy
from tests.support.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db
FIELDS = {
    "title": "Bezwaar tegen de vergunning",
    "cause": "Omwonenden zijn tegen de kap van bomen.",
    "event": "Bezwaar en beroep tegen de omgevingsvergunning.",
    "effect": "De uitvoering schuift op en de aannemer rekent stilstand.",
    "category": Risk.Category.LEGAL,
    "inherent_probability": 4,
    "inherent_money": 3,
    "inherent_time": 4,
    "residual_probability": 2,
    "residual_money": 3,
    "raised_on": dt.date(2026, 3, 1),
}


def screen(user):
    return Actor.screen(user)


def test_raising_a_risk_derives_its_scores_and_expected_value(owner, project):
    risk = services.risk_create(actor=screen(owner), project=project, **FIELDS)
    assert (risk.level, risk.home_level, risk.portfolio) == (
        "project",
        "project",
        project.portfolio,
    )
    assert (risk.inherent_score, risk.residual_score) == (16, 6)
    assert risk.expected_value == D("54000.00")  # 30 % × the middle of €120–240k
    assert audit_entries_for(risk).count() == 1


def test_the_portfolios_own_scale_gives_the_classes_their_meaning(owner, project):
    RiskPolicy.objects.create(portfolio=project.portfolio, probabilities=[5, 20, 40, 60, 80])
    risk = services.risk_create(actor=screen(owner), project=project, **FIELDS)
    assert risk.expected_value == D("36000.00")  # 20 % × €180k


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"inherent_probability": 6}, "inherent_probability"),  # off the scale
        ({"inherent_money": None, "inherent_time": None}, "inherent_money"),  # no impact
        ({"residual_probability": 5, "residual_money": 5}, "residual_reason"),  # 25 > 16
        ({"amount_low": D(10), "amount_likely": D(5), "amount_high": D(20)}, "amount_likely"),
        ({"response": "benutten"}, "response"),  # an opportunity's response for a threat
    ],
)
def test_bad_scores_are_field_errors_and_nothing_is_saved(owner, project, change, field):
    with pytest.raises(ValidationError) as refused:
        services.risk_create(actor=screen(owner), project=project, **{**FIELDS, **change})
    assert field in refused.value.message_dict
    assert not Risk.objects.exists()


def test_a_residual_score_above_the_inherent_one_passes_with_its_reason(owner, project):
    reason = {"residual_reason": "De aanbesteding loopt opnieuw."}
    risk = services.risk_create(
        actor=screen(owner),
        project=project,
        **{**FIELDS, "residual_probability": 5, "residual_money": 5},
        **reason,
    )
    assert risk.residual_score == 25


def test_a_colleague_may_not_raise_a_risk_on_a_project_they_do_not_lead(colleague, project):
    with pytest.raises(PermissionDenied):
        services.risk_create(actor=screen(colleague), project=project, **FIELDS)


def test_a_stale_change_is_refused(owner, analyst, project):
    risk = services.risk_create(actor=screen(owner), project=project, **FIELDS)
    services.risk_update(actor=screen(analyst), risk=risk, expected_version=1, title="Bezwaar")
    with pytest.raises(StaleError):
        services.risk_update(
            actor=screen(owner), risk=risk, expected_version=1, residual_probability=1
        )
    risk.refresh_from_db()
    assert risk.residual_probability == 2 and risk.title == "Bezwaar"


def test_closing_with_open_actions_needs_confirmation(owner, project):
    risk = services.risk_create(actor=screen(owner), project=project, **FIELDS)
    RiskAction.objects.create(risk=risk, description="Informatieavond", due_on=dt.date(2026, 4, 1))
    with pytest.raises(ValidationError) as refused:
        services.risk_update(actor=screen(owner), risk=risk, expected_version=1, status="gesloten")
    assert "1 maatregelen" in refused.value.message_dict["status"][0]
    closed = services.risk_update(
        actor=screen(owner),
        risk=risk,
        expected_version=1,
        status="gesloten",
        confirm_open_actions=True,
    )
    assert closed.closed_on is not None and closed.version == 2


def test_escalation_goes_one_level_up_with_a_reason_and_back(owner, project):
    project.programme = ProgrammeFactory(portfolio=project.portfolio)
    project.save()
    risk = services.risk_create(actor=screen(owner), project=project, **FIELDS)
    with pytest.raises(ValidationError):
        services.risk_escalate(actor=screen(owner), risk=risk, expected_version=1, reason=" ")
    up = services.risk_escalate(
        actor=screen(owner), risk=risk, expected_version=1, reason="Raakt het hele programma"
    )
    assert (up.level, up.is_escalated) == ("programma", True)
    top = services.risk_escalate(
        actor=screen(owner), risk=up, expected_version=2, reason="Begroting"
    )
    assert top.level == "portfolio"
    with pytest.raises(ValidationError):
        services.risk_escalate(
            actor=screen(owner), risk=top, expected_version=3, reason="Nog hoger"
        )
    back = services.risk_deescalate(actor=screen(owner), risk=top, expected_version=3)
    assert (back.level, back.escalation_reason) == ("project", "")


def test_a_project_outside_a_programme_escalates_to_the_portfolio(owner, project):
    project.programme = None
    project.save()
    risk = services.risk_create(actor=screen(owner), project=project, **FIELDS)
    assert services.level_above(risk) == "portfolio"
