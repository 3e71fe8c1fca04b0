"""Helpers shared by benchmarks: statistics, machine facts, per-size subprocesses."""

import contextlib
import datetime as dt
import json
import math
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
RUN_PY = REPO_ROOT / "bench" / "run.py"


def summarise(samples_ms: list[float]) -> dict:
    """Median, p95 (nearest rank) and max of a list of milliseconds."""
    ordered = sorted(samples_ms)
    p95_index = max(math.ceil(0.95 * len(ordered)) - 1, 0)
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[p95_index], 2),
        "max_ms": round(ordered[-1], 2),
        "min_ms": round(ordered[0], 2),
    }


def machine() -> dict:
    cpu_model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    try:
        usable_cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        usable_cpus = os.cpu_count()
    import django

    return {
        "date": dt.date.today().isoformat(),
        "nproc": usable_cpus,
        "cpu": cpu_model,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
    }


def code_fingerprint() -> dict:
    """Which application code was measured: git commit (if any) and a hash of the sources.

    The hash covers the app packages and templates, so two runs with the same hash
    measured the same code even without a commit.
    """
    import hashlib

    digest = hashlib.sha256()
    files = sorted(
        path
        for folder in ("pmo", "portfolio", "reporting", "benefits", "risks", "templates")
        for path in (REPO_ROOT / folder).rglob("*")
        if path.suffix in (".py", ".html") and "__pycache__" not in path.parts
    )
    for path in files:
        digest.update(str(path.relative_to(REPO_ROOT)).encode())
        digest.update(path.read_bytes())
    commit = ""
    with contextlib.suppress(OSError):
        git = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        commit = git.stdout.strip() if git.returncode == 0 else ""
    return {
        "git_commit": commit or None,
        "source_sha256": digest.hexdigest()[:12],
        "files": len(files),
    }


def database_facts() -> dict:
    """Vendor and server version of the default connection (Django must be set up)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        name = connection.settings_dict["NAME"]
    elif connection.vendor == "sqlite":
        import sqlite3

        version = sqlite3.sqlite_version
        name = str(connection.settings_dict["NAME"])
    else:
        version, name = "", connection.settings_dict["NAME"]
    return {"vendor": connection.vendor, "version": version, "name": name}


def run_worker(args: list[str], env: dict[str, str], prefix: str) -> dict:
    """Run `bench/run.py …` in a fresh interpreter; echo its progress, return its JSON."""
    process = subprocess.Popen(
        [sys.executable, str(RUN_PY), *args],
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    last = ""
    assert process.stdout is not None
    for line in process.stdout:
        line = line.rstrip("\n")
        if not line:
            continue
        if last:
            print(f"{prefix}{last}", flush=True)
        last = line
    if process.wait() != 0:
        if last:
            print(f"{prefix}{last}", flush=True)
        raise SystemExit(f"worker {' '.join(args)} failed with exit code {process.returncode}")
    return json.loads(last)


def sizes_result(results: list[dict]) -> dict:
    """The per-size worker results under one database/machine/settings header."""
    first = results[0] if results else {}
    return {
        "database": first.get("database"),
        "machine": first.get("machine"),
        "settings": first.get("settings"),
        # Each size keeps its own "database" (for SQLite the file differs per size).
        "sizes": [
            {k: v for k, v in r.items() if k not in ("machine", "settings")} for r in results
        ],
    }


def table(result: dict) -> str:
    lines = [
        "| projects | case | median ms | p95 ms | max ms | queries | DB ms (median) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size in result["sizes"]:
        for name, case in size["cases"].items():
            lines.append(
                f"| {size['projects']:,} | {name} | {case['median_ms']:.1f} | "
                f"{case['p95_ms']:.1f} | {case['max_ms']:.1f} | {case['queries']} | "
                f"{case['db_median_ms']:.1f} |"
            )
    return "\n".join(lines)


def finish(result: dict, output: str | None) -> dict:
    """Print the figures as a Markdown table and, if asked, write the JSON to a file."""
    print(table(result), flush=True)
    if output:
        Path(output).write_text(json.dumps(result, indent=2, default=str) + "\n")
        print(f"written to {output}", flush=True)
    return result
