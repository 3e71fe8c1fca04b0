import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from pmo.actors import Actor
from pmo.periods import period_end, period_start, shift
from pmo.versioning import StaleError
from portfolio.governance.models import AgendaItem
from portfolio.status import selectors as report_selectors
from portfolio.status import services as report_services
from portfolio.status.models import ProjectTolerance, ReportReminder, StatusReport
from tests.support.factories import BoardMeetingFactory, ProjectBudgetFactory, StatusReportFactory

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
    values.update(overrides)
    return values


@pytest.fixture
def budgeted(project):
    ProjectBudgetFactory(project=project, year=2026, amount=Decimal("100000"))
    return project


def test_periods():
    assert period_start(dt.date(2026, 11, 21)) == PERIOD
    assert period_start(dt.date(2026, 11, 21), months=3) == dt.date(2026, 10, 1)
    assert shift(PERIOD, -1) == dt.date(2026, 10, 1)
    assert shift(dt.date(2026, 1, 1), -1) == dt.date(2025, 12, 1)
    assert period_end(PERIOD) == dt.date(2026, 11, 30)


def test_create_and_submit_a_green_report(owner, budgeted):
    report = report_services.report_create(
        actor=Actor.screen(owner), project=budgeted, period=PERIOD, values=green()
    )
    assert report.state == StatusReport.State.DRAFT
    assert (report.proposed_rag_time, report.proposed_rag_cost) == ("groen", "groen")
    submitted = report_services.report_submit(
        actor=Actor.screen(owner), report=report, expected_version=1
    )
    assert submitted.state == StatusReport.State.SUBMITTED
    assert submitted.submitted_by == owner
    assert not submitted.is_exception
    # Roll-ups and the overview read the project's pointer, not the reports.
    budgeted.refresh_from_db()
    assert budgeted.current_report_id == submitted.pk


def submit(owner, project, values):
    return report_services.report_save(
        actor=Actor.screen(owner), project=project, period=PERIOD, values=values, submit=True
    )


def test_amber_without_cause_effect_measure_is_refused_at_submit(owner, budgeted):
    with pytest.raises(ValidationError) as error:
        submit(owner, budgeted, green(rag_scope="oranje"))
    assert set(error.value.message_dict) == {
        "explain_scope_cause",
        "explain_scope_effect",
        "explain_scope_measure",
    }
    assert not StatusReport.objects.exists()


def test_a_draft_saves_incomplete_and_the_checks_run_at_submit(owner, budgeted):
    """No colours, no progress, an unexplained amber: a draft, not yet a report."""
    values = {**green(rag_scope="oranje"), "rag_time": "", "progress_pct": None}
    draft = report_services.report_create(
        actor=Actor.screen(owner), project=budgeted, period=PERIOD, values=values
    )
    assert draft.state == StatusReport.State.DRAFT and draft.progress_pct is None
    with pytest.raises(ValidationError) as error:
        report_services.report_submit(actor=Actor.screen(owner), report=draft, expected_version=1)
    assert {"rag_time", "progress_pct", "explain_scope_cause"} <= set(error.value.message_dict)


def test_override_of_the_proposal_needs_a_reason_and_both_are_kept(owner, budgeted):
    late = green(forecast_end=dt.date(2027, 7, 20))  # 20 days late: amber proposed
    with pytest.raises(ValidationError) as error:
        submit(owner, budgeted, late)
    assert "override_reason_time" in error.value.message_dict
    report = submit(
        owner,
        budgeted,
        {**late, "override_reason_time": "Uitloop al gecompenseerd in de planning."},
    )
    assert (report.proposed_rag_time, report.rag_time) == ("oranje", "groen")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"forecast_end": dt.date(1900, 1, 1)}, "forecast_end"),
        (
            {"actual_cost": Decimal("500000"), "actual_cost_date": dt.date(2026, 11, 30)},
            "forecast_cost",
        ),
    ],
)
def test_the_impossible_is_refused_even_in_a_draft(owner, budgeted, values, field):
    """A forecast end before the period, a forecast below what was spent."""
    with pytest.raises(ValidationError) as error:
        report_services.report_create(
            actor=Actor.screen(owner), project=budgeted, period=PERIOD, values=green(**values)
        )
    assert field in error.value.message_dict


def test_the_implausible_needs_a_reason_at_submit(owner, budgeted):
    """Progress from 97 % to 5 %, a billion spent on a €100.000 project."""
    StatusReportFactory(project=budgeted, period=dt.date(2026, 10, 1), progress_pct=97)
    values = green(
        progress_pct=5,
        actual_cost=Decimal("999999999999"),
        actual_cost_date=dt.date(2026, 11, 30),
        forecast_cost=Decimal("999999999999"),
        rag_cost="rood",
        rag_overall="rood",
        explain_cost_cause="x",
        explain_cost_effect="x",
        explain_cost_measure="x",
        exception_cause="x",
        exception_consequences="x",
        exception_options="x",
        exception_recommendation="x",
    )
    with pytest.raises(ValidationError) as error:
        submit(owner, budgeted, values)
    messages = error.value.message_dict["plausibility_reason"]
    assert any("daalt van 97 % naar 5 %" in m for m in messages)
    assert any("meer dan 3 keer het budget" in m for m in messages)
    report = submit(owner, budgeted, {**values, "plausibility_reason": "Herstart na faillissement"})
    assert report.plausibility_reason == "Herstart na faillissement"


def test_beyond_tolerance_is_an_exception_on_the_board_agenda(owner, budgeted):
    meeting = BoardMeetingFactory()
    ProjectTolerance.objects.create(project=budgeted, time_days=30, cost_pct=Decimal(10))
    values = green(
        forecast_cost=Decimal("125000"),
        rag_cost="rood",
        rag_overall="rood",
        explain_cost_cause="Aanbesteding duurder",
        explain_cost_effect="25% meer kosten",
        explain_cost_measure="Scope verkleinen",
    )
    report = report_services.report_create(
        actor=Actor.screen(owner), project=budgeted, period=PERIOD, values=values
    )
    assert report.is_exception and report.proposed_rag_cost == "rood"
    with pytest.raises(ValidationError) as error:  # exception report fields on submit
        report_services.report_submit(actor=Actor.screen(owner), report=report, expected_version=1)
    assert "exception_recommendation" in error.value.message_dict
    report = report_services.report_submit(
        actor=Actor.screen(owner),
        report=report,
        expected_version=1,
        values={
            **values,
            "exception_cause": "Markt",
            "exception_consequences": "Tekort",
            "exception_options": "A of B",
            "exception_recommendation": "B",
        },
    )
    item = AgendaItem.objects.get()
    assert (item.meeting, item.kind, item.report) == (meeting, "exception", report)


def test_bad_input_is_refused(owner, budgeted):
    future = dt.date.today() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        report_services.report_create(
            actor=Actor.screen(owner),
            project=budgeted,
            period=PERIOD,
            values=green(
                progress_pct=120,
                forecast_cost=Decimal(-1),
                actual_cost=Decimal(5),
                actual_cost_date=future,
            ),
        )
    assert {"progress_pct", "forecast_cost", "actual_cost_date"} <= set(error.value.message_dict)


def test_second_report_for_the_same_period_is_refused(owner, budgeted):
    first = report_services.report_create(
        actor=Actor.screen(owner), project=budgeted, period=PERIOD, values=green()
    )
    with pytest.raises(report_services.DuplicateReportError) as duplicate:
        report_services.report_create(
            actor=Actor.screen(owner), project=budgeted, period=PERIOD, values=green()
        )
    assert duplicate.value.existing == first


def test_prefill_comes_from_the_previous_period(owner, budgeted):
    StatusReportFactory(
        project=budgeted,
        period=dt.date(2026, 10, 1),
        rag_risk="oranje",
        progress_pct=35,
        explanations={"risk": {"cause": "c", "effect": "e", "measure": "m"}},
    )
    values = report_selectors.report_prefill(budgeted, PERIOD)
    assert values["progress_pct"] == 35
    assert values["rag_risk"] == "oranje"
    assert values["explain_risk_cause"] == "c"


def test_amendment_keeps_the_earlier_version_visible(owner, budgeted):
    report = report_services.report_create(
        actor=Actor.screen(owner), project=budgeted, period=PERIOD, values=green()
    )
    report = report_services.report_submit(
        actor=Actor.screen(owner), report=report, expected_version=1
    )
    amendment = report_services.report_amend(actor=Actor.screen(owner), report=report)
    assert amendment.revision == 2 and not amendment.is_current
    report.refresh_from_db()
    assert report.is_current  # until the amendment is submitted
    report_services.report_update(
        actor=Actor.screen(owner),
        report=amendment,
        expected_version=1,
        values=green(progress_pct=45),
    )
    report_services.report_submit(actor=Actor.screen(owner), report=amendment, expected_version=2)
    report.refresh_from_db()
    amendment.refresh_from_db()
    assert not report.is_current and amendment.is_current
    assert StatusReport.objects.filter(project=budgeted, period=PERIOD).count() == 2
    assert amendment.progress_pct == 45 and report.progress_pct == 40


def test_stale_draft_update_is_refused(owner, budgeted):
    report = report_services.report_create(
        actor=Actor.screen(owner), project=budgeted, period=PERIOD, values=green()
    )
    report_services.report_update(
        actor=Actor.screen(owner), report=report, expected_version=1, values=green(progress_pct=41)
    )
    with pytest.raises(StaleError):
        report_services.report_update(
            actor=Actor.screen(owner),
            report=report,
            expected_version=1,
            values=green(progress_pct=99),
        )
    report.refresh_from_db()
    assert report.progress_pct == 41


def test_submitting_resolves_the_reminder(owner, budgeted):
    ReportReminder.objects.create(project=budgeted, period=PERIOD)
    report = report_services.report_create(
        actor=Actor.screen(owner), project=budgeted, period=PERIOD, values=green()
    )
    report_services.report_submit(actor=Actor.screen(owner), report=report, expected_version=1)
    assert ReportReminder.objects.get().resolved_at is not None


def test_refused_submission_leaves_no_draft_behind(owner, budgeted):
    ProjectTolerance.objects.create(project=budgeted, time_days=30, cost_pct=Decimal(10))
    values = green(
        forecast_cost=Decimal("125000"),
        rag_cost="rood",
        rag_overall="rood",
        explain_cost_cause="c",
        explain_cost_effect="e",
        explain_cost_measure="m",
    )
    with pytest.raises(ValidationError):  # an exception without its report fields
        report_services.report_save(
            actor=Actor.screen(owner), project=budgeted, period=PERIOD, values=values, submit=True
        )
    assert not StatusReport.objects.exists()
