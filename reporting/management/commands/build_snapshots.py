from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pmo.actors import Actor
from pmo.periods import period_start, shift
from reporting.models import Scope
from reporting.services.builds import PeriodRefused, build_request, snapshot_build


class Command(BaseCommand):
    help = (
        "Build the dashboards of every scope synchronously: the period just closed, or "
        "the last --periods closed periods oldest first, so each compares with the one "
        "before. --current adds the period under way (as of today)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--periods", type=int, default=1)
        parser.add_argument("--scope", type=int, action="append", help="only this scope id")
        parser.add_argument("--current", action="store_true")

    def handle(self, *args, **options):
        if options["periods"] < 1:
            raise CommandError("--periods must be at least 1")
        this_period = period_start(timezone.localdate())
        periods = [shift(this_period, -back) for back in reversed(range(1, options["periods"] + 1))]
        if options["current"]:
            periods.append(this_period)
        scopes = Scope.objects.order_by("kind", "name")
        if options["scope"]:
            scopes = scopes.filter(pk__in=options["scope"])
        for scope in scopes:
            for period in periods:
                try:
                    build = build_request(
                        scope=scope, period=period, actor=Actor.task(), send=False
                    )
                except PeriodRefused as refused:
                    if options["verbosity"] >= 2:
                        self.stdout.write(f"{scope} {period:%Y-%m}: {refused.messages[0]}")
                    continue
                build = snapshot_build(build_id=build.pk)
                if options["verbosity"] >= 1:
                    count = build.snapshot.project_count if build.snapshot else 0
                    self.stdout.write(
                        f"{scope} {period:%Y-%m}: {build.get_status_display()}, {count} projecten"
                        + (f" — {build.error}" if build.error else "")
                    )
