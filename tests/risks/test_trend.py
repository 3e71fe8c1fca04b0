"""The register's trend per month: a risk counts from the day it was raised until the
day it was closed, at each month's end, in one query; and the distribution chart marks
the benodigde and beschikbare capacity where they fall."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from risks.figures import distribution_figure
from risks.models import Risk
from risks.selectors import risk_trend
from risks.selectors.resistance import month_ends
from tests.support.factories import RiskFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 15)


def test_month_ends_run_a_year_to_today():
    months = month_ends(TODAY)
    assert months[0] == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert months[1] == (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert months[2][1] == dt.date(2026, 2, 28)
    assert months[-1] == (dt.date(2026, 11, 1), TODAY)
    assert len(months) == 12


def test_a_risk_counts_from_raised_to_closed_in_one_query(project):
    RiskFactory(project=project, raised_on=dt.date(2026, 3, 10), expected_value=Decimal(1000))
    RiskFactory(
        project=project,
        raised_on=dt.date(2026, 1, 5),
        status=Risk.Status.CLOSED,
        closed_on=dt.date(2026, 6, 30),  # the month's last day: no longer open at its end
        expected_value=Decimal(500),
    )
    RiskFactory(project=project, raised_on=dt.date(2026, 2, 1), kind=Risk.Kind.OPPORTUNITY)
    with CaptureQueriesContext(connection) as queries:
        months = {m.month: m for m in risk_trend(Risk.objects.all(), TODAY)}
    assert len(queries) == 1
    assert months[dt.date(2025, 12, 1)].open_risks == 0
    assert months[dt.date(2026, 2, 1)].open_risks == 1
    assert (months[dt.date(2026, 3, 1)].open_risks, months[dt.date(2026, 3, 1)].expected) == (
        2,
        1500.0,
    )
    assert months[dt.date(2026, 6, 1)].open_risks == 1
    assert months[dt.date(2026, 11, 1)].open_risks == 1


def test_the_distribution_marks_required_and_available_in_their_bins():
    figure = distribution_figure(
        edges=[0, 100, 200, 300],
        counts=[5, 3, 2],
        required=250,
        available=100,
        title="Verdeling",
        labels={
            "share": "aandeel",
            "cumulative": "cumulatief",
            "amount": "totaal",
            "required": "benodigd",
            "available": "beschikbaar",
        },
    )
    bars, line = figure["data"]
    assert bars["y"] == [50.0, 30.0, 20.0]
    assert line["y"] == [50.0, 80.0, 100.0]
    # Bin i spans i − 0.5 … i + 0.5 on the category axis: 250 is halfway the third bin.
    assert [shape["x0"] for shape in figure["layout"]["shapes"]] == [2.0, 0.5]


def test_the_register_loads_the_trend_after_itself_and_it_works_as_a_page(client, owner, project):
    """The register's page does not wait for the trend's scan of every threat: it loads
    it in place (htmx) from a page that also stands on its own without JavaScript."""
    from django.urls import reverse

    RiskFactory(project=project, raised_on=dt.date(2026, 3, 10), expected_value=Decimal(1000))
    client.force_login(owner)
    register = client.get(reverse("risks:risk_list")).content.decode()
    url = reverse("risks:risk_trend")
    assert f'hx-get="{url}"' in register and 'data-figure="risk-trend"' not in register
    page = client.get(url).content.decode()
    assert "<h1" in page and 'data-figure="risk-trend"' in page
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<h1" not in fragment and 'data-figure="risk-trend"' in fragment
