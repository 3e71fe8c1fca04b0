"""The risicokaart: counts per cell before and after responses, a row for risks without
a financial effect, bands by score, and one query whatever the register's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from risks import selectors
from risks.models import Risk
from risks.rules.heatmap import band, heat_map
from tests.support.factories import RiskFactory

pytestmark = pytest.mark.django_db


def test_the_grid_counts_each_side_with_probability_five_on_top():
    grid = heat_map([(4, 3, 2, 3, 2), (4, None, 1, None, 1), (5, 5, 2, 3, 1)])
    inherent, residual = grid.inherent, grid.residual
    assert (
        inherent.rows[0].cells[4].count == 1 and inherent.rows[0].cells[4].band == "zeer-hoog"
    )  # p5 × m5
    assert inherent.rows[1].cells[2].count == 2  # p4 × m3
    assert residual.rows[3].cells[2].count == 3  # p2 × m3: both of the first rows and the last
    assert [row.without_money.count for row in residual.rows] == [0, 0, 0, 0, 1]
    assert inherent.total == residual.total == 4


@pytest.mark.parametrize(
    ("score", "name"), [(4, "laag"), (5, "midden"), (12, "hoog"), (16, "zeer-hoog")]
)
def test_bands_follow_the_score(score, name):
    assert band(score) == name


def test_the_heat_map_of_a_register_is_one_query_and_counts_only_open_risks(project, analyst):
    RiskFactory.create_batch(3, project=project)
    RiskFactory(project=project, status=Risk.Status.CLOSED)
    RiskFactory(
        project=project, inherent_money=None, inherent_time=2, residual_money=None, residual_time=1
    )
    visible = Risk.objects.visible_to(analyst)  # reads the analyst's roles once
    with CaptureQueriesContext(connection) as queries:
        grid = selectors.risk_heat_map(visible)
    assert len(queries) == 1
    assert grid.inherent.rows[2].cells[2].count == 3  # p3 × m3, the factory's scores
    assert grid.inherent.rows[2].without_money.count == 1
    assert grid.residual.total == 4
