"""The risico proposal of the hoofdpuntenrapportage: the open threats' residual scores,
read through the provider the risks app registers; differing from it needs a reason; no
open threat, no proposal."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pmo.actors import Actor
from portfolio.status import services as report_services
from portfolio.status.rules.rag import RiskFact, propose_risk
from portfolio.status.selectors import proposals_for
from risks.models import Risk
from risks.selectors import project_risk_facts
from tests.support.factories import ProjectBudgetFactory, RiskFactory

pytestmark = pytest.mark.django_db
PERIOD = dt.date(2026, 11, 1)


def green(**overrides):
    values = {
        f"rag_{d}": "groen"
        for d in ("time", "cost", "scope", "quality", "risk", "benefits", "overall")
    }
    values.update(
        progress_pct=40, forecast_end=dt.date(2027, 6, 30), forecast_cost=Decimal("100000")
    )
    return {**values, **overrides}


@pytest.fixture
def budgeted(project):
    ProjectBudgetFactory(project=project, year=2026, amount=Decimal("100000"))
    return project


@pytest.mark.parametrize(
    ("scores", "colour"),
    [([], None), ([4, 9], "groen"), ([4, 10], "oranje"), ([15, 16], "rood")],
)
def test_the_worst_open_threat_decides_the_colour(scores, colour):
    proposal = propose_risk([RiskFact(residual_score=s) for s in scores])
    assert proposal.rag == colour
    assert not proposal.beyond_tolerance  # a risico proposal raises no exception


def test_the_risks_app_provides_the_open_threats_in_one_query(budgeted, django_assert_num_queries):
    RiskFactory(project=budgeted, residual_score=12)
    RiskFactory(project=budgeted, residual_score=20, status=Risk.Status.CLOSED)
    RiskFactory(project=budgeted, residual_score=25, kind=Risk.Kind.OPPORTUNITY)
    with django_assert_num_queries(1):
        facts = project_risk_facts(budgeted)
    assert facts == [RiskFact(residual_score=12)]
    proposal = proposals_for(budgeted, forecast_end=None, forecast_cost=None)["risk"]
    assert (proposal.rag, proposal.high) == ("oranje", 1)


def test_differing_from_the_proposal_needs_a_reason_and_is_kept(owner, budgeted):
    RiskFactory(project=budgeted, residual_score=16)
    with pytest.raises(ValidationError) as error:
        report_services.report_save(
            actor=Actor.screen(owner), project=budgeted, period=PERIOD, values=green(), submit=True
        )
    assert set(error.value.message_dict) == {"override_reason_risk"}
    report = report_services.report_save(
        actor=Actor.screen(owner),
        project=budgeted,
        period=PERIOD,
        values=green(override_reason_risk="De aanbesteding is gisteren gegund."),
        submit=True,
    )
    assert (report.proposed_rag_risk, report.rag_risk) == ("rood", "groen")
    assert not report.is_exception


def test_the_form_shows_the_risico_proposal(client, owner, budgeted):
    RiskFactory(project=budgeted, residual_score=16)
    client.force_login(owner)
    page = client.get(reverse("status:report_create", args=[budgeted.code]), {"periode": "2026-11"})
    text = page.content.decode()
    assert "1 open bedreiging, waarvan 1 zeer hoog en 0 hoog" in text
    assert 'name="override_reason_risk"' in text
