"""Building snapshots: the only place where the dashboards' figures are aggregated.

A request (the PMO's "nu bouwen", the monthly schedule) records a `SnapshotBuild` and
sends it after commit; a second request for the same scope and period while one waits
joins it, under a lock on the scope's row. The build reads every domain through the
collectors, then writes the new version and swaps it in within one transaction: readers
see the old version until the commit and the new one after it. A worker killed before
that commit leaves no trace but the build's waiting state, which the recovery job
(pmo/queue.py) sends again.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from pmo.actors import Actor, Channel
from pmo.periods import period_end, period_start, shift
from pmo.queue import requested, send_on_commit
from pmo.webhooks.events import emit
from pmo.webhooks.models import Event
from reporting.collect import BuildContext, benefits, board, capacity, priority, projects, risks
from reporting.models import Scope, Snapshot, SnapshotBuild, SnapshotRow
from reporting.models.scopes import can_build_dashboards
from reporting.rules import aggregate, changes

# Rows read back from earlier snapshots: enough to compare colours.
COMPARED = ("project_id", "code", "name", *aggregate.DIMENSIONS)


class PeriodRefused(ValidationError):
    """A period that cannot have a snapshot: in the future, or before any data."""


def period_problem(scope: Scope, period: dt.date, today: dt.date) -> str | None:
    """Why `period` cannot be built for `scope`, in the user's words; None if it can."""
    if period > period_start(today):
        return _("Periode %(period)s ligt in de toekomst.") % {"period": _month(period)}
    first = (
        BuildContext(scope=scope, period=period, today=today)
        .all_projects()
        .aggregate(start=Min("planned_start"), created=Min("created_at"))
    )
    starts = [day for day in (first["start"], first["created"] and first["created"].date()) if day]
    if not starts:
        return _("Dit dashboard heeft nog geen projecten.")
    if period_end(period) < min(starts):
        return _("Er zijn geen gegevens van vóór %(period)s.") % {
            "period": _month(period_start(min(starts)))
        }
    return None


def _month(period: dt.date) -> str:
    return date_format(period, "F Y")


def build_request(
    *,
    scope: Scope,
    period: dt.date,
    actor: Actor,
    today: dt.date | None = None,
    send: bool = True,
) -> SnapshotBuild:
    """Ask for the snapshot of `scope` and `period`; join the build already waiting.
    `send=False` is for a caller that runs the build itself (manage.py build_snapshots);
    the recovery job still sends it should that caller die."""
    if actor.channel not in (Channel.TASK, Channel.SEED) and not can_build_dashboards(actor.user):
        raise PermissionDenied
    today = today or timezone.localdate()
    period = period_start(period)
    problem = period_problem(scope, period, today)
    if problem:
        raise PeriodRefused({"period": [problem]})
    with transaction.atomic():
        # The lock that coalesces: a second request waits here, then finds the first.
        Scope.objects.select_for_update().filter(pk=scope.pk).first()
        waiting = SnapshotBuild.objects.filter(
            scope=scope, period=period, status__in=SnapshotBuild.WAITING
        ).first()
        if waiting is not None:
            return waiting
        build = SnapshotBuild.objects.create(
            scope=scope, period=period, requested_by=actor.saved_user, **requested()
        )
        if send:
            send_on_commit(build)
    return build


def _progress(build: SnapshotBuild, percent: int, step: str) -> None:
    # Its own short write, committed at once, so the polling page sees it move.
    SnapshotBuild.objects.filter(pk=build.pk).update(progress=percent, step=step)


def snapshot_build(*, build_id: int, today: dt.date | None = None) -> SnapshotBuild:
    """Do the build `build_id`. Idempotent: a finished or failed build is left alone, and
    a build that two workers run at once is written by the first to finish."""
    build = SnapshotBuild.objects.select_related("scope").get(pk=build_id)
    if not build.is_waiting:
        return build
    today = today or timezone.localdate()
    SnapshotBuild.objects.filter(pk=build.pk).update(
        status=SnapshotBuild.Status.RUNNING, started_at=timezone.now(), error=""
    )
    try:
        with override("nl"):
            problem = period_problem(build.scope, build.period, today)
            if problem:
                raise PeriodRefused({"period": [problem]})
            ctx = BuildContext(scope=build.scope, period=build.period, today=today)
            data = compute(ctx, progress=lambda pct, step: _progress(build, pct, step))
            _progress(build, 90, _("Nieuwe versie opslaan"))
            snapshot = _swap_in(build, data)
    except PeriodRefused as error:
        # Bad input does not get better by retrying: fail visibly, don't raise.
        _fail(build, "; ".join(error.messages))
    except OperationalError:
        # Transient (the task retries it): leave the build waiting for the next try.
        raise
    except Exception as error:
        _fail(build, f"{type(error).__name__}: {error}")
        raise
    else:
        if snapshot is not None:
            emit(
                Event.SNAPSHOT_BUILT,
                {
                    "snapshot": snapshot.pk,
                    "scope": build.scope_id,
                    "period": build.period.isoformat(),
                    "version": snapshot.version,
                },
            )
    build.refresh_from_db()
    return build


def _fail(build: SnapshotBuild, message: str) -> None:
    SnapshotBuild.objects.filter(pk=build.pk).update(
        status=SnapshotBuild.Status.FAILED, error=message[:2000], finished_at=timezone.now()
    )


def compute(ctx: BuildContext, *, progress=lambda pct, step: None) -> dict:
    """Everything a snapshot holds, read in a fixed number of queries."""
    progress(5, _("Projecten en rapportages lezen"))
    rows = projects.project_rows(ctx)
    lines = projects.budget_by_year(ctx)
    milestones = projects.slipping_milestones(ctx)
    progress(30, _("Prioriteit uit het afwegingskader"))
    ranks = priority.priorities(ctx)
    progress(40, _("Baten"))
    project_benefits = benefits.project_benefits(ctx)
    benefit_totals = benefits.benefit_totals(ctx)
    esg = benefits.esg_counts(ctx)
    progress(50, _("Risico's en weerstandsvermogen"))
    exposure = risks.risk_exposure(ctx)
    risk_map = risks.risk_map(ctx)
    resistance = risks.resistance(ctx)
    progress(60, _("Capaciteit"))
    teams, loads = capacity.team_load(ctx)
    progress(70, _("Sinds de vorige portfolioraad"))
    meeting = board.last_meeting(ctx)
    for pid, row in rows.items():
        value, rank = ranks.get(pid, (None, None))
        facts = project_benefits.get(pid, {})
        row.update(
            priority_value=value,
            priority_rank=rank,
            benefits_planned=facts.get("benefits_planned"),
            benefits_realised=facts.get("benefits_realised"),
            esg_themes=facts.get("esg_themes", []),
            risk_exposure=exposure.get(pid, Decimal(0)),
            capacity_load_pct=loads.get(pid),
        )
    ordered = sorted(rows.values(), key=lambda row: row["code"])
    previous = _current(ctx.scope, shift(ctx.period, -1))
    previous_rows = _rows_of(previous)
    for row in ordered:
        row["previous"] = changes.previous_colours(previous_rows.get(row["project_id"]))
    at_board = _board_rows(ctx.scope, meeting, ctx.period)
    since_board = {
        "meeting": meeting,
        **changes.since_board(rows, at_board),
        **board.since_board(ctx, dt.date.fromisoformat(meeting["date"]) if meeting else None),
    }
    progress(80, _("Kerncijfers en verschillen"))
    tiles = aggregate.tiles(ordered, benefits=benefit_totals, resistance=resistance, teams=teams)
    domain_of = {row["project_id"]: row["domain_id"] for row in ordered}
    figures = {
        **aggregate.groups(ordered, no_programme=_("Zonder programma")),
        "rag_by_dimension": aggregate.rag_by_dimension(ordered),
        "budget_by_year": aggregate.budget_by_year(lines, domain_of),
        "milestones": milestones,
        "benefits": benefit_totals,
        "esg": esg,
        "risks": risk_map,
        "resistance": resistance,
        "capacity": {"month": ctx.period.isoformat(), "teams": teams},
        "since_board": since_board,
    }
    change_set = {
        "previous_id": previous.pk if previous else None,
        "previous_period": previous.period.isoformat() if previous else None,
        "tiles": changes.tile_changes(tiles, previous.tiles if previous else None),
        **(changes.row_changes(ordered, previous_rows) if previous else {}),
    }
    return {"rows": ordered, "tiles": tiles, "figures": figures, "changes": change_set}


def _current(scope: Scope, period: dt.date) -> Snapshot | None:
    return Snapshot.objects.filter(scope=scope, period=period, is_current=True).first()


def _rows_of(snapshot: Snapshot | None) -> dict[int, dict]:
    if snapshot is None:
        return {}
    return {
        row["project_id"]: row
        for row in snapshot.rows.filter(project__isnull=False).values(*COMPARED)
    }


def _board_rows(scope: Scope, meeting: dict | None, period: dt.date) -> dict[int, dict]:
    """The rows the board last looked at: the latest snapshot of a period before the
    meeting's month (a board discusses the reports of the month before it)."""
    if meeting is None:
        return {}
    before = min(period_start(dt.date.fromisoformat(meeting["date"])), period)
    latest = Snapshot.objects.filter(scope=scope, is_current=True, period__lt=before).aggregate(
        period=Max("period")
    )["period"]
    return _rows_of(_current(scope, latest)) if latest else {}


ROW_FIELDS = [
    field.attname
    for field in SnapshotRow._meta.concrete_fields
    if field.attname not in ("id", "snapshot_id", "project_id")
]


def _insert_rows(snapshot: Snapshot, rows: list[dict]) -> None:
    """All rows in one prepared statement run for every row (executemany): one statement
    whatever the number of projects, and about three times faster than bulk_create's
    multi-row INSERTs at 10,000 rows (bench/run.py snapshot). Values go through each
    field's own conversion, as a save would."""
    if not rows:
        return
    fields = [SnapshotRow._meta.get_field(name) for name in ("snapshot", "project", *ROW_FIELDS)]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(SnapshotRow._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    defaults = {field.attname: field.get_default() for field in fields}
    params = [
        [
            field.get_db_prep_save(value, connection)
            for field, value in zip(
                fields,
                (
                    snapshot.pk,
                    row["project_id"],
                    *(row.get(name, defaults[name]) for name in ROW_FIELDS),
                ),
                strict=True,
            )
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _swap_in(build: SnapshotBuild, data: dict) -> Snapshot | None:
    """Write the new version and make it current, all in one transaction."""
    with transaction.atomic():
        Scope.objects.select_for_update().filter(pk=build.scope_id).first()
        fresh = SnapshotBuild.objects.select_for_update().get(pk=build.pk)
        if not fresh.is_waiting:
            return None  # a second worker ran the same build and finished first
        versions = Snapshot.objects.filter(scope_id=build.scope_id, period=build.period)
        version = (versions.aggregate(top=Max("version"))["top"] or 0) + 1
        # A rebuild replaces the current version; the old one stays, no longer current,
        # with the board packs handed out from it.
        versions.filter(is_current=True).update(is_current=False)
        snapshot = Snapshot.objects.create(
            scope_id=build.scope_id,
            period=build.period,
            version=version,
            is_current=True,
            built_at=timezone.now(),
            project_count=len(data["rows"]),
            tiles=data["tiles"],
            figures=data["figures"],
            changes=data["changes"],
        )
        _insert_rows(snapshot, data["rows"])
        SnapshotBuild.objects.filter(pk=build.pk).update(
            status=SnapshotBuild.Status.DONE,
            snapshot=snapshot,
            progress=100,
            step="",
            finished_at=timezone.now(),
        )
    return snapshot
