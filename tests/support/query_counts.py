"""Query-count baselines of every page, in one JSON file the tests hold the pages to.

tests/support/query_counts.json maps a page to {"queries": n, "why": "..."}: the number a
page issues whatever the portfolio size, and which queries those are. A change that adds
or saves a query is deliberate: rewrite the file with

    .venv/bin/python -m pytest tests/test_query_counts.py --rewrite-query-baselines

then check the diff and write the reason beside each changed number.
"""

import json
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

BASELINES = Path(__file__).with_name("query_counts.json")


def load() -> dict[str, dict]:
    return json.loads(BASELINES.read_text()) if BASELINES.exists() else {}


def rewrite(measured: dict[str, int]) -> None:
    """Write the measured counts, keeping each page's reason (new pages need one)."""
    baselines = load()
    for page, queries in sorted(measured.items()):
        entry = baselines.get(page, {"why": "TODO: name the queries"})
        baselines[page] = {"queries": queries, "why": entry["why"]}
    BASELINES.write_text(
        json.dumps(dict(sorted(baselines.items())), indent=2, ensure_ascii=False) + "\n"
    )


def count(client, url: str, *, method: str = "get", data=None, status=200, **headers) -> int:
    """Queries of one request, after one warm-up request (content types, session)."""
    send = getattr(client, method)
    send(url, data or {}, headers=headers)
    with CaptureQueriesContext(connection) as queries:
        response = send(url, data or {}, headers=headers)
    assert response.status_code == status, (url, response.status_code)
    return len(queries)
