"""Reading the import graph of the code base, for the architecture tests."""

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("pmo", "portfolio", "benefits", "risks", "reporting", "demo")


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    target: str  # the imported module (for "from x import y": x.y when y is a module)
    line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def source_files(*tops: str):
    for top in tops:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield path


def _is_package(dotted: str) -> bool:
    base = ROOT.joinpath(*dotted.split("."))
    return base.is_dir() or base.with_suffix(".py").exists()


def imports_of(path: Path) -> list[Import]:
    """Every import of the file (also those inside functions), resolved to dotted names."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [Import(name, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                # "from . import selectors" imports the module portfolio.x.selectors
                candidate = f"{target}.{alias.name}"
                found.append(
                    Import(name, candidate if _is_package(candidate) else target, node.lineno)
                )
    return found
