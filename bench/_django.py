"""Start Django from a standalone script in bench/ (no manage.py needed)."""

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO_ROOT / "bench" / "results"


def setup(sqlite_path: str | os.PathLike | None = None) -> None:
    """Configure and start Django once per process.

    `sqlite_path` only matters when DATABASE_URL is not set: it points SQLITE_PATH at
    another file before the settings are read.
    """
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    if sqlite_path is not None:
        os.environ["SQLITE_PATH"] = str(sqlite_path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmo.settings")
    import django

    django.setup()


def using_postgres() -> bool:
    return bool(os.environ.get("DATABASE_URL"))
