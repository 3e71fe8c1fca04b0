"""The Microsoft Project XML (MSPDI) reader: what it takes from a plan, and every file it
refuses. The files in mspdi/ are written by hand from the published schema."""

import datetime as dt
import time
from decimal import Decimal
from pathlib import Path

import pytest

from pmo.imports.reading import FileProblem
from portfolio.projects import mspdi

FILES = Path(__file__).parent / "mspdi"


def read(name: str) -> bytes:
    return (FILES / name).read_bytes()


def plan_xml(tasks: str, project: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Project xmlns="http://schemas.microsoft.com/project">'
        f"<Name>Plan.xml</Name>{project}<Tasks>{tasks}</Tasks></Project>"
    ).encode()


def refused(data: bytes) -> FileProblem:
    with pytest.raises(FileProblem) as caught:
        mspdi.parse(data)
    return caught.value


def test_a_project_2019_plan_gives_its_summary_baseline_costs_and_milestones():
    plan = mspdi.parse(read("marktplein_project2019.xml"))
    assert plan.label == "Herinrichting Marktplein"
    assert plan.guid == "5B8E2F3A-9C41-EF11-A7D2-00155D0A1B2C"
    assert plan.code == "RU-2027-101"  # the "Projectcode" custom field on the summary task
    # The summary task's forecast and its baseline (Number 0) are different things.
    assert (plan.start, plan.finish) == (dt.date(2026, 3, 2), dt.date(2027, 9, 30))
    assert (plan.baseline_start, plan.baseline_finish) == (
        dt.date(2026, 3, 2),
        dt.date(2027, 6, 30),
    )
    # MSPDI keeps money in hundredths: <Cost>185000000</Cost> is 1.850.000,00.
    assert plan.baseline_cost == Decimal("1850000.00")
    assert plan.cost == Decimal("1985000.00")
    assert plan.actual_cost == Decimal("412500.00")
    assert plan.status_date == dt.date(2026, 11, 30)  # StatusDate before CurrentDate
    assert plan.percent_complete == 38
    # 3 phases, 8 tasks, 3 milestones; the summary and the blank (IsNull) row not counted.
    assert plan.task_count == 14
    assert [(m.uid, m.name) for m in plan.milestones] == [
        (3, "Besluit projectplan"),
        (8, "Definitief ontwerp vastgesteld"),
        (14, "Oplevering plein"),
    ]
    decided, designed, delivered = plan.milestones
    assert decided.baseline_finish == dt.date(2026, 4, 24)
    assert decided.finish == decided.actual_finish == dt.date(2026, 4, 30)
    assert designed.guid == "7A3C1E08-4F2B-EF11-9C3D-00155D0A1B2C"
    assert delivered.baseline_finish == dt.date(2027, 6, 30)
    assert delivered.finish == dt.date(2027, 9, 30)
    assert delivered.actual_finish is None and delivered.percent_complete == 0


def test_without_a_summary_task_the_tasks_span_the_project():
    plan = mspdi.parse(read("minimal.xml"))
    assert (plan.start, plan.finish) == (dt.date(2026, 9, 14), dt.date(2027, 4, 16))
    assert plan.baseline_start is plan.baseline_finish is None
    assert plan.cost is plan.baseline_cost is plan.actual_cost is None
    assert plan.guid is None and plan.code is None
    assert plan.label == "Vroegsignalering"  # the file's <Name> without .xml
    assert plan.status_date == dt.date(2026, 11, 20)  # no StatusDate: the CurrentDate
    (milestone,) = plan.milestones  # <Milestone>true</Milestone>: xsd:boolean
    assert milestone.finish == dt.date(2027, 1, 11) and milestone.baseline_finish is None


def test_undated_tasks_leave_the_project_s_own_start_and_finish():
    plan = mspdi.parse(
        plan_xml(
            "<Task><UID>1</UID><Name>Nog te plannen</Name></Task>",
            project="<StartDate>2027-01-04T08:00:00</StartDate>"
            "<FinishDate>2027-12-17T17:00:00</FinishDate>",
        )
    )
    assert (plan.start, plan.finish) == (dt.date(2027, 1, 4), dt.date(2027, 12, 17))
    assert plan.milestones == ()


def test_the_summary_is_found_by_outline_level_0_and_only_baseline_0_counts():
    plan = mspdi.parse(
        plan_xml(
            "<Task><UID>100</UID><Name>Samenvatting</Name><OutlineLevel>0</OutlineLevel>"
            "<Start>2027-02-01T08:00:00</Start><Finish>2027-05-28T17:00:00</Finish>"
            "<Cost>0</Cost>"
            "<Baseline><Number>1</Number><Finish>2027-03-31T17:00:00</Finish>"
            "<Cost>99900</Cost></Baseline></Task>"
            "<Task><UID>101</UID><Name>Werk</Name><OutlineLevel>1</OutlineLevel>"
            "<Start>2027-02-01T08:00:00</Start><Finish>2027-05-28T17:00:00</Finish></Task>"
        )
    )
    assert plan.summary_name == "Samenvatting" and plan.task_count == 1
    assert plan.finish == dt.date(2027, 5, 28)
    assert plan.baseline_finish is None and plan.baseline_cost is None  # Baseline1 is not it
    assert plan.cost == Decimal("0.00")  # the reader reports 0 as 0


@pytest.mark.parametrize("name", ["xxe.xml", "billion_laughs.xml"])
def test_a_file_with_a_dtd_or_entities_is_refused_before_anything_expands(name):
    started = time.perf_counter()
    problem = refused(read(name))
    assert problem.code == "xxe"
    assert "DTD" in problem.message and "veiligheid" in problem.message
    assert "root:" not in problem.message  # /etc/passwd was never read
    assert time.perf_counter() - started < 1  # the laughs were never expanded


def test_xml_that_is_not_a_project_plan_is_refused():
    problem = refused(read("rss.xml"))
    assert problem.code == "not_mspdi"
    assert "geen Microsoft Project-bestand" in problem.message


def test_a_project_element_outside_the_mspdi_namespace_is_not_mspdi():
    data = b"<Project><Tasks><Task><UID>1</UID></Task></Tasks></Project>"
    assert refused(data).code == "not_mspdi"


def test_a_plan_without_tasks_is_refused():
    problem = refused(read("no_tasks.xml"))
    assert problem.code == "not_mspdi"
    assert "geen taken" in problem.message


def test_a_damaged_file_says_where_it_breaks():
    problem = refused(read("minimal.xml")[:-40])
    assert problem.code == "unreadable"
    assert "geen leesbaar XML-bestand" in problem.message


def test_a_date_that_is_no_date_is_named_with_its_task():
    problem = refused(
        plan_xml("<Task><UID>1</UID><Name>Gunning</Name><Start>morgen</Start></Task>")
    )
    assert problem.code == "unreadable"
    assert "Start Gunning" in problem.message and "morgen" in problem.message


def test_a_file_over_the_size_limit_is_refused_unread(settings):
    settings.IMPORT_MAX_BYTES = 1000
    problem = refused(read("marktplein_project2019.xml"))
    assert problem.code == "too_large"


def test_a_total_is_spread_over_calendar_years_by_days_to_the_cent():
    # 2026-03-02 .. 2027-06-30: 305 days in 2026, 181 in 2027.
    spread = mspdi.spread_over_years(
        Decimal("1850000.00"), dt.date(2026, 3, 2), dt.date(2027, 6, 30)
    )
    assert spread == {2026: Decimal("1161008.23"), 2027: Decimal("688991.77")}
    # 365, 365 and 366 days (2028 is a leap year); the last year takes the rounding.
    three = mspdi.spread_over_years(Decimal("100.00"), dt.date(2026, 1, 1), dt.date(2028, 12, 31))
    assert three == {2026: Decimal("33.30"), 2027: Decimal("33.30"), 2028: Decimal("33.40")}
    assert sum(three.values()) == Decimal("100.00")
    assert mspdi.spread_over_years(Decimal("5"), dt.date(2027, 5, 1), dt.date(2027, 5, 1)) == {
        2027: Decimal("5.00")
    }
