"""The heatmap's figures as Excel and CSV: one row per team and month with the filters the
page shows, months as dates and numbers as numbers."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .heatmap_support import capacity_world

pytestmark = pytest.mark.django_db

EXPORT = "/capaciteit/export/"
HEADER = [
    "Teamcode",
    "Team",
    "Organisatieonderdeel",
    "Maand",
    "Capaciteit (uren)",
    "Vraag lopend (uren)",
    "Vraag voorstellen (uren)",
    "Bezetting (%)",
    "Niveau",
]


@pytest.fixture
def world(department, other_department, owner):
    return capacity_world(department, other_department, owner)


def test_the_excel_has_a_row_per_team_and_month_with_typed_values(client, analyst, world):
    client.force_login(analyst)
    assert reverse("capacity:heatmap_export") == EXPORT
    response = client.get(EXPORT, {"format": "xlsx", "van": "2027-02", "maanden": "12"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="capaciteit-en-vraag')
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert len(rows) == 1 + 2 * 12  # GIS and ICT, twelve months each
    march = next(r for r in rows[1:] if r[0] == "ICT" and r[3].date() == dt.date(2027, 3, 1))
    assert march == (
        "ICT",
        "Informatievoorziening",
        "Wegen",
        march[3],
        312,
        350,
        0,
        112,
        "overbelast",
    )
    february = next(r for r in rows[1:] if r[0] == "ICT" and r[3].month == 2)
    # The proposal is its own column; the load counts it only when the page does.
    assert february[5:] == (0, 300, 0, "ruimte")


def test_the_csv_follows_the_filters_fte_and_proposals(client, analyst, world, department):
    client.force_login(analyst)
    query = {"format": "csv", "eenheid": "fte", "voorstellen": "on", "onderdeel": department.pk}
    response = client.get(EXPORT, query)
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][4] == "Capaciteit (fte)" and {r[0] for r in rows[1:]} == {"ICT"}
    february = next(r for r in rows[1:] if r[3] == "2027-02-01")
    assert february[4:] == ["2.0", "0.0", "1.92", "96", "krap"]


def test_an_unknown_format_is_404(client, analyst, world):
    client.force_login(analyst)
    assert client.get(EXPORT, {"format": "pdf"}).status_code == 404
