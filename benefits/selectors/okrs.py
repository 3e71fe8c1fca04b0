"""Reads of the OKR's that the pages, the API and the exports share.

The progress and confidence of an OKR are kept on its row by the services, so the
register filters and sorts on them in SQL; its key results come in one prefetch for the
whole page, whatever the number of OKR's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet

from pmo.access import get_visible_or_404
from portfolio.projects.models import Project

from ..models import Benefit, KeyResult, Okr
from ..rules.okr import AT_RISK_CONFIDENCE


def at_risk_q() -> Q:
    """An OKR whose owners think its targets more likely missed (benefits/rules/okr.py)."""
    return Q(confidence__lte=AT_RISK_CONFIDENCE)


def in_period_q(day: dt.date) -> Q:
    return Q(period_start__lte=day, period_end__gte=day)


def okr_list(*, user, filters: Mapping | None = None) -> QuerySet[Okr]:
    """The register's rows the user may see, with owner, portfolio and key results (one
    query for the rows, one prefetch for the key results of all of them). `filters`: the
    register's query parameters (benefits/filters/okrs.py), when the caller has them."""
    queryset = (
        Okr.objects.visible_to(user)
        .select_related("owner", "portfolio")
        .annotate(at_risk=ExpressionWrapper(at_risk_q(), output_field=BooleanField()))
        .prefetch_related(Prefetch("key_results", queryset=KeyResult.objects.order_by("pk")))
    )
    if filters is not None:
        from ..filters.okrs import OkrFilter

        queryset = OkrFilter(filters, queryset=queryset).qs
    return queryset


def okr_detail(*, user, pk: int) -> Okr:
    queryset = Okr.objects.select_related("owner", "portfolio")
    return get_visible_or_404(queryset, user, pk=pk)


def okr_key_results(okr: Okr) -> QuerySet[KeyResult]:
    return okr.key_results.order_by("pk")


def okr_projects(*, user, okr: Okr) -> QuerySet[Project]:
    """The linked projects the user may see (a link out of sight is not shown)."""
    return okr.projects.filter(pk__in=Project.objects.visible_to(user).values("pk")).order_by(
        "code"
    )


def okr_benefits(*, user, okr: Okr) -> QuerySet[Benefit]:
    return okr.benefits.filter(pk__in=Benefit.objects.visible_to(user).values("pk")).order_by(
        "name"
    )


def key_result_detail(*, user, okr_pk: int, pk: int) -> KeyResult:
    queryset = KeyResult.objects.select_related("okr", "okr__owner").filter(okr_id=okr_pk)
    return get_visible_or_404(queryset, user, pk=pk)


def project_okrs(*, user, project) -> QuerySet[Okr]:
    """The OKR's linked to a project that the user may see, newest period first."""
    return (
        Okr.objects.visible_to(user)
        .filter(projects=project)
        .annotate(at_risk=ExpressionWrapper(at_risk_q(), output_field=BooleanField()))
        .order_by("-period_start", "title")
    )


def link_choices(*, user, portfolio_id: int | None = None) -> dict[str, QuerySet]:
    """What an OKR may be linked to by this user: visible projects and benefits (of one
    portfolio when it is known)."""
    projects = Project.objects.visible_to(user).order_by("code")
    benefits = Benefit.objects.visible_to(user).order_by("name")
    if portfolio_id is not None:
        projects = projects.filter(portfolio_id=portfolio_id)
        benefits = benefits.filter(portfolio_id=portfolio_id)
    return {"projects": projects, "benefits": benefits}
