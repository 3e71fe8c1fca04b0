"""The periods a project still owes a report on: pure dates, checked month by month."""

import datetime as dt

from portfolio.status.rules.due import periods_due

DEC_1 = dt.date(2026, 12, 1)


def due(today=DEC_1, start=dt.date(2026, 1, 15), reports=(), **kwargs):
    return periods_due(today=today, start=start, reports=reports, months=1, due_days=5, **kwargs)


def test_on_the_first_of_december_november_is_due_on_the_fifth():
    """The month just ended is offered, not the month that has begun."""
    (november,) = due(reports=[(dt.date(2026, m, 1), True) for m in range(1, 11)])
    assert november.period == dt.date(2026, 11, 1)
    assert november.due == dt.date(2026, 12, 5)
    assert not november.overdue


def test_an_earlier_missing_month_is_offered_as_overdue():
    reports = [(dt.date(2026, m, 1), True) for m in range(1, 10)]
    periods = due(reports=reports)
    assert [(p.period.month, p.overdue) for p in periods] == [(11, False), (10, True)]
    assert due(today=dt.date(2026, 12, 6), reports=reports)[0].overdue


def test_nothing_once_every_ended_period_is_in():
    assert due(reports=[(dt.date(2026, m, 1), True) for m in range(1, 12)]) == []


def test_a_draft_is_still_owed_and_says_so():
    reports = [(dt.date(2026, m, 1), True) for m in range(1, 11)] + [(dt.date(2026, 11, 1), False)]
    (november,) = due(reports=reports)
    assert november.has_draft


def test_not_before_the_project_started_and_at_most_the_limit():
    assert [p.period for p in due(start=dt.date(2026, 11, 20))] == [dt.date(2026, 11, 1)]
    assert due(start=dt.date(2026, 12, 1)) == []
    assert len(due(start=dt.date(2020, 1, 1))) == 3
    assert len(due(start=None, limit=99)) == 12  # the look-back bounds the search


def test_quarterly_periods():
    periods = periods_due(today=DEC_1, start=dt.date(2026, 1, 1), reports=[], months=3, due_days=5)
    assert [p.period for p in periods] == [
        dt.date(2026, 7, 1),
        dt.date(2026, 4, 1),
        dt.date(2026, 1, 1),
    ]
