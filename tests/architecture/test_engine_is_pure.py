"""The afwegingskader engine and the risks' rules (the weerstandsvermogen simulation)
import no Django and nothing of the application; the baten's rules import nothing but
Django's translation (their messages are the user's)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "portfolio" / "scoring"
RULES = ROOT / "benefits" / "rules"
RISK_RULES = ROOT / "risks" / "rules"
APPLICATION = {"django", "portfolio", "pmo", "reporting", "rest_framework", "benefits", "risks"}


def _imported(module: Path) -> set[str]:
    imported = set()
    for node in ast.walk(ast.parse(module.read_text())):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add(node.module or "")
    return imported


@pytest.mark.parametrize("module", sorted(ENGINE.rglob("*.py")), ids=lambda p: p.name)
def test_the_engine_imports_no_django_or_app(module):
    assert not {name.split(".")[0] for name in _imported(module)} & APPLICATION


@pytest.mark.parametrize("module", sorted(RULES.rglob("*.py")), ids=lambda p: p.name)
def test_the_baten_rules_import_only_translation(module):
    imported = _imported(module) - {"django.utils.translation"}
    assert not {name.split(".")[0] for name in imported} & APPLICATION


@pytest.mark.parametrize("module", sorted(RISK_RULES.rglob("*.py")), ids=lambda p: p.name)
def test_the_risk_rules_import_no_django_or_app(module):
    assert not {name.split(".")[0] for name in _imported(module)} & APPLICATION
