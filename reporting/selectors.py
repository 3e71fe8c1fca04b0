"""Reads of the board's dashboards for pages, exports and the board pack: scopes, their
snapshots per period, and a snapshot's project rows at a drill level.

Only snapshots are read: every figure was aggregated when the snapshot was built, so a
page costs the same few queries whatever the number of projects. The drill level
(domain → programme → project) narrows rows on the ids the rows carry; a group without
an id (projects without a programme) is asked for as id 0.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from .models import Scope, Snapshot, SnapshotRow

# The id that stands for "no id" in a drill URL (?programma=0: without programme).
NONE_ID = 0
TREND_PERIODS = 12
BUBBLE_LIMIT = 100
EXPORT_CHUNK = 2000
BUBBLE_FIELDS = ("code", "name", "priority_value", "progress_pct", "budget", "rag_overall")


def visible_scopes(*, user) -> list[Scope]:
    """The dashboards `user` may see: one query."""
    return list(Scope.objects.visible_to(user).order_by("kind", "name", "pk"))


def default_scope(scopes: list[Scope], *, user) -> Scope | None:
    """Whose dashboard /dashboard/ opens: the organisation's, else the one of the user's
    own org unit, else the first visible (a unit below their own). No query."""
    for scope in scopes:
        if scope.kind == Scope.Kind.ORGANISATION:
            return scope
    own = getattr(user, "org_unit_id", None)
    for scope in scopes:
        if scope.kind == Scope.Kind.ORG_UNIT and scope.org_unit_id == own:
            return scope
    return scopes[0] if scopes else None


def snapshot_periods(*, scope: Scope) -> list[dt.date]:
    """The periods with a current snapshot of `scope`, newest first: one query."""
    return list(
        Snapshot.objects.filter(scope=scope, is_current=True)
        .order_by("-period")
        .values_list("period", flat=True)
    )


def current_snapshot(*, scope: Scope, period: dt.date | None = None) -> Snapshot | None:
    """The current snapshot of `scope` for `period` (the newest without one): one query.
    The caller has checked that the user sees `scope`."""
    snapshots = Snapshot.objects.filter(scope=scope, is_current=True)
    if period is not None:
        snapshots = snapshots.filter(period=period)
    return snapshots.order_by("-period").first()


def tile_trend(*, snapshot: Snapshot, periods: int = TREND_PERIODS) -> list[dict]:
    """{"period", "tiles"} of the scope's last `periods` current snapshots up to and
    including `snapshot`'s period, oldest first: one query, the tiles only."""
    recent = (
        Snapshot.objects.filter(
            scope_id=snapshot.scope_id, is_current=True, period__lte=snapshot.period
        )
        .order_by("-period")
        .values("period", "tiles")[:periods]
    )
    return list(reversed(recent))


@dataclass(frozen=True)
class Drill:
    """Where the dashboard is zoomed in: the whole scope, a domain, or a programme in a
    domain. Ids are as the rows hold them; NONE_ID for a group without one."""

    domain: int | None = None
    programme: int | None = None

    @property
    def level(self) -> str:
        if self.domain is None:
            return "scope"
        return "domain" if self.programme is None else "programme"

    def query(self) -> dict[str, int]:
        """The drill as URL parameters (domein, programma)."""
        out = {}
        if self.domain is not None:
            out["domein"] = self.domain
            if self.programme is not None:
                out["programma"] = self.programme
        return out


def _id(value: str | None) -> int | None:
    try:
        number = int(value) if value not in (None, "") else None
    except ValueError:
        return None
    return number if number is None or number >= 0 else None


def parse_drill(data) -> tuple[Drill, bool]:
    """The drill of ?domein=&programma= and whether the input was usable (a programme
    without its domain or a word instead of an id is not)."""
    domain, programme = _id(data.get("domein")), _id(data.get("programma"))
    raw_domain, raw_programme = data.get("domein"), data.get("programma")
    valid = (raw_domain in (None, "") or domain is not None) and (
        raw_programme in (None, "") or (programme is not None and domain is not None)
    )
    if not valid:
        return Drill(), False
    return Drill(domain=domain, programme=programme), True


def _key(value: int | None) -> int:
    return NONE_ID if value is None else value


def drill_groups(figures: dict, drill: Drill) -> dict:
    """The aggregates at `drill` from a snapshot's figures (no query): the domain and
    programme in view (None above them), the groups to list (domains at the top, a
    domain's programmes, none at a programme) and whether the drill is in the snapshot."""
    domains = figures.get("domains") or []
    programmes = figures.get("programmes") or []
    domain = programme = None
    if drill.domain is not None:
        domain = next((d for d in domains if _key(d.get("id")) == drill.domain), None)
        if domain is None:
            return {"found": False, "domain": None, "programme": None, "groups": domains}
    if drill.programme is not None:
        programme = next(
            (
                p
                for p in programmes
                if _key(p.get("id")) == drill.programme and _key(p.get("domain_id")) == drill.domain
            ),
            None,
        )
        if programme is None:
            return {"found": False, "domain": None, "programme": None, "groups": domains}
    if domain is None:
        groups = domains
    elif programme is None:
        groups = [p for p in programmes if _key(p.get("domain_id")) == drill.domain]
    else:
        groups = []
    return {"found": True, "domain": domain, "programme": programme, "groups": groups}


def drill_rows(snapshot: Snapshot, drill: Drill) -> QuerySet:
    """The snapshot's project rows at `drill`, by code (not yet evaluated)."""
    rows = SnapshotRow.objects.filter(snapshot=snapshot)
    if drill.domain is not None:
        rows = rows.filter(
            **(
                {"domain_id__isnull": True}
                if drill.domain == NONE_ID
                else {"domain_id": drill.domain}
            )
        )
    if drill.programme is not None:
        rows = rows.filter(
            **(
                {"programme_id__isnull": True}
                if drill.programme == NONE_ID
                else {"programme_id": drill.programme}
            )
        )
    return rows.order_by("code", "pk")


class CountedRows:
    """A drill level's rows for a Paginator, with their number known from the snapshot's
    aggregates: the page costs one query (the slice) and no COUNT."""

    def __init__(self, rows: QuerySet, count: int):
        self.rows, self.total = rows, count

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        return list(self.rows[index])


def bubble_points(snapshot: Snapshot, drill: Drill, *, limit: int = BUBBLE_LIMIT) -> list[dict]:
    """The rows with both a priority and a progress, the largest budgets first, at most
    `limit` (a chart of 10,000 bubbles reads as a blot): one query."""
    rows = (
        drill_rows(snapshot, drill)
        .filter(priority_value__isnull=False, progress_pct__isnull=False)
        .order_by("-budget", "code")
        .values(*BUBBLE_FIELDS)[:limit]
    )
    return [
        {
            "code": row["code"],
            "name": row["name"],
            "priority": round(row["priority_value"], 3),
            "progress": row["progress_pct"],
            "budget": float(row["budget"] or 0),
            "rag": row["rag_overall"],
        }
        for row in rows
    ]


def export_rows(snapshot: Snapshot, drill: Drill) -> Iterator[SnapshotRow]:
    """Every row at `drill`, read in chunks (an export of 10,000 rows stays small)."""
    return drill_rows(snapshot, drill).iterator(chunk_size=EXPORT_CHUNK)
