"""Pages of the risk register: the trio and every role, the risicokaart filtering the
register, bad input answered with field errors and nothing saved, escalation, the
export, and a fixed number of queries whatever the register's size."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from risks.models import Risk
from tests.support import query_counts
from tests.support.factories import RiskFactory
from tests.support.roles import answers, expect

pytestmark = pytest.mark.django_db

POSTED = {
    "kind": "bedreiging",
    "title": "Bezwaar tegen de vergunning",
    "cause": "Omwonenden zijn tegen de kap van bomen.",
    "event": "Bezwaar en beroep.",
    "effect": "De uitvoering schuift op.",
    "category": "juridisch",
    "inherent_probability": "4",
    "inherent_money": "3",
    "residual_probability": "2",
    "residual_money": "3",
    "status": "open",
    "raised_on": "2026-03-01",
}


def test_who_sees_and_who_changes_a_projects_risk(client, request, project):
    """Seen with the project; changed by its projectleider and the PMO-analist."""
    risk = RiskFactory(project=project)
    assert answers(client, request, risk.get_absolute_url()) == expect(
        200, outsider=404, no_role_user=404
    )
    edit = reverse("risks:risk_edit", args=[risk.pk])
    assert answers(client, request, edit) == expect(
        403, owner=200, analyst=200, outsider=404, no_role_user=404
    )
    assert set(answers(client, request, reverse("risks:risk_list")).values()) == {200}


def test_the_projectleider_raises_a_risk_and_bad_scores_are_field_errors(client, owner, project):
    client.force_login(owner)
    url = reverse("risks:risk_create")
    refused = client.post(
        url, {**POSTED, "project": project.pk, "residual_probability": "5", "residual_money": "5"}
    )
    assert refused.status_code == 422
    assert "hoger dan de bruto score" in refused.content.decode()
    assert not Risk.objects.exists()
    made = client.post(url, {**POSTED, "project": project.pk})
    assert made.status_code == 302
    risk = Risk.objects.get()
    assert (risk.project, risk.inherent_score, risk.residual_score) == (project, 12, 6)


def test_a_cell_of_the_risicokaart_filters_the_register(client, analyst, project):
    RiskFactory(project=project, title="In het vak")  # residual 2 × 3
    RiskFactory(project=project, title="Ernaast", residual_probability=4)
    client.force_login(analyst)
    page = client.get(reverse("risks:risk_list"), {"kaart": "netto-2-3"}).content.decode()
    assert "In het vak" in page and "Ernaast" not in page
    whole = client.get(reverse("risks:risk_list")).content.decode()
    assert 'href="?kaart=netto-2-3#results"' in whole and 'href="?kaart=bruto-3-3#results"' in whole


def test_escalation_from_the_page_needs_a_reason(client, owner, project):
    risk = RiskFactory(project=project)
    client.force_login(owner)
    url = reverse("risks:risk_escalate", args=[risk.pk])
    assert client.post(url, {"version": risk.version, "reason": ""}).status_code == 422
    assert (
        client.post(url, {"version": risk.version, "reason": "Raakt het programma"}).status_code
        == 302
    )
    risk.refresh_from_db()
    assert risk.is_escalated and risk.escalation_reason == "Raakt het programma"
    assert client.post(url, {"version": risk.version, "back": "1"}).status_code == 302
    risk.refresh_from_db()
    assert not risk.is_escalated


def test_the_register_exports_with_its_filters(client, analyst, project):
    RiskFactory(project=project, title="Open")
    RiskFactory(project=project, title="Dicht", status=Risk.Status.CLOSED)
    client.force_login(analyst)
    response = client.get(reverse("risks:risk_list"), {"status": "open", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["Open"]
    assert rows[0][1] == "Soort" and rows[1][1] == "bedreiging"


def test_the_register_reads_a_fixed_number_of_queries(client, analyst, project):
    client.force_login(analyst)
    url = reverse("risks:risk_list")
    counts = []
    for size in (5, 120):
        RiskFactory.create_batch(size, project=project)
        counts.append(query_counts.count(client, url))
    assert counts[0] == counts[1]
