"""Pages of the OKR's: the trio and every role, key results added and changed with their
progress shown, bad input answered with field errors (422) and nothing saved, a stale
form refused (409), and the register's filters and export."""

import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from benefits.models import KeyResult, Okr
from tests.support.factories import (
    BenefitFactory,
    ContributionFactory,
    KeyResultFactory,
    OkrFactory,
    UserFactory,
)
from tests.support.roles import EVERYONE, answers, expect

pytestmark = pytest.mark.django_db
KEY_RESULT = {"title": "Wachttijd balie", "unit": "minuten", "start_value": "25",
              "target_value": "10", "current_value": "16", "confidence": "6"}  # fmt: skip


@pytest.fixture
def okr(project, owner):
    """Owned by the projectleider of the project it is linked to."""
    return OkrFactory(owner=owner, portfolio=project.portfolio, projects=[project])


def url(name, *args):
    return reverse(f"benefits:{name}", args=[getattr(a, "pk", a) for a in args])


def test_who_sees_and_who_changes_an_okr(client, request, okr):
    """Seen by whoever sees a linked project (and its owner); changed by the owner and
    the PMO-analist; made by the PMO-analist only."""
    assert answers(client, request, url("okr_detail", okr)) == expect(
        200, outsider=404, no_role_user=404
    )
    assert answers(client, request, url("okr_edit", okr)) == expect(
        403, owner=200, analyst=200, outsider=404, no_role_user=404
    )
    assert set(answers(client, request, url("okr_list")).values()) == {200}
    assert answers(client, request, url("okr_create")) == expect(403, analyst=200)


def test_only_the_owner_and_the_analyst_add_a_key_result(client, request, okr):
    found = {}
    for name in EVERYONE:
        client.force_login(request.getfixturevalue(name))
        version = Okr.objects.get(pk=okr.pk).version
        response = client.post(url("key_result_add", okr), {**KEY_RESULT, "version": version})
        found[name] = response.status_code
    assert found == expect(403, owner=302, analyst=302, outsider=404, no_role_user=404)
    assert KeyResult.objects.count() == 2


def test_the_detail_shows_progress_in_words_and_the_links(client, owner, okr, project):
    benefit = BenefitFactory(portfolio=project.portfolio)
    ContributionFactory(benefit=benefit, project=project)
    okr.benefits.add(benefit)
    KeyResultFactory(okr=okr, confidence=3)
    client.force_login(owner)
    text = client.get(url("okr_detail", okr)).text
    assert "60 %" in text and "Van 25 naar 10 minuten; nu 16 minuten." in text
    assert "gevarenzone" in text  # confidence 3: at risk, said in words
    assert project.get_absolute_url() in text and benefit.get_absolute_url() in text


def test_target_equal_to_start_is_a_field_error(client, owner, okr):
    client.force_login(owner)
    data = {**KEY_RESULT, "target_value": "25", "version": 1}
    response = client.post(url("key_result_add", okr), data)
    assert response.status_code == 422
    assert "gelijk aan de startwaarde" in response.text
    assert "target_value" in response.context["key_result_form"].errors
    assert not KeyResult.objects.exists()


def test_confidence_outside_1_to_10_is_a_field_error(client, owner, okr):
    client.force_login(owner)
    response = client.post(url("key_result_add", okr), {**KEY_RESULT, "confidence": "11"})
    assert response.status_code == 422
    assert "confidence" in response.context["key_result_form"].errors
    assert not KeyResult.objects.exists()


def test_the_analyst_creates_an_okr_and_a_bad_period_is_a_field_error(
    client, analyst, owner, project
):
    client.force_login(analyst)
    form = client.get(url("okr_create")).context["form"]
    assert project in form.fields["projects"].queryset
    data = {"title": "Inwoners sneller geholpen", "portfolio": project.portfolio_id,
            "owner": owner.pk, "period_start": "2027-01-01", "period_end": "2026-12-31",
            "projects": [project.pk]}  # fmt: skip
    response = client.post(url("okr_create"), data)
    assert response.status_code == 422
    assert response.context["form"].errors["period_end"] == [
        "De periode eindigt niet vóór ze begint."
    ]
    assert not Okr.objects.exists()
    response = client.post(url("okr_create"), {**data, "period_end": "2027-03-31"})
    assert response.status_code == 302
    assert list(Okr.objects.get().projects.all()) == [project]


def test_a_stale_key_result_form_is_refused_naming_who_changed_it(client, owner, analyst, okr):
    key_result = KeyResultFactory(okr=okr)
    edit = url("key_result_edit", okr, key_result)
    client.force_login(analyst)
    assert client.post(edit, {**KEY_RESULT, "current_value": "12", "version": 1}).status_code == 302
    client.force_login(owner)
    response = client.post(edit, {**KEY_RESULT, "current_value": "14", "version": 1})
    assert response.status_code == 409
    assert str(analyst) in response.text
    assert KeyResult.objects.get().current_value == 12
    okr.refresh_from_db()
    assert okr.progress == D("86.7")


def test_a_key_result_is_removed_and_the_progress_follows(client, owner, okr):
    key_result = KeyResultFactory(okr=okr)
    KeyResultFactory(okr=okr, current_value=D(25))
    client.force_login(owner)
    remove = url("key_result_remove", okr, key_result)
    assert client.post(remove, {"version": 2}).status_code == 409  # not the version seen
    assert client.post(remove, {"version": 1}).status_code == 302
    okr.refresh_from_db()
    assert okr.progress == 0 and KeyResult.objects.count() == 1


def test_the_register_filters_and_exports_what_it_shows(client, analyst, okr, project):
    KeyResultFactory(okr=okr, confidence=3)
    calm = OkrFactory(portfolio=project.portfolio, owner=UserFactory(), title="Rustig doel")
    KeyResultFactory(okr=calm, confidence=8)
    client.force_login(analyst)
    page = client.get(url("okr_list"), {"at_risk": "ja"})
    assert [o.pk for o in page.context["page"].object_list] == [okr.pk]
    assert page.context["figures"]["at_risk"] == 1
    owned = client.get(url("okr_list"), {"owner": calm.owner_id}).context["page"]
    assert [o.pk for o in owned.object_list] == [calm.pk]
    coming = client.get(url("okr_list"), {"period": "2027-K1"}).context["page"]
    assert list(coming.object_list) == []
    sheet = load_workbook(
        io.BytesIO(client.get(url("okr_list"), {"at_risk": "ja", "export": "xlsx"}).content)
    )
    rows = list(sheet.active.values)
    assert len(rows) == 2 and rows[1][0] == okr.title
    assert sheet.active.cell(2, rows[0].index("Voortgang (%)") + 1).number_format == '0"%"'
    assert "Wachttijd aan de balie" in rows[1][9]
    csv = client.get(url("okr_list"), {"export": "csv", "sort": "title"}).content.decode()
    assert csv.index("Inwoners sneller") < csv.index("Rustig doel")


def test_a_projects_page_shows_its_okrs_progress_to_who_sees_the_okr(
    client, okr, project, colleague
):
    KeyResultFactory(okr=okr, confidence=2)
    client.force_login(colleague)  # sees the project, so the OKR linked to it
    text = client.get(project.get_absolute_url()).text
    assert okr.get_absolute_url() in text and "60 %" in text and "gevarenzone" in text


def test_an_id_no_database_holds_is_a_field_error(client, analyst, project):
    """The form fuzzer sent 99999999999999999999 as a project: 500 before, 422 now."""
    client.force_login(analyst)
    data = {"title": "Doel", "portfolio": project.portfolio_id, "period_start": "2027-01-01",
            "period_end": "2027-03-31", "projects": ["99999999999999999999"]}  # fmt: skip
    response = client.post(url("okr_create"), data)
    assert response.status_code == 422
    assert "projects" in response.context["form"].errors
