"""Querysets that narrow to what a user may see and change (the permission layer)."""

from django.db import models
from django.db.models import Q


class OrgUnitQuerySet(models.QuerySet):
    def subtree_of(self, unit) -> "OrgUnitQuerySet":
        return self.filter(path__startswith=unit.path)


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProjectQuerySet":
        """Board, analysts and administrators read all; a projectleider reads the
        projects of their own org unit (and below) and those they lead or sponsor."""
        if not user.is_authenticated:
            return self.none()
        if user.reads_everything:
            return self
        own = Q(manager=user) | Q(sponsor=user)
        if user.org_unit_id is not None:
            # The path lookup needs the unit's path; one small subquery keeps the count fixed.
            from .models import OrgUnit

            unit_path = OrgUnit.objects.filter(pk=user.org_unit_id).values("path")[:1]
            own |= Q(org_unit__path__startswith=models.Subquery(unit_path))
        return self.filter(own)

    def editable_by(self, user) -> "ProjectQuerySet":
        """Analysts change all projects; a projectleider changes the projects they lead."""
        if not user.is_authenticated:
            return self.none()
        if user.edits_everything:
            return self
        from pmo.roles import Role

        if Role.PROJECTLEIDER in user.roles:
            return self.filter(manager=user)
        return self.none()


class ProjectChildQuerySet(models.QuerySet):
    """Milestones and budget lines follow the permissions of their project."""

    def visible_to(self, user):
        from .models import Project

        return self.filter(project__in=Project.objects.visible_to(user).values("pk"))

    def editable_by(self, user):
        from .models import Project

        return self.filter(project__in=Project.objects.editable_by(user).values("pk"))
