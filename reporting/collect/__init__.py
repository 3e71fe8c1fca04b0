"""Reading what a snapshot holds from the other domains, in bulk.

Each collector takes a `BuildContext` and answers for every project in the scope at once,
with a fixed number of queries whatever the number of projects: the build of 10,000
projects must not issue 10,000 queries. They only read; the build service writes.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from pmo.periods import period_end


@dataclass(frozen=True)
class BuildContext:
    """One snapshot build: the scope's projects as they stood in one period."""

    scope: "object"  # reporting.models.Scope
    period: dt.date  # first day of the period
    today: dt.date  # the build's day: the current period is built up to today

    @property
    def period_end(self) -> dt.date:
        return period_end(self.period)

    @property
    def as_of(self) -> dt.date:
        """The last day the snapshot looks at: the period's end, or today within it."""
        return min(self.period_end, self.today)

    def all_projects(self) -> QuerySet:
        """Every project of the scope, whenever it ran."""
        from portfolio.projects.models import Project

        return Project.objects.filter(self.scope.project_filter())

    def projects(self) -> QuerySet:
        """The scope's projects that existed in the period and were not closed before it."""
        # A moment, not a date cast on every row (SQLite runs the cast in Python).
        end = timezone.make_aware(dt.datetime.combine(self.as_of + dt.timedelta(days=1), dt.time()))
        return self.all_projects().filter(
            Q(created_at__lt=end) | Q(planned_start__lte=self.as_of),
            Q(closed_on__isnull=True) | Q(closed_on__gte=self.period),
        )
