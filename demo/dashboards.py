"""Lindenhoven's dashboards: the whole organisation, its portfolio, each domain, each
department with projectleiders (who see their own department's) and each programme.
`make run` builds their snapshots afterwards (manage.py build_snapshots)."""

from pmo.actors import Actor
from pmo.models import User
from pmo.roles import Role
from portfolio.projects.models import OrgUnit, Portfolio, Programme
from reporting.models import Scope
from reporting.services.scopes import ensure_organisation_scope, scope_create


def seed_dashboards(*, analyst: User) -> dict[str, int]:
    """Idempotent: a scope that exists is left as it is (its schedule may be changed)."""
    actor = Actor.seed(analyst)
    ensure_organisation_scope(actor=actor)
    led = User.objects.filter(groups__name=Role.PROJECTLEIDER).values("org_unit")
    targets = [
        *((Scope.Kind.PORTFOLIO, "portfolio", p) for p in Portfolio.objects.order_by("code")),
        *(
            (Scope.Kind.ORG_UNIT, "org_unit", unit)
            for unit in OrgUnit.objects.filter(parent__isnull=True).order_by("name")
        ),
        *(
            (Scope.Kind.ORG_UNIT, "org_unit", unit)
            for unit in OrgUnit.objects.filter(parent__isnull=False, pk__in=led).order_by("name")
        ),
        *((Scope.Kind.PROGRAMME, "programme", p) for p in Programme.objects.order_by("code")),
    ]
    made = 0
    for kind, field, target in targets:
        if Scope.objects.filter(kind=kind, **{field: target}).exists():
            continue
        scope_create(actor=actor, kind=kind, **{field: target})
        made += 1
    return {"dashboards": made}
