#!/usr/bin/env bash
# The engine's tests on the lowest numpy and scipy that pyproject.toml allows, without
# Django: the floors stay honest only if something runs on them (scipy 1.13 once failed
# every rule-bearing selection while the usual venv, on the newest, passed).
set -euo pipefail

cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-python3}"
VENV=.venv-lowest

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi

# Read the bounds from pyproject.toml so this follows every change of them: numpy and
# scipy pinned to their ">=" bound, pytest and hypothesis as the test extra allows.
mapfile -t requirements < <("$VENV/bin/python" - <<'PY'
import re
import tomllib

with open("pyproject.toml", "rb") as file:
    project = tomllib.load(file)["project"]


def find(requirements, name):
    for requirement in requirements:
        match = re.match(r"\s*([A-Za-z0-9._-]+)(\[[^\]]*\])?\s*(.*)", requirement)
        if match and match.group(1).lower() == name:
            return requirement, match.group(3)
    raise SystemExit(f"{name} is not in pyproject.toml")


for name in ("numpy", "scipy"):
    _, specifiers = find(project["dependencies"], name)
    lowest = [s.strip()[2:].strip() for s in specifiers.split(",") if s.strip().startswith(">=")]
    if len(lowest) != 1:
        raise SystemExit(f"{name} has no single >= bound in pyproject.toml: {specifiers!r}")
    print(f"{name}=={lowest[0]}")
for name in ("pytest", "hypothesis"):
    print(find(project["optional-dependencies"]["test"], name)[0])
PY
)

echo "Lowest allowed: ${requirements[*]}"
# Wheels only for numpy and scipy: an old release without a wheel for this Python would
# otherwise be compiled from source for many minutes, then fail on a missing compiler.
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    --only-binary numpy,scipy "${requirements[@]}"
"$VENV/bin/python" -c 'import numpy, scipy; print("numpy", numpy.__version__, "scipy", scipy.__version__)'

# pyproject's pytest settings apply (warnings as errors, strict markers); confcutdir keeps
# tests/conftest.py, which needs Django, out; pytest-django's own option is the one
# config warning, as it is not installed here.
# The afwegingskader's engine and the risks' rules (the Monte Carlo simulation) both stand
# on numpy and scipy; each folder is its own run, so each keeps its own confcutdir.
status=0
for folder in tests/portfolio/scoring tests/risks/rules; do
    run=0
    "$VENV/bin/python" -m pytest "$folder" -q -p no:cacheprovider -p no:django \
        --confcutdir="$folder" \
        -W "ignore:Unknown config option:pytest.PytestConfigWarning" || run=$?
    # pytest's exit code 5 means no test ran: that is a failure, never a pass.
    if [ "$run" -eq 5 ]; then
        echo "FAIL: no tests were collected in $folder" >&2
        run=1
    fi
    if [ "$run" -ne 0 ]; then
        status=$run
    fi
done
exit "$status"
