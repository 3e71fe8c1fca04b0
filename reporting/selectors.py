from django.db.models import OuterRef, Subquery

from .models import Snapshot


def latest_snapshots(*, user) -> list[Snapshot]:
    """The newest built snapshot of each portfolio, for users who read all projects.

    Built means it has figures: a rebuild (pending, running or failed) keeps the figures
    of its last build, so the board keeps reading them until the new ones are done.
    Snapshots aggregate the whole portfolio, so only roles that may see every project
    see them; a projectleider's own view comes from the overview instead.
    """
    newest = (
        Snapshot.objects.filter(portfolio=OuterRef("portfolio"), built_at__isnull=False)
        .order_by("-period")
        .values("pk")[:1]
    )
    return list(
        Snapshot.objects.visible_to(user)
        .filter(pk=Subquery(newest))
        .select_related("portfolio")
        .order_by("portfolio__name")
    )
