"""The OKR rules: a key result's progress clipped to 0–100 % either way round, the OKR's
unweighted means, the at-risk mark at confidence 4, and the module is pure."""

import ast
from decimal import Decimal as D
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from benefits.rules import okr
from benefits.rules.okr import KeyResultFacts, key_result_progress, summary

MODULE = Path(okr.__file__)


def test_progress_runs_from_start_to_target_and_is_clipped():
    assert key_result_progress(D(0), D(200), D(50)) == 25
    assert key_result_progress(D(0), D(200), D(-10)) == 0  # the wrong way
    assert key_result_progress(D(0), D(200), D(300)) == 100  # past the target


def test_a_decreasing_target_works_the_same():
    """Waiting time 25 → 10 minutes: at 16 it is 60 % of the way there."""
    assert key_result_progress(D(25), D(10), D(16)) == 60
    assert key_result_progress(D(25), D(10), D(30)) == 0
    assert key_result_progress(D(25), D(10), D(5)) == 100


def test_target_equal_to_start_is_undefined_and_refused():
    assert key_result_progress(D(5), D(5), D(7)) is None
    errors = okr.key_result_errors(start=D(5), target=D(5), confidence=5)
    assert errors == {"target_value": [okr.TARGET_IS_START]}


def test_confidence_outside_1_to_10_is_refused():
    for wrong in (0, 11, -3):
        assert okr.key_result_errors(start=D(0), target=D(1), confidence=wrong) == {
            "confidence": [okr.CONFIDENCE_OUT_OF_RANGE]
        }
    assert okr.key_result_errors(start=D(0), target=D(1), confidence=1) == {}
    assert okr.key_result_errors(start=D(0), target=D(1), confidence=10) == {}


def test_a_period_ends_on_or_after_its_start():
    import datetime as dt

    start = dt.date(2026, 10, 1)
    assert okr.period_errors(start, dt.date(2026, 9, 30)) == {
        "period_end": [okr.PERIOD_END_BEFORE_START]
    }
    assert okr.period_errors(start, start) == {}


def test_the_okr_takes_unweighted_means_and_is_at_risk_at_4_or_less():
    facts = [
        KeyResultFacts(D(0), D(100), D(30), 3),  # 30 %
        KeyResultFacts(D(25), D(10), D(16), 5),  # 60 %
    ]
    result = summary(facts)
    assert result.progress == D("45.0")
    assert result.confidence == D("4.0")
    assert result.at_risk
    assert not summary([KeyResultFacts(D(0), D(100), D(30), 5)]).at_risk


def test_an_okr_without_key_results_has_no_figures():
    assert summary([]) == okr.OkrSummary(progress=None, confidence=None, at_risk=False)


def test_means_are_rounded_to_one_decimal():
    facts = [KeyResultFacts(D(0), D(3), D(1), 7), KeyResultFacts(D(0), D(3), D(0), 8)]
    result = summary(facts)
    assert result.progress == D("16.7")
    assert result.confidence == D("7.5")


amounts = st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False)
key_results = st.builds(
    KeyResultFacts,
    start=amounts,
    target=amounts,
    current=amounts,
    confidence=st.integers(min_value=1, max_value=10),
).filter(lambda k: k.start != k.target)


@settings(max_examples=200, deadline=None)
@given(st.lists(key_results, min_size=1, max_size=6))
def test_property_progress_and_confidence_stay_in_their_ranges(facts):
    """Whatever the values: each progress within 0–100, 0 at the start, 100 at the target;
    the OKR's means lie between the smallest and largest of its key results'."""
    progresses = [key_result_progress(k.start, k.target, k.current) for k in facts]
    assert all(D(0) <= p <= D(100) for p in progresses)
    for k in facts:
        assert key_result_progress(k.start, k.target, k.start) == 0
        assert key_result_progress(k.start, k.target, k.target) == 100
    result = summary(facts)
    tenth = D("0.05")
    assert min(progresses) - tenth <= result.progress <= max(progresses) + tenth
    confidences = [k.confidence for k in facts]
    assert min(confidences) - tenth <= result.confidence <= max(confidences) + tenth
    assert result.at_risk == (result.confidence <= okr.AT_RISK_CONFIDENCE)


def test_the_module_imports_no_django_and_nothing_of_the_application():
    imported = set()
    for node in ast.walk(ast.parse(MODULE.read_text())):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"__future__", "datetime", "collections", "dataclasses", "decimal"}
