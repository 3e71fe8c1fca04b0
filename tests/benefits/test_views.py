"""Pages of the baten: the trio and every role, the owner's measurements, bad input
answered with field errors and nothing saved, the export, and fixed query counts."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from benefits.models import Benefit, Contribution, Measurement
from tests.support.factories import (
    BenefitFactory,
    ContributionFactory,
    MeasurementFactory,
    UserFactory,
)
from tests.support.roles import EVERYONE, answers, expect

pytestmark = pytest.mark.django_db
WHO = (*EVERYONE, "benefit_owner")


@pytest.fixture
def benefit_owner(db):
    """The bateneigenaar: a line manager without a role, who measures the benefit."""
    return UserFactory(username="eigenaar")


@pytest.fixture
def benefit(project, benefit_owner):
    benefit = BenefitFactory(owner=benefit_owner, portfolio=project.portfolio)
    ContributionFactory(benefit=benefit, project=project, share=D(60))
    return benefit


def url(name, benefit=None):
    return reverse(f"benefits:{name}", args=[benefit.pk] if benefit else [])


def test_who_sees_and_who_changes_a_benefit(client, request, benefit):
    """Seen by whoever sees a contributing project and by its owner; changed by the
    PMO-analist, the owner and the projectleider of a contributing project."""
    seen = answers(client, request, url("benefit_detail", benefit), who=WHO)
    assert seen == {**expect(200, outsider=404, no_role_user=404), "benefit_owner": 200}
    edit = answers(client, request, url("benefit_edit", benefit), who=WHO)
    assert edit == {
        **expect(403, owner=200, analyst=200, outsider=404, no_role_user=404),
        "benefit_owner": 200,
    }
    listed = answers(client, request, url("benefit_list"), who=WHO)
    assert set(listed.values()) == {200}


def test_only_the_owner_records_a_measurement(client, request, benefit):
    data = {"measured_on": "2026-06-30", "value": "48", "note": ""}
    posted = answers(
        client, request, url("measurement_add", benefit), method="post", data=data, who=WHO
    )
    assert posted == {
        **expect(403, outsider=404, no_role_user=404),
        "benefit_owner": 302,
    }
    assert Measurement.objects.get().recorded_by.username == "eigenaar"
    benefit.refresh_from_db()
    assert benefit.last_value == 48


def test_a_measurement_before_the_baseline_is_a_field_error(client, benefit, benefit_owner):
    client.force_login(benefit_owner)
    response = client.post(
        url("measurement_add", benefit), {"measured_on": "2025-12-01", "value": "50"}
    )
    assert response.status_code == 422
    assert "vóór de nulmeting" in response.text
    assert not Measurement.objects.exists()


def test_attribution_above_100_is_refused_on_the_page(client, analyst, benefit, department):
    from tests.support.factories import ProjectFactory

    other = ProjectFactory(org_unit=department)
    client.force_login(analyst)
    response = client.post(url("contribution_edit", benefit), {"project": other.pk, "share": "50"})
    assert response.status_code == 422
    assert "110" in response.text
    assert not Contribution.objects.filter(project=other).exists()


def test_vaststellen_without_doam_names_what_is_missing(client, analyst, benefit):
    benefit.measure = ""
    benefit.save()
    client.force_login(analyst)
    form = client.get(url("benefit_edit", benefit)).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "objectives"}
    data.update(approved="on", version=benefit.version)
    data.update(owner=benefit.owner_id, portfolio=benefit.portfolio_id)
    data.update(baseline_value="56", target_value="35")  # as typed, not as stored
    response = client.post(url("benefit_edit", benefit), data)
    assert response.status_code == 422
    assert "O: " in response.text, response.context["form"].errors
    assert not Benefit.objects.get(pk=benefit.pk).is_approved


def test_target_equal_to_baseline_is_a_field_error_on_create(client, analyst, project):
    client.force_login(analyst)
    data = {
        "kind": "baat",
        "name": "Minder klachten",
        "category": "niet-financieel",
        "portfolio": project.portfolio_id,
        "direction": "lager",
        "frequency": 3,
        "status": "verwacht",
        "baseline_value": "10",
        "baseline_date": "2026-01-01",
        "target_value": "10",
        "target_date": "2027-01-01",
        "project": project.pk,
        "share": "100",
    }
    response = client.post(url("benefit_create"), data)
    assert response.status_code == 422
    assert "gelijk aan de nulmeting" in response.text
    assert not Benefit.objects.exists()
    data["target_value"] = "6"
    response = client.post(url("benefit_create"), data)
    assert response.status_code == 302
    created = Benefit.objects.get()
    assert created.contributions.get().project == project


def test_the_register_lists_who_nobody_measures_and_exports(client, analyst, benefit):
    """Quarterly, baseline 1 January: due 1 April; on 1 December nobody measures it."""
    client.force_login(analyst)
    page = client.get(url("benefit_list"))
    assert page.context["totals"].unmeasured == 1
    assert [b.pk for b in page.context["unmeasured"]] == [benefit.pk]
    sheet = load_workbook(io.BytesIO(client.get(url("benefit_list"), {"export": "xlsx"}).content))
    rows = list(sheet.active.values)
    assert rows[1][0] == benefit.name
    measured = client.get(url("benefit_list"), {"progress": "niet-gemeten"}).context["page"]
    assert [b.pk for b in measured.object_list] == [benefit.pk]


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_register_and_profile_take_the_same_queries_at_any_size(client, analyst, project, benefit):
    client.force_login(analyst)
    few = (_count(client, url("benefit_list")), _count(client, url("benefit_detail", benefit)))
    for n in range(25):
        other = BenefitFactory(portfolio=project.portfolio)
        ContributionFactory(benefit=other, project=project, share=D(1))
        MeasurementFactory(benefit=benefit, measured_on=dt.date(2026, 1, 2) + dt.timedelta(n))
    many = (_count(client, url("benefit_list")), _count(client, url("benefit_detail", benefit)))
    assert many == few


def test_a_projects_page_lists_its_benefits_and_offers_a_new_one_to_its_editor(
    client, benefit, project, owner, colleague
):
    detail = project.get_absolute_url()
    client.force_login(owner)
    text = client.get(detail).text
    assert benefit.name in text and "60 % toegerekend" in text
    new = f"{reverse('benefits:benefit_create')}?project={project.code}"
    assert new in text
    form = client.get(new).context["form"]
    assert form.initial["project"] == project
    client.force_login(colleague)  # sees the project and its benefits, leads neither
    text = client.get(detail).text
    assert benefit.name in text and new not in text


def test_a_projectleider_must_name_the_project_of_a_new_profile(client, owner, project):
    """A field error, not a refusal page: the project is theirs to choose."""
    client.force_login(owner)
    response = client.post(
        url("benefit_create"),
        {"kind": "baat", "name": "Minder storingen", "category": "niet-financieel",
         "portfolio": project.portfolio_id, "direction": "lager", "frequency": 3,
         "status": "verwacht"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "project" in response.context["form"].errors
    assert not Benefit.objects.exists()
