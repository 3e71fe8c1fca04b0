"""Engine time of the weerstandsvermogen simulation (risks/rules/simulation.py): no
database, no Django.

Goal (issue 13): "the simulation of 1,000 risks × 100,000 iterations takes < 2 s (report
the time per million draws)". A draw is one (risk, iteration) cell: the engine takes one
uniform number per cell, both for whether the risk occurs and for its amount.

The register is shaped like a municipality's: probability classes 10/30/50/70/90 %,
money classes €0–60k, 60–120k, 120–240k, 240–480k and 480–960k (the open class up to
twice its lower bound, as risks/rules/scoring.py draws it), a uniform draw within the
class; a share of the risks (``--estimates``, 25 %) has an owner's min / most likely /
max inside its class instead (a triangular draw). Seeded (``--seed``), so every run
simulates the same register.

Cases, each the full ``simulate`` call (validation, both passes, quantiles, histogram,
contributions), one untimed warm-up, then ``--runs`` timed runs (3), the median kept:

| case | risks × iterations |
|---|---|
| simulation_1000x100000 | the goal's size, the register above |
| simulation_100x100000 | a small register |
| simulation_1000x10000 | a quick run |
| simulation_1000x100000_estimates | the goal's size, every risk an owner's estimate |

Besides: the peak memory the engine allocates at the goal's size (tracemalloc, one
extra untimed run), which stays bounded by its chunk, not by the iterations.

The last line is one JSON object: ``simulation_1000x100000_ms`` (median),
``per_million_draws_ms`` (that median per 10^6 cells), the other cases' ``_ms``, the
goal, the NumPy version and the machine.
"""

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from . import Benchmark

GOAL_MS = 2000
PROBABILITIES = (0.1, 0.3, 0.5, 0.7, 0.9)
MONEY_CLASSES = ((0, 60_000), (60_000, 120_000), (120_000, 240_000), (240_000, 480_000))
MONEY_CLASSES += ((480_000, 960_000),)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=3, help="timed runs per case (3)")
    parser.add_argument("--seed", type=int, default=1, help="register and simulation seed (1)")
    parser.add_argument(
        "--estimates",
        type=float,
        default=0.25,
        help="share of risks with an owner's min / most likely / max (0.25)",
    )
    parser.add_argument("--skip-memory", action="store_true", help="skip the tracemalloc run")
    parser.add_argument("--output", help="also write the JSON result to this file")


def register(np, simulation, size: int, estimates: float, seed: int) -> list:
    rng = np.random.default_rng(seed)
    risks = []
    for i in range(size):
        low, high = MONEY_CLASSES[int(rng.integers(0, len(MONEY_CLASSES)))]
        probability = PROBABILITIES[int(rng.integers(0, len(PROBABILITIES)))]
        mode = None
        if rng.random() < estimates:
            low, high = sorted(float(x) for x in rng.uniform(low, high, 2).round(-3))
            high = max(high, low + 1_000)
            mode = min(max(round(float(rng.uniform(low, high)), -3), low), high)
        risks.append(simulation.RiskInput(f"R{i:04d}", probability, float(low), float(high), mode))
    return risks


def _timed(action, runs: int) -> dict:
    action()  # warm-up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": round(statistics.median(samples), 1),
        "min_ms": round(min(samples), 1),
        "max_ms": round(max(samples), 1),
        "runs": runs,
    }


def run(args: argparse.Namespace) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    import numpy as np

    from risks.rules import simulation

    from ._common import code_fingerprint, machine

    code = code_fingerprint()
    cases = {}
    for name, size, iterations, estimates in (
        ("simulation_1000x100000", 1000, 100_000, args.estimates),
        ("simulation_100x100000", 100, 100_000, args.estimates),
        ("simulation_1000x10000", 1000, 10_000, args.estimates),
        ("simulation_1000x100000_estimates", 1000, 100_000, 1.0),
    ):
        risks = register(np, simulation, size, estimates, args.seed)
        result = {}

        def action(risks=risks, iterations=iterations, result=result):
            result["last"] = simulation.simulate(risks, iterations=iterations, seed=args.seed)

        case = _timed(action, args.runs)
        draws = size * iterations
        case.update(
            risks=size,
            iterations=iterations,
            estimates=sum(r.mode is not None for r in risks),
            per_million_draws_ms=round(case["median_ms"] / (draws / 1e6), 2),
            required_90=round(result["last"].required_amount),
            mean=round(result["last"].mean),
        )
        cases[name] = case
        print(
            f"  {name:<34} median {case['median_ms']:>8.1f} ms  "
            f"({case['per_million_draws_ms']:.2f} ms per 10^6 draws)  "
            f"min {case['min_ms']:.1f}  max {case['max_ms']:.1f}",
            flush=True,
        )
    headline = cases["simulation_1000x100000"]
    result = {
        "benchmark": "risks_simulation",
        "date": time.strftime("%Y-%m-%d"),
        "simulation_1000x100000_ms": headline["median_ms"],
        "per_million_draws_ms": headline["per_million_draws_ms"],
        "simulation_100x100000_ms": cases["simulation_100x100000"]["median_ms"],
        "simulation_1000x10000_ms": cases["simulation_1000x10000"]["median_ms"],
        "simulation_1000x100000_estimates_ms": cases["simulation_1000x100000_estimates"][
            "median_ms"
        ],
        "goal": f"1,000 risks × 100,000 iterations < {GOAL_MS} ms",
        "goal_met": headline["median_ms"] < GOAL_MS,
        "numpy": np.__version__,
        "block": simulation.BLOCK,
        "chunk_cells": simulation.DEFAULT_CHUNK_CELLS,
        "cases": cases,
        "code": code,
        "machine": machine(),
    }
    if not args.skip_memory:
        risks = register(np, simulation, 1000, args.estimates, args.seed)
        tracemalloc.start()
        simulation.simulate(risks, iterations=100_000, seed=args.seed)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        result["simulation_1000x100000_peak_mb"] = round(peak / 2**20, 1)
        print(f"  peak memory allocated at 1000 x 100000: {peak / 2**20:.1f} MB", flush=True)
    print(f"goal {result['goal']}: {'met' if result['goal_met'] else 'MISSED'}", flush=True)
    if args.output:
        import json

        Path(args.output).write_text(json.dumps(result, indent=2, default=str) + "\n")
        print(f"written to {args.output}", flush=True)
    return result


BENCHMARK = Benchmark(
    name="risks_simulation",
    description="weerstandsvermogen Monte Carlo engine: 1,000 risks × 100,000 iterations "
    "and smaller, time per million draws",
    add_arguments=add_arguments,
    run=run,
)
