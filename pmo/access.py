"""The one permission layer, used by every page, API view, export and the admin.

Every model's manager comes from an `AccessQuerySet`: `visible_to(user)` narrows to what
the user may see, `editable_by(user)` to what they may change. Outside the visible set is
404 (a whole area a role may not see included), visible but not editable is 403. Views and
templates ask this module, never a role name.

Three shapes cover every model:
- a model with its own rule (projects) subclasses `AccessQuerySet`;
- a portfolio-wide area (the board, the afwegingskader) uses `area_queryset(readers, writers)`;
- a child model follows its parent through one foreign key: `follows_parent("project")`.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from .roles import Role
from .tracking import stamped

UserPredicate = Callable[[Any], bool]


# ---------------------------------------------------------------------------- predicates


def signed_in(user) -> bool:
    return user.is_authenticated


def reads_everything(user) -> bool:
    """Board, analysts and administrators read the whole portfolio."""
    return user.is_authenticated and user.reads_everything


def edits_everything(user) -> bool:
    return user.is_authenticated and user.edits_everything


def is_project_manager(user) -> bool:
    return user.is_authenticated and Role.PROJECTLEIDER in user.roles


def can_create_projects(user) -> bool:
    return user.is_authenticated and (user.edits_everything or user.has_role(Role.PMO_ANALIST))


def can_see_board(user) -> bool:
    """The board's agenda, decision log, overdue list and dashboard."""
    return reads_everything(user)


def can_see_dashboards(user) -> bool:
    """The board's periodic dashboards (the menu item and /dashboard/): who reads the
    whole portfolio sees every one; anyone placed in an org unit may have their unit's
    (reporting's Scope.visible_to says which exist). Asked on every page, so no query:
    a projectleider whose unit has none yet is told the PMO can set one up."""
    return reads_everything(user) or (user.is_authenticated and user.org_unit_id is not None)


def can_see_capacity(user) -> bool:
    """The capacity heatmap, its drill-down and its export: a cell sums the demand of every
    project, so who reads the whole portfolio (PMO, board, analysts)."""
    return reads_everything(user)


def can_decide(user) -> bool:
    """Gate decisions, agenda decisions and adopting a scenario: the portfolioraad."""
    return user.is_authenticated and user.has_role(Role.PORTFOLIORAAD)


def can_prepare_board(user) -> bool:
    """Planning meetings and preparing their agenda: the PMO-analist."""
    return user.is_authenticated and user.has_role(Role.PMO_ANALIST)


def can_change_baseline(user) -> bool:
    """Baselines (planned start and end, budget) and closing or stopping a project, with
    a reason, outside a gate decision of the board: the PMO-analist."""
    return user is not None and edits_everything(user)


def can_configure_assessment(user) -> bool:
    """Afwegingskaders, scores and scenarios: the PMO-analist."""
    return user.is_authenticated and user.has_role(Role.PMO_ANALIST)


def nobody(user) -> bool:
    return False


def project_manager_candidates(users: models.QuerySet) -> models.QuerySet:
    """The users a project may have as projectleider: those holding that role."""
    return users.filter(groups__name=Role.PROJECTLEIDER)


# ----------------------------------------------------------------------------- querysets


class AccessQuerySet(models.QuerySet):
    """The contract every manager keeps (tests/architecture checks it)."""

    def visible_to(self, user) -> models.QuerySet:
        raise NotImplementedError(f"{self.model.__name__} has no visibility rule")

    def editable_by(self, user) -> models.QuerySet:
        raise NotImplementedError(f"{self.model.__name__} has no edit rule")

    def update(self, **fields):
        # A write around save() still tells syncing clients the row changed.
        return super().update(**stamped(self.model, fields))


def area_queryset(*, readers: UserPredicate, writers: UserPredicate) -> type[AccessQuerySet]:
    """A queryset class for a portfolio-wide area: who may read sees all of it."""

    class AreaQuerySet(AccessQuerySet):
        def visible_to(self, user):
            return self if readers(user) else self.none()

        def editable_by(self, user):
            return self if writers(user) else self.none()

    AreaQuerySet.readers = staticmethod(readers)
    AreaQuerySet.writers = staticmethod(writers)
    return AreaQuerySet


def follows_parent(field: str) -> type[AccessQuerySet]:
    """A queryset class for a child model that follows the permissions of the object its
    foreign key `field` points at: visible (editable) where the parent is."""

    class ChildQuerySet(AccessQuerySet):
        def _parents(self):
            return self.model._meta.get_field(field).related_model.objects

        def visible_to(self, user):
            return self.filter(**{f"{field}__in": self._parents().visible_to(user).values("pk")})

        def editable_by(self, user):
            return self.filter(**{f"{field}__in": self._parents().editable_by(user).values("pk")})

    return ChildQuerySet


# ------------------------------------------------------------------------------- lookups


def get_visible_or_404(queryset, user, **lookup) -> models.Model:
    if isinstance(queryset, type):
        queryset = queryset.objects
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404(str(queryset.model._meta.verbose_name)) from exc


def is_editable(obj: models.Model, user) -> bool:
    return type(obj).objects.editable_by(user).filter(pk=obj.pk).exists()


def get_editable_or_403(queryset, user, **lookup) -> models.Model:
    """The object if the user may change it; 404 if they may not even see it."""
    obj = get_visible_or_404(queryset, user, **lookup)
    if not is_editable(obj, user):
        raise PermissionDenied
    return obj


def area_readable(model: type[models.Model], user) -> bool:
    return model.objects.all().readers(user)


def area_writable(model: type[models.Model], user) -> bool:
    return model.objects.all().writers(user)


def require_area(model: type[models.Model], user) -> None:
    """404 when the whole area of `model` is out of the user's sight."""
    if not area_readable(model, user):
        raise Http404(str(model._meta.verbose_name_plural))


def require_area_write(model: type[models.Model], user) -> None:
    """404 out of sight, 403 when the user may read the area but not change it."""
    require_area(model, user)
    if not area_writable(model, user):
        raise PermissionDenied


def require(allowed: bool) -> None:
    """403 for an action on something the user can see but may not do."""
    if not allowed:
        raise PermissionDenied
