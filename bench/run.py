"""Run one benchmark and print its figures as one JSON object on the last line.

    python bench/run.py --list
    python bench/run.py overview [--sizes 100,1000,10000] [--requests 30] …
    python bench/run.py overview --help

The database is chosen by the environment as for the application: DATABASE_URL for
PostgreSQL, otherwise SQLite (benchmarks may point SQLITE_PATH at their own files).
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.benchmarks import registry  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    benchmarks = registry()
    if not argv or argv[0] in ("-h", "--help", "--list", "-l"):
        if argv and argv[0] in ("-h", "--help"):
            print(__doc__.strip() + "\n")
        for name, benchmark in benchmarks.items():
            print(f"{name:<12} {benchmark.description}")
        return 0
    name = argv[0]
    if name not in benchmarks:
        print(f"unknown benchmark {name!r}; known: {', '.join(benchmarks)}", file=sys.stderr)
        return 2
    benchmark = benchmarks[name]
    parser = argparse.ArgumentParser(prog=f"bench/run.py {name}", description=benchmark.description)
    benchmark.add_arguments(parser)
    args = parser.parse_args(argv[1:])
    result = benchmark.run(args)
    print(json.dumps(result, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
