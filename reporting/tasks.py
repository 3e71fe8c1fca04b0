"""Thin Celery tasks: ids in, a service call, no swallowed errors."""

from celery import shared_task
from django.db import OperationalError


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),  # a dropped database connection is transient
    retry_backoff=True,
    max_retries=3,
)
def build_snapshot(self, *, build_id: int) -> dict:
    from .services.builds import snapshot_build

    build = snapshot_build(build_id=build_id)
    return {"build_id": build.pk, "status": build.status, "snapshot_id": build.snapshot_id}


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),  # a dropped database connection is transient
    retry_backoff=True,
    max_retries=3,
)
def build_pack(self, *, pack_id: int) -> dict:
    from .services.packs import pack_build

    pack = pack_build(pack_id=pack_id)
    return {"pack_id": pack.pk, "status": pack.status, "sha256": pack.sha256}


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def build_scheduled_snapshot(*, scope_id: int) -> dict:
    """Beat entry of one dashboard: request the snapshot of the period just closed, whose
    reports are due by the scope's build day (the board discusses last month)."""
    from django.utils import timezone

    from pmo.actors import Actor
    from pmo.periods import period_start, shift

    from .models import Scope
    from .services.builds import PeriodRefused, build_request

    scope = Scope.objects.filter(pk=scope_id).first()
    if scope is None:  # removed after beat sent this run
        return {"scope_id": scope_id, "build_id": None}
    try:
        build = build_request(
            scope=scope, period=shift(period_start(timezone.localdate()), -1), actor=Actor.task()
        )
    except PeriodRefused as refused:
        # Nothing to build yet (a dashboard without projects): the next month tries again.
        return {"scope_id": scope_id, "build_id": None, "refused": refused.messages}
    return {"scope_id": scope_id, "build_id": build.pk}
