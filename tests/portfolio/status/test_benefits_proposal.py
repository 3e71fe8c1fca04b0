"""The baten proposal of the hoofdpuntenrapportage: read through the provider that the
benefits app registers, kept beside the choice, a reason asked to differ from it, shown
on the form and on the API; without a provider, or without benefits with data, none."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from benefits.models import Benefit
from benefits.selectors import project_benefit_facts
from pmo.actors import Actor
from portfolio.status import providers
from portfolio.status import services as report_services
from portfolio.status.rules.rag import BenefitFact
from portfolio.status.selectors import proposals_for
from tests.support.factories import (
    BenefitFactory,
    ContributionFactory,
    MeasurementFactory,
    ProjectBudgetFactory,
)
from tests.support.openapi import CheckedClient

pytestmark = pytest.mark.django_db
PERIOD = dt.date(2026, 11, 1)
# The factory's profile: 56 days on 1-1-2026 to 35 on 31-12-2027, measured quarterly. On
# 15-11-2026 the plan expects 43.6 %: 47 days is 42.9 % (on track), 52 is 19 % (behind).
MEASURED_ON = dt.date(2026, 11, 15)


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


def attributed(project, share, value=None, **fields):
    """A benefit attributed to `project`, measured on MEASURED_ON when `value` is given."""
    benefit = BenefitFactory(portfolio=project.portfolio, **fields)
    ContributionFactory(benefit=benefit, project=project, share=Decimal(share))
    if value is not None:
        MeasurementFactory(benefit=benefit, measured_on=MEASURED_ON, value=Decimal(value))
    return benefit


def proposal(project):
    return proposals_for(project, forecast_end=None, forecast_cost=None)["benefits"]


def test_the_benefits_app_provides_the_facts_in_one_query(budgeted, django_assert_num_queries):
    attributed(budgeted, 70, value=47)  # on track
    attributed(budgeted, 30, value=52)  # behind
    attributed(budgeted, 100)  # never measured: due on 1-4-2026, nobody measures it
    attributed(budgeted, 100, status=Benefit.Status.REALISED)  # no longer active
    BenefitFactory()  # attributed to no project
    with django_assert_num_queries(1):
        facts = project_benefit_facts(budgeted, today=dt.date(2026, 12, 1))
    assert sorted(facts, key=lambda f: f.share) == [
        BenefitFact(share=Decimal("30.00"), track="achter", overdue=False),
        BenefitFact(share=Decimal("70.00"), track="op-koers", overdue=False),
        BenefitFact(share=Decimal("100.00"), track="", overdue=True),
    ]
    assert proposal(budgeted).rag == "oranje"


def test_without_a_provider_there_is_no_proposal(budgeted):
    attributed(budgeted, 100, value=52)
    assert proposal(budgeted).rag == "rood"
    previous = providers.register_benefit_facts(None)
    try:
        assert proposal(budgeted).rag is None
        assert providers.benefit_facts(budgeted, today=dt.date(2026, 12, 1)) == []
    finally:
        providers.register_benefit_facts(previous)
    assert previous is project_benefit_facts  # what BenefitsConfig.ready() registered


def test_no_attributed_benefit_with_data_no_proposal_and_any_colour_goes(owner, budgeted):
    attributed(budgeted, 100, frequency=Benefit.Frequency.YEAR)  # first measurement not due
    report = report_services.report_save(
        actor=Actor.screen(owner),
        project=budgeted,
        period=PERIOD,
        values=green(rag_benefits="groen"),
        submit=True,
    )
    assert report.proposed_rag_benefits == ""


def test_the_proposal_is_kept_and_differing_from_it_needs_a_reason(owner, budgeted):
    attributed(budgeted, 60, value=52)  # most of the shares behind: red
    attributed(budgeted, 40, value=47)
    with pytest.raises(ValidationError) as error:
        report_services.report_save(
            actor=Actor.screen(owner), project=budgeted, period=PERIOD, values=green(), submit=True
        )
    assert set(error.value.message_dict) == {"override_reason_benefits"}
    assert "stelt rood voor" in error.value.message_dict["override_reason_benefits"][0]
    report = report_services.report_save(
        actor=Actor.screen(owner),
        project=budgeted,
        period=PERIOD,
        values=green(override_reason_benefits="De meting van oktober loopt achter."),
        submit=True,
    )
    assert (report.proposed_rag_benefits, report.rag_benefits) == ("rood", "groen")
    assert report.override_reason_benefits == "De meting van oktober loopt achter."
    assert not report.is_exception  # a baten proposal raises no exception


def test_the_form_shows_the_proposal_and_the_detail_the_reason(client, owner, budgeted):
    attributed(budgeted, 100, value=52)
    client.force_login(owner)
    url = reverse("status:report_create", args=[budgeted.code]) + "?periode=2026-11"
    page = client.get(url)
    assert "0 op koers, 1 achter op plan, 0 niet op tijd gemeten" in page.text
    assert f"{budgeted.get_absolute_url()}#benefits-heading" in page.text
    assert 'name="override_reason_benefits"' in page.text
    data = {
        f"rag_{d}": "groen"
        for d in ("time", "cost", "scope", "quality", "risk", "benefits", "overall")
    }
    data.update(progress_pct=40, forecast_end="2027-06-30", forecast_cost="100000")
    refused = client.post(url, {**data, "periode": "2026-11", "indienen": "1"})
    assert refused.status_code == 422
    assert "Het systeem stelt rood voor" in refused.text
    reason = "Herstelplan loopt; zie de toelichting."
    saved = client.post(
        url, {**data, "periode": "2026-11", "indienen": "1", "override_reason_benefits": reason}
    )
    assert saved.status_code == 302
    detail = client.get(saved["Location"])
    assert f"rood — {reason}" in detail.text


def test_the_form_says_when_there_is_nothing_to_propose(client, owner, budgeted):
    client.force_login(owner)
    page = client.get(reverse("status:report_create", args=[budgeted.code]) + "?periode=2026-11")
    assert "geen toegerekende baten met een meting" in page.text


def test_the_api_shows_the_proposal_and_takes_the_reason(owner, budgeted):
    api_client = CheckedClient(Client())  # every answer checked against the OpenAPI document
    attributed(budgeted, 100, value=52)
    body = {
        **{f"rag_{d}": "groen" for d in ("time", "cost", "scope", "quality", "risk", "overall")},
        "project": budgeted.pk,
        "period": "2026-11-01",
        "rag_benefits": "groen",
        "progress_pct": 40,
        "forecast_end": "2027-06-30",
        "forecast_cost": "100000",
    }
    api_client.force_login(owner)
    refused = api_client.post(
        "/api/v1/status-reports", {**body, "submit": True}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "override_reason_benefits" in refused.content.decode()
    body.update(submit=True, override_reason_benefits="Eigen inschatting.")
    created = api_client.post("/api/v1/status-reports", body, content_type="application/json")
    assert created.status_code == 201, created.content
    row = created.json()
    assert (row["proposed_rag_benefits"], row["override_reason_benefits"]) == (
        "rood",
        "Eigen inschatting.",
    )
