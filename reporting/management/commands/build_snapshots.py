from django.core.management.base import BaseCommand
from django.utils import timezone

from pmo.periods import period_start
from portfolio.projects.models import Portfolio
from reporting import services


class Command(BaseCommand):
    help = "Build this period's dashboard snapshot of every portfolio, synchronously."

    def handle(self, *args, **options):
        period = period_start(timezone.localdate())
        for portfolio in Portfolio.objects.order_by("code"):
            snapshot = services.snapshot_build(portfolio_id=portfolio.pk, period=period)
            if options["verbosity"] < 1:
                continue
            self.stdout.write(
                f"{portfolio.code} {period:%Y-%m}: {snapshot.project_count} projecten, "
                f"{snapshot.get_status_display()}"
            )
