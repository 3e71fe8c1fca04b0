"""Priority value and rank of the scope's projects in the adopted afwegingskader.

The ranking is the one the afwegingskader's ranking page shows (its selectors and the
pure engine), so the board reads the same value and rank on both pages: the weighted
value over the contribution criteria, ranked among all the framework's candidates.
"""

from django.db.models import Q

from portfolio.assessment.models import AssessmentFramework
from portfolio.assessment.selectors import ranked, score_matrix

from . import BuildContext


def adopted_frameworks(ctx: BuildContext) -> list[AssessmentFramework]:
    """Per framework name, the newest version published by the end of the build's period;
    the most recently published first (one query)."""
    published = AssessmentFramework.objects.filter(
        # A published version without a date (loaded data) counts as published all along.
        Q(published_at__isnull=True) | Q(published_at__date__lte=ctx.as_of),
        status=AssessmentFramework.Status.PUBLISHED,
    ).order_by("name", "-number")
    newest: dict[str, AssessmentFramework] = {}
    for framework in published:
        newest.setdefault(framework.name, framework)
    return sorted(
        newest.values(),
        key=lambda f: (f.published_at is not None, f.published_at, f.pk),
        reverse=True,
    )


def priorities(ctx: BuildContext) -> dict[int, tuple[float, int]]:
    """Project id → (priority value, 1-based rank within its framework).

    A project is in a framework when it has a score there; scored in several adopted
    frameworks, it takes the most recently published one. Unscored projects get no entry.
    Queries: the frameworks, the scope's project ids, then per framework those of
    `score_matrix` (criteria, candidates, scores, and WSJF when the framework uses it).
    """
    frameworks = adopted_frameworks(ctx)
    if not frameworks:
        return {}
    in_scope = set(ctx.projects().order_by().values_list("pk", flat=True))
    found: dict[int, tuple[float, int]] = {}
    for framework in frameworks:
        matrix = score_matrix(framework)
        if not matrix.contribution:
            continue
        scored = {p.pk for p, filled in zip(matrix.projects, matrix.filled, strict=True) if filled}
        for row in ranked(matrix):
            pk = row.project.pk
            if pk in in_scope and pk in scored and pk not in found:
                found[pk] = (row.value, row.rank)
    return found
