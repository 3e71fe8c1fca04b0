"""The one permission layer shared by pages and API.

Querysets are narrowed with `visible_to(user)` and `editable_by(user)` (see
`portfolio.querysets`). Outside the visible set is 404; visible but not editable is 403.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from .roles import Role


def get_visible_or_404(queryset: models.QuerySet, user, **lookup) -> models.Model:
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404(str(queryset.model._meta.verbose_name)) from exc


def is_editable(obj: models.Model, user) -> bool:
    return type(obj).objects.editable_by(user).filter(pk=obj.pk).exists()


def get_editable_or_403(queryset: models.QuerySet, user, **lookup) -> models.Model:
    """The object if the user may change it; 404 if they may not even see it."""
    obj = get_visible_or_404(queryset, user, **lookup)
    if not is_editable(obj, user):
        raise PermissionDenied
    return obj


def can_create_projects(user) -> bool:
    return user.is_authenticated and (user.edits_everything or user.has_role(Role.PMO_ANALIST))


def can_see_board(user) -> bool:
    """The board's agenda, decision log and overdue list: roles that read all projects."""
    return user.is_authenticated and user.reads_everything


def can_decide(user) -> bool:
    return user.is_authenticated and user.has_role(Role.PORTFOLIORAAD)


def can_prepare_board(user) -> bool:
    return user.is_authenticated and user.has_role(Role.PMO_ANALIST)


def can_configure_assessment(user) -> bool:
    """Create afwegingskaders and scenarios: the PMO-analist (see AssessmentFramework)."""
    return user.is_authenticated and user.has_role(Role.PMO_ANALIST)
