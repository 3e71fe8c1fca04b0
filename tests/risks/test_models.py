"""The risks domain's data: who sees a register's items, and the policy's own checks."""

import pytest
from django.core.exceptions import ValidationError

from risks.models import IssueType, Risk, RiskPolicy
from tests.support.factories import ProgrammeFactory, RiskFactory

pytestmark = pytest.mark.django_db


def test_a_project_risk_follows_the_project(project, owner, colleague, outsider, analyst):
    """Owner and colleague see it through the project, an outsider does not; the owner
    and the analyst change it."""
    risk = RiskFactory(project=project)
    seen = {
        u.username: Risk.objects.visible_to(u).filter(pk=risk.pk).exists()
        for u in (owner, colleague, outsider, analyst)
    }
    assert seen == {
        owner.username: True,
        colleague.username: True,
        outsider.username: False,
        analyst.username: True,
    }
    changed = {
        u.username: Risk.objects.editable_by(u).filter(pk=risk.pk).exists()
        for u in (owner, colleague, outsider, analyst)
    }
    assert changed == {
        owner.username: True,
        colleague.username: False,
        outsider.username: False,
        analyst.username: True,
    }


def test_a_programme_risk_is_its_managers_and_an_owned_risk_its_owners(outsider, project):
    programme = ProgrammeFactory(manager=outsider, portfolio=project.portfolio)
    risk = RiskFactory(
        project=None, programme=programme, portfolio=project.portfolio, level="programma"
    )
    assert Risk.objects.editable_by(outsider).filter(pk=risk.pk).exists()
    owned = RiskFactory(project=project, owner=outsider)
    assert Risk.objects.visible_to(outsider).filter(pk=owned.pk).exists()


def test_the_policy_refuses_scales_that_do_not_ascend_and_a_certainty_off_0_100(project):
    policy = RiskPolicy(portfolio=project.portfolio)
    policy.full_clean()  # the municipal defaults pass
    policy.probabilities = [10, 30, 30, 70, 90]
    policy.money_bounds = [60_000, 120_000]
    policy.certainty = 100
    with pytest.raises(ValidationError) as refused:
        policy.full_clean()
    assert set(refused.value.message_dict) == {"probabilities", "money_bounds", "certainty"}


def test_the_issue_types_start_with_the_request_for_change(db):
    assert IssueType.objects.filter(is_change_request=True).get().code == "wijzigingsverzoek"
    assert IssueType.objects.count() == 5
