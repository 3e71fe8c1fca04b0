"""Report pages: the trio on every view, pre-fill, bad input, duplicate, submit, amend."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from portfolio.governance.models import AgendaItem
from portfolio.status.models import StatusReport
from tests.support.factories import BoardMeetingFactory, ProjectBudgetFactory, StatusReportFactory

pytestmark = pytest.mark.django_db
PERIOD = "2026-11"


def create_url(project, period=PERIOD):
    return reverse("status:report_create", args=[project.code]) + f"?periode={period}"


def report_data(**overrides):
    data = {
        f"rag_{d}": "groen"
        for d in ("time", "cost", "scope", "quality", "risk", "benefits", "overall")
    }
    data.update(progress_pct=40, forecast_end="2027-06-30", forecast_cost="100000", periode=PERIOD)
    data.update(overrides)
    return data


@pytest.fixture
def budgeted(project):
    ProjectBudgetFactory(project=project, year=2026, amount=100000)
    return project


@pytest.fixture
def submitted(budgeted):
    return StatusReportFactory(project=budgeted, period=dt.date(2026, 10, 1))


@pytest.mark.parametrize(
    ("view", "owner_status", "colleague_status", "outsider_status"),
    [
        ("create-get", 200, 403, 404),
        ("create-post", 302, 403, 404),
        ("detail", 200, 200, 404),
        ("proposal", 200, 403, 404),
        ("amend", 302, 403, 404),
    ],
)
def test_permission_trio(
    client,
    submitted,
    owner,
    colleague,
    outsider,
    view,
    owner_status,
    colleague_status,
    outsider_status,
):
    project = submitted.project
    for user, expected in [
        (outsider, outsider_status),
        (colleague, colleague_status),
        (owner, owner_status),
    ]:
        client.force_login(user)
        if view == "create-get":
            response = client.get(create_url(project))
        elif view == "create-post":
            response = client.post(create_url(project), report_data())
        elif view == "detail":
            response = client.get(submitted.get_absolute_url())
        elif view == "proposal":
            response = client.get(
                reverse("status:report_proposal", args=[project.code]),
                {"forecast_end": "2027-09-01"},
                headers={"HX-Request": "true"},
            )
        else:
            response = client.post(
                reverse("status:report_amend", args=[project.code, submitted.pk])
            )
        assert response.status_code == expected, (user, view)


def test_form_is_prefilled_from_the_previous_period(client, owner, submitted):
    StatusReport.objects.filter(pk=submitted.pk).update(progress_pct=35, rag_risk="oranje")
    client.force_login(owner)
    response = client.get(create_url(submitted.project))
    assert response.status_code == 200
    assert 'name="progress_pct" value="35"' in response.text
    assert (
        'value="oranje" class="" required id="id_rag_risk_1" checked' in response.text
        or 'id="id_rag_risk_1" checked' in response.text
    )


def test_submit_a_report(client, owner, budgeted):
    client.force_login(owner)
    response = client.post(create_url(budgeted), report_data(indienen="1"))
    report = StatusReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.state == "ingediend"


def test_red_without_explanation_and_bad_numbers_are_field_errors(client, owner, budgeted):
    client.force_login(owner)
    future = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    response = client.post(
        create_url(budgeted),
        report_data(
            rag_risk="rood",
            progress_pct=140,
            forecast_cost="-5",
            actual_cost="10",
            actual_cost_date=future,
            indienen="1",
        ),
    )
    assert response.status_code == 422
    text = response.text
    assert "Verplicht bij oranje of rood." in text
    assert "Voortgang ligt tussen 0 en 100 procent." in text
    assert "Een bedrag kan niet negatief zijn." in text
    assert "De peildatum van de werkelijke kosten ligt in de toekomst." in text
    assert not StatusReport.objects.exists()
    response = client.post(
        create_url(budgeted),
        report_data(rag_risk="rood", actual_cost="10", actual_cost_date=future),
    )
    assert "De peildatum van de werkelijke kosten ligt in de toekomst." in response.text
    assert not StatusReport.objects.exists()


def test_second_report_for_the_period_links_to_the_first(client, owner, budgeted):
    existing = StatusReportFactory(project=budgeted, period=dt.date(2026, 11, 1))
    client.force_login(owner)
    response = client.post(create_url(budgeted), report_data())
    assert response.status_code == 409
    assert existing.get_absolute_url() in response.text
    assert StatusReport.objects.count() == 1
    # Opening the form for a period that has a report leads to that report.
    assert client.get(create_url(budgeted))["Location"] == existing.get_absolute_url()


def test_red_report_beyond_tolerance_lands_on_the_agenda(client, owner, budgeted):
    meeting = BoardMeetingFactory()
    client.force_login(owner)
    response = client.post(
        create_url(budgeted),
        report_data(
            forecast_end="2027-12-31",
            rag_time="rood",
            rag_overall="rood",
            explain_time_cause="Vergunning vertraagd",
            explain_time_effect="Half jaar later",
            explain_time_measure="Fasering",
            exception_cause="Bezwaar",
            exception_consequences="Later klaar",
            exception_options="A: wachten, B: herplannen",
            exception_recommendation="B",
            indienen="1",
        ),
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    assert (item.meeting, item.kind) == (meeting, "exception")


def test_live_proposal_fragment(client, owner, budgeted):
    client.force_login(owner)
    response = client.get(
        reverse("status:report_proposal", args=[budgeted.code]),
        {"forecast_end": "2027-07-20", "forecast_cost": "100000"},
        headers={"HX-Request": "true"},
    )
    assert response.text.strip().startswith('<div id="proposal"')
    assert "pmo-rag--oranje" in response.text  # 20 days over a 30-day tolerance
    assert "20 dagen" in response.text


def test_amend_and_resubmit_keeps_both_versions(client, owner, submitted):
    client.force_login(owner)
    response = client.post(
        reverse("status:report_amend", args=[submitted.project.code, submitted.pk])
    )
    amendment = StatusReport.objects.get(revision=2)
    assert response["Location"] == reverse(
        "status:report_edit", args=[submitted.project.code, amendment.pk]
    )
    response = client.post(
        response["Location"],
        report_data(periode="2026-10", progress_pct=55, version=amendment.version, indienen="1"),
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    amendment.refresh_from_db()
    assert amendment.is_current and not submitted.is_current
    page = client.get(amendment.get_absolute_url()).text
    assert submitted.get_absolute_url() in page  # the earlier version stays reachable


def _report_tab(client, project):
    return client.get(project.get_absolute_url() + "?tab=rapportages")


@time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False)
def test_the_report_tab_offers_the_period_that_is_due_and_nothing_once_it_is_in(
    client, owner, submitted
):
    """On 1 December November is due (by 5 December), not December; October is in."""
    project = submitted.project
    project.planned_start = dt.date(2026, 10, 1)
    project.save()
    client.force_login(owner)
    tab = _report_tab(client, project).text
    assert create_url(project, "2026-11") in tab
    assert "uiterlijk 5 december" in tab
    assert "2026-12" not in tab
    # Without a period the form opens on the one that is due.
    form = client.get(reverse("status:report_create", args=[project.code]))
    assert 'name="periode" value="2026-11"' in form.text
    assert client.get(create_url(project, "2027-01")).status_code == 404
    client.post(create_url(project, "2026-11"), report_data(indienen="1"))
    november = StatusReport.objects.get(project=project, period=dt.date(2026, 11, 1))
    assert november.state == StatusReport.State.SUBMITTED
    assert "?periode=" not in _report_tab(client, project).text
    detail = client.get(november.get_absolute_url()).text
    assert "oktober 2026" in detail  # compared with the period before it


@time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False)
def test_a_missing_earlier_month_is_offered_as_overdue_and_a_draft_is_continued(
    client, owner, budgeted
):
    budgeted.planned_start = dt.date(2026, 9, 1)
    budgeted.save()
    StatusReportFactory(project=budgeted, period=dt.date(2026, 9, 1))
    draft = StatusReportFactory(
        project=budgeted, period=dt.date(2026, 11, 1), state=StatusReport.State.DRAFT
    )
    client.force_login(owner)
    tab = _report_tab(client, budgeted).text
    assert "Concept over november 2026 afmaken" in tab
    assert "Rapporteren over oktober 2026" in tab and "te laat" in tab
    response = client.get(create_url(budgeted, "2026-11"))
    assert response["Location"] == reverse("status:report_edit", args=[budgeted.code, draft.pk])


def test_projects_that_do_not_report_are_offered_no_period(client, analyst, budgeted):
    budgeted.status = "afgerond"
    budgeted.save()
    client.force_login(analyst)
    assert "?periode=" not in _report_tab(client, budgeted).text


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("861.000", Decimal("861000")), ("861.000,50", Decimal("861000.50")), ("€ 861.000", 861000)],
)
def test_dutch_amounts_are_read_as_dutch(client, owner, budgeted, typed, stored):
    budgeted.budgets.update(amount=Decimal("900000"))  # within tolerance: no exception asked
    client.force_login(owner)
    response = client.post(create_url(budgeted), report_data(forecast_cost=typed))
    assert response.status_code == 302
    assert StatusReport.objects.get().forecast_cost == Decimal(stored)


def test_an_amount_that_reads_two_ways_is_refused_with_a_message(client, owner, budgeted):
    """'861.5' is 861,5 or 861.500: never silently one of them."""
    client.force_login(owner)
    response = client.post(create_url(budgeted), report_data(forecast_cost="861.5"))
    assert response.status_code == 422
    assert "op twee manieren te lezen" in response.text and "861.000,50" in response.text
    assert not StatusReport.objects.exists()


def test_amounts_are_shown_in_the_users_notation(client, owner, submitted):
    StatusReport.objects.filter(pk=submitted.pk).update(forecast_cost=Decimal("861000.00"))
    client.force_login(owner)
    assert 'value="861.000"' in client.get(create_url(submitted.project)).text
    client.cookies["django_language"] = "en"
    assert 'value="861,000"' in client.get(create_url(submitted.project)).text


def test_fields_required_for_amber_and_red_are_not_labelled_optional(client, owner, budgeted):
    client.force_login(owner)
    page = client.get(create_url(budgeted)).text
    assert "(verplicht bij oranje of rood)" in page
    assert "(verplicht buiten tolerantie)" in page
    label = page[page.index('for="id_explain_time_cause"') :][:200]
    assert "optioneel" not in label


def test_a_draft_without_colours_is_saved(client, owner, budgeted):
    client.force_login(owner)
    data = {k: v for k, v in report_data().items() if not k.startswith("rag_")}
    response = client.post(create_url(budgeted), data)
    assert response.status_code == 302
    assert StatusReport.objects.get().state == StatusReport.State.DRAFT
