"""The benchmark registry.

Every module in this package whose name does not start with "_" defines
`BENCHMARK = Benchmark(...)`; dropping in `rollup.py` or `scoring.py` registers it.
Modules must not import Django at import time (a benchmark may need to choose the
database before `django.setup()`); import models inside `run`.
"""

import argparse
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Benchmark:
    name: str
    description: str
    # Adds the benchmark's own options to its argparse parser.
    add_arguments: Callable[[argparse.ArgumentParser], None]
    # Runs it; returns a JSON-serialisable dict (run.py prints it as the last line).
    run: Callable[[argparse.Namespace], dict]


def registry() -> dict[str, Benchmark]:
    found: dict[str, Benchmark] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        benchmark = getattr(module, "BENCHMARK", None)
        if isinstance(benchmark, Benchmark):
            found[benchmark.name] = benchmark
    return found
