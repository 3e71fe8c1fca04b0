"""How the `capacity` benchmark measures the scenario with capacity (bench/benchmarks/
capacity.py): 2,000 candidates, 20 teams × 12 months of capacity, one year's budget.

The worker (`--worker-scenario`) builds the data: the bench portfolio of
`--scenario-projects` projects (2,500, seed 1); the candidates (`candidate_projects`)
after the first `--candidates` (by code) closed (phase afgesloten, status afgerond: a
plain UPDATE), so exactly that many are left; `bench/generate_capacity.py` with
`--scenario-teams` teams on what remains; the "Bench" framework of the `ranking`
benchmark (7 contribution criteria and 3 impact axes, every candidate scored); one
Scenario: budget for 2027 only (the committed projects' 2027 costs plus half of the
other candidates'), capacity tolerance 105 %, running projects committed (the default).

Then it times, `--scenario-runs` times each (after the build once untimed):

- `scenario_build`: `portfolio.scenarios.selectors.scenario_problem(scenario)` (queries,
  the capacity rows it makes: teams × months of the budget year);
- `scenario_select`: `portfolio.scoring.selection.select` on that problem with the
  goal's limit (`--select-limit`, 10 s): status, gap, value;
- `scenario_solve`: `portfolio.scenarios.services.scenario_solve(scenario_id=,
  version=)`, the whole service as the Celery task runs it (problem, selection within
  SELECT_TIME_LIMIT, the efficient frontier, storing): the stored result's status, gap
  and the selection's own seconds (`result["seconds"]`).
"""

import argparse
import time
from decimal import Decimal

from ._common import code_fingerprint, database_facts, machine, summarise
from ._pages import environment_facts, load_1m

BUDGET_YEAR = "2027"
SCENARIO_NAME = "Bench capaciteit"


def _trim_candidates(count: int) -> dict:
    from portfolio.assessment.selectors import candidate_projects
    from portfolio.projects.models import LifecycleStatus, Phase, Project

    ids = list(candidate_projects().values_list("pk", flat=True))
    if len(ids) < count:
        raise SystemExit(f"only {len(ids)} candidates: raise --scenario-projects")
    closed = Project.objects.filter(pk__in=ids[count:]).update(
        phase=Phase.CLOSED, status=LifecycleStatus.COMPLETED
    )
    return {"candidates_before": len(ids), "closed": closed}


def prepare(args: argparse.Namespace) -> tuple[dict, object]:
    from django.core.management import call_command
    from django.db import connection

    from bench.benchmarks._pages import prepare_database
    from bench.benchmarks.ranking import _framework
    from bench.generate_capacity import analyze_capacity, delete_bench_capacity, insert_capacity
    from portfolio.scenarios.models import Scenario

    result: dict = {}
    if connection.vendor != "sqlite":
        call_command("migrate", verbosity=0)
        # The framework protects its scenarios' deletion; teams protect the departments.
        result["deleted_scenarios"] = Scenario.objects.filter(framework__name="Bench").delete()[0]
        result["deleted_capacity"] = delete_bench_capacity()
    result["portfolio"] = prepare_database(args.scenario_projects, args.seed, 0, reuse=False)
    result["trimmed"] = _trim_candidates(args.candidates)
    result["capacity"] = insert_capacity(
        teams=args.scenario_teams, seed=args.seed, log=lambda m: print(m, flush=True)
    )
    result["capacity"]["analyzed"] = analyze_capacity()
    framework, _first, scores = _framework(args.seed)
    result["scores"] = scores
    return result, framework


def _scenario(framework) -> tuple:
    """The scenario: one year's budget, capacity at 105 %, running projects committed."""
    from django.db.models import Sum

    from portfolio.assessment.selectors import candidate_projects
    from portfolio.projects.models import ProjectBudget
    from portfolio.scenarios.models import Scenario
    from portfolio.scenarios.selectors import RUNNING_PHASES

    candidates = candidate_projects().order_by()
    costs = ProjectBudget.objects.filter(project__in=candidates.values("pk"), year=BUDGET_YEAR)
    running = costs.filter(project__phase__in=RUNNING_PHASES)
    committed = running.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    others = costs.exclude(project__phase__in=RUNNING_PHASES).aggregate(s=Sum("amount"))["s"]
    budget = (committed + (others or Decimal(0)) / 2).quantize(Decimal("1000"))
    scenario = Scenario.objects.create(
        framework=framework,
        name=SCENARIO_NAME,
        budgets={BUDGET_YEAR: f"{budget:.2f}"},
        capacity_tolerance_pct=105,
        commit_running=True,
    )
    return scenario, {
        "budget": float(budget),
        "committed_cost": float(committed),
        "other_cost": float(others or 0),
    }


def _capacity_rows(built) -> int:
    """Team-month rows of the problem (`ScenarioProblem.capacity`: one per cell some
    candidate asks hours in; a max-projects row would come on top)."""
    rows = getattr(built, "capacity", None)
    return 0 if rows is None else len(rows.cells)


def _timed_runs(action, runs: int) -> tuple[dict, list]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    samples, outcomes, queries = [], [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            outcomes.append(action())
            samples.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured.captured_queries))
    distinct = sorted(set(queries))
    return {
        **summarise(samples),
        "queries": distinct[0] if len(distinct) == 1 else distinct,
    }, outcomes


def worker(args: argparse.Namespace) -> dict:
    from bench import _django

    _django.setup()
    import numpy as np

    from portfolio.scenarios import services
    from portfolio.scenarios.selectors import scenario_problem
    from portfolio.scoring.selection import select

    code_sha256 = code_fingerprint()["source_sha256"]
    generated, framework = prepare(args)
    scenario, money = _scenario(framework)
    load_before = load_1m()
    scenario_problem(scenario)  # warm-up: imports, the first query plans
    build, problems = _timed_runs(lambda: scenario_problem(scenario), args.scenario_runs)
    built = problems[-1]
    problem = built.problem
    build.update(
        candidates=len(built.projects),
        capacity_rows=_capacity_rows(built),
        committed=len(built.committed),
        forced_in=len(problem.forced_in),
        years=built.years,
    )
    print(f"scenario_build: {build}", flush=True)
    chosen_runs, chosen = _timed_runs(
        lambda: select(problem, time_limit=args.select_limit), args.scenario_runs
    )
    last = chosen[-1]
    chosen_runs.update(
        time_limit_s=args.select_limit,
        status=last.status,
        gap=last.gap if np.isfinite(last.gap) else None,
        gaps=[c.gap if np.isfinite(c.gap) else None for c in chosen],
        statuses=[c.status for c in chosen],
        value=round(last.value, 4),
        selected=len(last.selected),
        solve_seconds=round(last.solve_seconds, 3),
    )
    print(f"scenario_select: {chosen_runs}", flush=True)

    def solve():
        stored = services.scenario_solve(scenario_id=scenario.pk, version=scenario.version)
        if stored is None or stored.result.get("error"):
            raise SystemExit(f"scenario_solve stored nothing or failed: {stored and stored.result}")
        return stored.result

    solve_runs, results = _timed_runs(solve, args.scenario_runs)
    result = results[-1]
    solve_runs.update(
        status=result.get("status"),
        gap=result.get("gap"),
        gaps=[r.get("gap") for r in results],
        select_seconds=[r.get("seconds") for r in results],
        select_time_limit_s=services.SELECT_TIME_LIMIT,
        selected=len(result.get("selected", [])),
        frontier_points=len(result.get("frontier", [])),
        conflicts=result.get("conflicts", []),
        result_keys=sorted(result),
    )
    print(f"scenario_solve: {solve_runs}", flush=True)
    return {
        "code_sha256": code_sha256,
        "database": database_facts(),
        "machine": machine(),
        "settings": environment_facts(),
        "generate": generated,
        "scenario": {"id": scenario.pk, "tolerance_pct": 105, **money},
        "loadavg_1m": [load_before, load_1m()],
        "runs": args.scenario_runs,
        "cases": {
            "scenario_build": build,
            "scenario_select": chosen_runs,
            "scenario_solve": solve_runs,
        },
    }
