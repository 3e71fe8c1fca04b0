"""Engine time of the afwegingskader (portfolio/scoring): no database, no Django.

Cases: weighted ranking of P projects × C criteria (goal < 50 ms at 10,000 × 50), AHP on
a 15 × 15 matrix, weight sensitivity for every criterion, and, when the selection module
is present, the optimal selection and the efficient frontier.
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
            result["selection"] = _selection(np, selection, rng)
    return result


def _selection(np, selection, rng) -> dict:
    def problem(n: int):
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

    big = problem(2000)
    started = time.perf_counter()
    chosen = selection.select(big, time_limit=60.0)
    select_s = time.perf_counter() - started
    mid = problem(1000)
    started = time.perf_counter()
    frontier = selection.efficient_frontier(mid, points=25)
    frontier_s = time.perf_counter() - started
    print(
        f"  select 2000 (5 budgets, 240 capacity rows): {select_s:.2f} s, "
        f"{chosen.status}, gap {chosen.gap:.2e}",
        flush=True,
    )
    print(f"  efficient frontier 25 points, 1000 candidates: {frontier_s:.2f} s", flush=True)
    return {
        "select_2000_s": round(select_s, 3),
        "status": chosen.status,
        "gap": chosen.gap,
        "frontier_1000x25_s": round(frontier_s, 3),
        "frontier_points": len(frontier),
    }


BENCHMARK = Benchmark(
    name="scoring",
    description="afwegingskader engine: ranking, AHP, sensitivity, MILP selection, frontier",
    add_arguments=add_arguments,
    run=run,
)
