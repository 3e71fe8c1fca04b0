"""Engine time of the afwegingskader (portfolio/scoring): no database, no Django.

Cases: weighted ranking of P projects × C criteria (goal < 50 ms at 10,000 × 50), AHP on
a 15 × 15 matrix, weight sensitivity for every criterion, and, when the selection module
is present, the optimal selection (goal < 10 s for 2,000 candidates, 5 yearly budgets,
20 teams × 12 months of capacity) and the efficient frontier (goal < 30 s for 25 points
on 1,000 candidates), each on two kinds of data:

- realistic: shaped like a municipality's portfolio (``_realistic_problem``);
- stress: the earlier purely random instance (values N(1, 1), 5% random demand over all
  240 rows), much harder for the solver; kept so its figures stay visible.

Selection and frontier run with the time limits of the goals (``--select-limit``,
``--frontier-limit``) and report status and proven gap: within the limit the solver may
not have proven the answer optimal, and the gap says how far from the best possible it
can be.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from . import Benchmark


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--criteria", type=int, default=50)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-selection", action="store_true")
    parser.add_argument("--select-limit", type=float, default=10.0, help="time limit of select (s)")
    parser.add_argument(
        "--frontier-limit", type=float, default=25.0, help="time limit of the frontier (s)"
    )
    parser.add_argument(
        "--frontier-workers",
        type=int,
        default=None,
        help="frontier levels solved at a time (default: the engine's, one per core up to 4)",
    )


def _timed(action, runs: int) -> dict:
    action()  # warm-up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 3),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 3),
        "max_ms": round(samples[-1], 3),
        "runs": runs,
    }


def run(args: argparse.Namespace) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    import numpy as np

    from portfolio.scoring.ahp import ahp
    from portfolio.scoring.ranking import rank, weighted_values
    from portfolio.scoring.sensitivity import weight_intervals

    rng = np.random.default_rng(args.seed)
    scores = rng.integers(-3, 4, size=(args.projects, args.criteria)).astype(float)
    weights = rng.random(args.criteria)
    weights /= weights.sum()
    cases = {
        f"rank_{args.projects}x{args.criteria}": _timed(
            lambda: rank(weighted_values(scores, weights)), args.runs
        ),
    }
    truth = rng.random(15) + 0.1
    noisy = truth[:, None] / truth[None, :] * np.exp(rng.normal(0, 0.1, (15, 15)))
    noisy = np.sqrt(noisy / noisy.T)  # keep it reciprocal
    cases["ahp_15x15"] = _timed(lambda: ahp(noisy), args.runs)
    small = scores[:2000, :20]
    small_weights = weights[:20] / weights[:20].sum()
    cases["sensitivity_2000x20_top10"] = _timed(
        lambda: weight_intervals(small, small_weights, top_n=10), max(3, args.runs // 5)
    )
    for name, case in cases.items():
        print(
            f"  {name:<28} median {case['median_ms']:>9.3f} ms  p95 {case['p95_ms']:>9.3f}"
            f"  max {case['max_ms']:>9.3f}",
            flush=True,
        )
    result = {
        "benchmark": "scoring",
        "date": time.strftime("%Y-%m-%d"),
        "numpy": np.__version__,
        "cases": cases,
    }
    if not args.skip_selection:
        try:
            from portfolio.scoring import selection
        except ImportError:
            selection = None
        if selection is not None:
            result["selection"] = _selection(np, selection, rng, args)
    return result


def _realistic_problem(np, selection, rng, n: int):
    """A municipality's portfolio as far as the engine sees it.

    Values: weighted sum of integer scores -3..+3 on 7 criteria with round weights summing
    to 1, leaning positive (most proposals that reach the list help), so values are
    multiples of 0.05 with many ties and some negative. Costs: lognormal size (median
    400 k€, a few multi-million) spread evenly over 1-4 consecutive years of the 5.
    Capacity: each project needs 1-3 of 20 teams, hours per month only in its contiguous
    active months; each team-month has 60-70% of what is asked of it. Budgets: half of
    each year's total. Rules: 8 projects already committed (forced in), 12 "requires"
    (2 of them from committed projects) and 10 "excludes" pairs.
    """
    years, teams, months = 5, 20, 12
    weights = np.array([0.25, 0.20, 0.15, 0.15, 0.10, 0.10, 0.05])
    scores = rng.choice(
        np.arange(-3, 4),
        size=(n, weights.size),
        p=[0.03, 0.06, 0.11, 0.25, 0.25, 0.19, 0.11],
    )
    values = np.round(scores @ weights, 10)
    size = rng.lognormal(np.log(400_000), 0.9, n)
    duration = rng.integers(1, 5, n)
    start = rng.integers(0, years - duration + 1)
    year = np.arange(years)
    active_years = (year >= start[:, None]) & (year < (start + duration)[:, None])
    costs = np.round(active_years * (size / duration)[:, None], -3)
    length = rng.integers(2, months + 1, n)
    first = rng.integers(0, months - length + 1)
    month = np.arange(months)
    active_months = (month >= first[:, None]) & (month < (first + length)[:, None])
    demand = np.zeros((n, teams, months))
    for i in range(n):
        used = rng.choice(teams, size=rng.integers(1, 4), replace=False)
        # Bigger projects need more hours, but far less than in proportion to cost.
        hours = 40 * (size[i] / 400_000) ** 0.4 * rng.lognormal(0.0, 0.4, used.size)
        demand[i, used] = np.round(hours / 8)[:, None] * 8 * active_months[i]
    demand = demand.reshape(n, teams * months)
    order = rng.permutation(n)
    committed, linked, exclusive = order[:8], order[8:32], order[32:52]
    requires = [(int(linked[2 * k]), int(linked[2 * k + 1])) for k in range(10)]
    requires += [(int(committed[k]), int(linked[20 + k])) for k in range(2)]
    return selection.SelectionProblem(
        values=values,
        costs=costs,
        budgets=np.round(costs.sum(axis=0) * 0.5, -3),
        demand=demand,
        capacity=np.floor(demand.sum(axis=0) * rng.uniform(0.6, 0.7, teams * months)),
        requires=tuple(requires),
        excludes=tuple((int(exclusive[2 * k]), int(exclusive[2 * k + 1])) for k in range(10)),
        forced_in=frozenset(int(i) for i in committed),
    )


def _stress_problem(np, selection, rng, n: int):
    """The first benchmark's data, unchanged: uniform noise with no structure to exploit."""
    years, teams = 5, 20 * 12
    costs = rng.random((n, years)) * rng.choice([1e5, 5e5, 2e6], size=(n, 1))
    demand = rng.random((n, teams)) * (rng.random((n, teams)) < 0.05) * 200
    return selection.SelectionProblem(
        values=rng.normal(1.0, 1.0, n),
        costs=costs,
        budgets=costs.sum(axis=0) * 0.5,
        demand=demand,
        capacity=demand.sum(axis=0) * 0.6,
    )


def _measure(selection, big, mid, args) -> dict:
    started = time.perf_counter()
    chosen = selection.select(big, time_limit=args.select_limit)
    select_s = time.perf_counter() - started
    started = time.perf_counter()
    frontier = selection.efficient_frontier_points(
        mid, points=25, time_limit=args.frontier_limit, workers=args.frontier_workers
    )
    frontier_s = time.perf_counter() - started
    gaps = [point.gap for point in frontier]
    return {
        "select_2000": {
            "seconds": round(select_s, 3),
            "status": chosen.status,
            "gap": chosen.gap,
            "value": round(chosen.value, 4),
            "bound": round(chosen.bound, 4),
            "selected": len(chosen.selected),
        },
        "frontier_1000x25": {
            "seconds": round(frontier_s, 3),
            "points": len(frontier),
            "optimal_points": sum(point.status == "optimal" for point in frontier),
            "max_gap": max(gaps) if gaps else None,
            "median_gap": statistics.median(gaps) if gaps else None,
            "carried_points": sum(point.carried for point in frontier),
        },
    }


def _selection(np, selection, rng, args) -> dict:
    # Stress instances first and from the shared generator, in the original order, so they
    # are exactly the instances of the earlier figures; realistic ones get their own.
    stress = (_stress_problem(np, selection, rng, 2000), _stress_problem(np, selection, rng, 1000))
    realistic_rng = np.random.default_rng(args.seed + 100)
    realistic = (
        _realistic_problem(np, selection, realistic_rng, 2000),
        _realistic_problem(np, selection, realistic_rng, 1000),
    )
    from portfolio.scoring.selection.frontier import _default_workers

    result = {
        "select_time_limit_s": args.select_limit,
        "frontier_time_limit_s": args.frontier_limit,
        "frontier_workers": args.frontier_workers or _default_workers(),
    }
    for name, (big, mid) in (("realistic", realistic), ("stress", stress)):
        figures = _measure(selection, big, mid, args)
        chosen, frontier = figures["select_2000"], figures["frontier_1000x25"]
        print(
            f"  {name:<9} select 2000 (5 budgets, 240 capacity rows): {chosen['seconds']:.2f} s, "
            f"{chosen['status']}, gap {chosen['gap']:.2e}",
            flush=True,
        )
        print(
            f"  {name:<9} frontier 25 points, 1000 candidates: {frontier['seconds']:.2f} s, "
            f"{frontier['optimal_points']}/{frontier['points']} points optimal, "
            f"max gap {frontier['max_gap']:.2e}",
            flush=True,
        )
        result[name] = figures
    return result


BENCHMARK = Benchmark(
    name="scoring",
    description="afwegingskader engine: ranking, AHP, sensitivity, MILP selection, frontier",
    add_arguments=add_arguments,
    run=run,
)
