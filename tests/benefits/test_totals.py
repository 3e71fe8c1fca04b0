"""The baten's totals where people look for them: per objective in the register, per
programme on the programme's page."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from benefits import selectors
from benefits.models import Benefit
from tests.support.factories import BenefitFactory, ObjectiveFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_totals_per_objective_count_a_benefit_under_each_it_serves(project):
    today = timezone.localdate()
    mobility, safety = ObjectiveFactory(name="Bereikbaar"), ObjectiveFactory(name="Veilig")
    both = BenefitFactory(portfolio=project.portfolio)
    both.objectives.set([mobility, safety])
    BenefitFactory(portfolio=project.portfolio).objectives.set([mobility])
    BenefitFactory(portfolio=project.portfolio)  # serves no objective
    rows = {
        row["objectives__name"]: row["totals"]
        for row in selectors.totals_by_objective(Benefit.objects.all(), today)
    }
    assert {name: t.benefits for name, t in rows.items()} == {"Bereikbaar": 2, "Veilig": 1, None: 1}


def test_the_programme_page_shows_its_baten_to_whoever_sees_them(client, analyst, owner, project):
    programme = ProgrammeFactory(portfolio=project.portfolio, manager=owner)
    project.programme = programme
    project.save()
    BenefitFactory(
        portfolio=project.portfolio,
        programme=programme,
        category=Benefit.Category.CASHABLE,
        baseline_value=D(0),
        target_value=D(100_000),
        direction="hoger",
        baseline_date=dt.date(2026, 1, 1),
    )
    url = reverse("status:programme_detail", args=[programme.code])
    client.force_login(analyst)
    page = client.get(url).content.decode()
    assert 'id="benefit-totals-heading"' in page
    assert f"/baten/?programme={programme.pk}" in page
    client.force_login(owner)  # the programme's manager sees its baten too
    assert 'id="benefit-totals-heading"' in client.get(url).content.decode()


def test_the_register_shows_the_totals_per_programme_and_per_objective(client, analyst, project):
    programme = ProgrammeFactory(portfolio=project.portfolio, name="Mobiliteit")
    benefit = BenefitFactory(portfolio=project.portfolio, programme=programme)
    benefit.objectives.set([ObjectiveFactory(name="Bereikbaar")])
    client.force_login(analyst)
    page = client.get(reverse("benefits:benefit_list")).content.decode()
    assert f'href="?programme={programme.pk}">Mobiliteit</a>' in page
    assert "Bereikbaar (" in page and "Per strategische doelstelling" in page


def test_a_projects_page_sums_its_share_of_the_attributed_benefits(client, owner, project):
    """The € figures are the project's share; the counts are as the register counts."""
    from tests.support.factories import ContributionFactory, MeasurementFactory

    money = BenefitFactory(
        portfolio=project.portfolio,
        category=Benefit.Category.CASHABLE,
        direction="hoger",
        baseline_value=D(0),
        target_value=D(100_000),
    )
    ContributionFactory(benefit=money, project=project, share=D(50))
    MeasurementFactory(benefit=money, measured_on=timezone.localdate(), value=D(40_000))
    money.refresh_from_db()
    totals = selectors.share_totals(
        list(selectors.project_benefits(user=owner, project=project)), timezone.localdate()
    )
    assert totals.benefits == 1
    assert (
        totals.realised == (money.realised_amount / 2).quantize(D("0.01")) and totals.realised > 0
    )
    client.force_login(owner)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "1 baat:" in page and "financieel voor dit project" in page
