"""What the selection engine hands HiGHS and what it makes of HiGHS's answers.

The index type, no time limit, input too large for the solver, a model HiGHS refuses, and
numbers that are not numbers. Pure NumPy/SciPy: no database.
"""

import math
import re
from dataclasses import replace

import numpy as np
import pytest
from scipy.optimize import OptimizeResult

from portfolio.scoring.selection import conflicts as engine_conflicts
from portfolio.scoring.selection import (
    diagnose_conflicts,
    efficient_frontier,
    efficient_frontier_points,
    select,
)
from portfolio.scoring.selection import problem as engine_problem
from tests.portfolio.scoring.test_selection import simple


def test_highs_gets_the_rows_with_32_bit_indices(monkeypatch):
    """SciPy 1.13 and 1.14 fail on 64-bit indices ("Buffer dtype mismatch"); the rows of
    requires and excludes rules come out of sparse stacking with 64-bit ones."""
    real_milp = engine_problem.milp
    matrices = []

    def recording_milp(*args, constraints=None, **kwargs):
        matrices.append(constraints.A)
        return real_milp(*args, constraints=constraints, **kwargs)

    monkeypatch.setattr(engine_problem, "milp", recording_milp)
    rules = simple(requires=((0, 1),), excludes=((1, 2),))
    select(rules)
    efficient_frontier(rules, points=2, workers=1)
    infeasible = engine_problem.validated(replace(rules, forced_in=frozenset({0, 2})))
    rows = engine_problem.build_rows(infeasible)
    assert engine_conflicts._deletion_filter(infeasible, rows)  # solves with rows masked
    assert len(matrices) > 3
    for matrix in matrices:
        assert matrix.indices.dtype == np.int32
        assert matrix.indptr.dtype == np.int32


def test_no_time_limit_means_solving_without_one():
    # An unlimited call once left HiGHS no time at all (inf − inf is NaN).
    limited = select(simple())
    unlimited = select(simple(), time_limit=math.inf)
    assert unlimited.status == "optimal"
    assert unlimited.selected == limited.selected
    points = efficient_frontier_points(
        simple(), points=2, time_limit=math.inf, time_limit_per_point=math.inf, workers=1
    )
    assert [point.status for point in points] == ["optimal", "optimal"]
    assert points[-1].selected == limited.selected


@pytest.mark.parametrize(
    ("name", "field", "factor", "limit"),
    [
        ("costs", "costs", 1e15, "1e+15"),
        ("demand", "demand", 1e15, "1e+15"),
        ("values", "values", 1e20, "1e+20"),
    ],
)
def test_input_too_large_for_the_solver_is_its_own_error(name, field, factor, limit):
    """HiGHS refuses such a model; that was read as infeasible, with a made-up conflict."""

    def scaled(by: float):
        base = simple()
        changes = {field: getattr(base, field) * by}
        if field == "costs":
            changes["budgets"] = base.budgets * by
        if field == "demand":
            changes["capacity"] = base.capacity * by
        return replace(base, **changes)

    problem = scaled(factor)
    errors = []
    for call in (select, diagnose_conflicts, lambda p: efficient_frontier(p, points=2)):
        with pytest.raises(ValueError, match=re.escape(f"{name} must stay below {limit}")) as error:
            call(problem)
        errors.append(error.value)
    # Its own type, so a caller can tell it from other refused input.
    from portfolio.scoring.selection import BadlyScaledError

    for error in errors:
        assert isinstance(error, BadlyScaledError)
        assert (error.name, error.limit) == (name, float(limit))
        assert error.largest == pytest.approx(np.abs(getattr(problem, field)).max())
    # A tenth of that still solves, and to the same portfolio.
    assert select(scaled(factor / 10)).selected == select(simple()).selected


def test_a_model_highs_refuses_is_never_reported_as_infeasible(monkeypatch):
    """SciPy gives a HiGHS model error status 2, the status of an infeasible model."""
    monkeypatch.setattr(
        engine_problem,
        "milp",
        lambda *args, **kwargs: OptimizeResult(
            status=2, x=None, mip_gap=None, message="(HiGHS Status 2: Model error)"
        ),
    )
    with pytest.raises(RuntimeError, match="HiGHS refused the model"):
        select(simple())


@pytest.mark.parametrize("gap", [math.nan, -1e-4])
def test_mip_rel_gap_must_be_a_number_of_zero_or_more(gap):
    with pytest.raises(ValueError, match="mip_rel_gap must be zero or positive"):
        select(simple(), mip_rel_gap=gap)
    with pytest.raises(ValueError, match="mip_rel_gap must be zero or positive"):
        efficient_frontier(simple(), points=2, mip_rel_gap=gap)


def test_frontier_budget_factors_must_be_finite():
    with pytest.raises(ValueError, match="both finite"):
        efficient_frontier(simple(), points=3, high=math.inf)
