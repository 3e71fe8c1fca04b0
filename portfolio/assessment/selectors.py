"""Reads of the afwegingskader that pages, the scenario solver and the API share.

Every read is a fixed number of queries (criteria, candidate projects, scores, WSJF),
whatever the portfolio size; the arithmetic happens in the pure engine.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext as _

from ..projects.models import LifecycleStatus, Phase, Project
from ..projects.selectors import budget_total_expression
from ..scoring.ranking import rank
from ..scoring.sensitivity import WeightInterval, reweighted, weight_intervals
from .models import AssessmentFramework, Criterion, PairwiseJudgement, Score, WsjfEstimate
from .rules import ahp_outcome, complete_judgements


def candidate_projects() -> QuerySet[Project]:
    """Projects the afwegingskader weighs: everything not closed, finished or stopped."""
    return (
        Project.objects.exclude(phase=Phase.CLOSED)
        .exclude(status__in=[LifecycleStatus.COMPLETED, LifecycleStatus.CANCELLED])
        # Only what rankings, grids and scenarios show: thousands of full Project rows
        # (descriptions, dates) cost more to build than the whole ranking computation.
        .only("pk", "code", "name", "phase", "status", "statutory")
        .annotate(
            budget_total=budget_total_expression(), current_rag=F("current_report__rag_overall")
        )
        .order_by("code")
    )


def candidate_choices() -> QuerySet[Project]:
    """The candidates as light rows for a choice list (code and name only)."""
    return (
        Project.objects.filter(pk__in=candidate_projects().values("pk"))
        .only("pk", "code", "name")
        .order_by("code")
    )


@dataclass
class ScoreMatrix:
    """Projects × criteria of one framework version, as arrays for the engine."""

    framework: AssessmentFramework
    contribution: list[Criterion]
    impact: list[Criterion]
    projects: list[Project]
    values: np.ndarray  # (n, C) contribution scores, empty cells 0
    impacts: np.ndarray  # (n, I) impact scores, empty cells NaN
    filled: np.ndarray  # (n,) number of filled cells
    cells: dict[tuple[int, int], Score] = field(default_factory=dict)
    wsjf: dict[int, WsjfEstimate] = field(default_factory=dict)

    @property
    def criteria(self) -> list[Criterion]:
        return self.contribution + self.impact

    def weights(self) -> np.ndarray:
        return np.array([c.weight for c in self.contribution], dtype=float)

    def impact_weights(self) -> np.ndarray:
        return np.array([c.weight for c in self.impact], dtype=float)


def score_matrix(
    framework: AssessmentFramework, *, projects: QuerySet[Project] | None = None, cells=False
) -> ScoreMatrix:
    """One query each for criteria, projects, scores (and WSJF when the framework uses it).

    `cells` keeps the Score objects (for the grid, which needs versions and justifications);
    the ranking only needs the numbers and reads them as tuples.
    """
    criteria = list(framework.criteria.all())
    contribution = [c for c in criteria if c.kind == Criterion.Kind.CONTRIBUTION]
    impact = [c for c in criteria if c.kind == Criterion.Kind.IMPACT]
    project_list = list(candidate_projects() if projects is None else projects)
    row = {p.pk: i for i, p in enumerate(project_list)}
    values = np.zeros((len(project_list), len(contribution)))
    impacts = np.full((len(project_list), len(impact)), np.nan)
    filled = np.zeros(len(project_list), dtype=int)
    column = {c.pk: ("c", j) for j, c in enumerate(contribution)}
    column.update({c.pk: ("i", j) for j, c in enumerate(impact)})
    scores = Score.objects.filter(criterion__framework=framework)
    if projects is not None:
        scores = scores.filter(project__in=list(row))
    kept: dict[tuple[int, int], Score] = {}
    if cells:
        rows = ((s.project_id, s.criterion_id, s.value, s) for s in scores)
    else:
        rows = ((*t, None) for t in scores.values_list("project_id", "criterion_id", "value"))
    for project_id, criterion_id, value, score in rows:
        i = row.get(project_id)
        if i is None:
            continue
        kind, j = column[criterion_id]
        (values if kind == "c" else impacts)[i, j] = value
        filled[i] += 1
        if score is not None:
            kept[(project_id, criterion_id)] = score
    wsjf = {}
    if framework.uses_wsjf:
        wsjf = {w.project_id: w for w in framework.wsjf_estimates.all()}
    return ScoreMatrix(
        framework, contribution, impact, project_list, values, impacts, filled, kept, wsjf
    )


def fully_scored_count(framework: AssessmentFramework, criteria: int) -> int:
    """How many candidate projects have a score on every criterion (one query)."""
    if not criteria:
        return 0
    return (
        Score.objects.filter(
            criterion__framework=framework, project__in=candidate_projects().values("pk")
        )
        .values("project")
        .annotate(n=Count("pk"))
        .filter(n__gte=criteria)
        .count()
    )


def impact_figures(matrix: ScoreMatrix) -> np.ndarray:
    """Weighted mean of the filled impact scores per project (NaN when none is filled)."""
    if not matrix.impact:
        return np.full(len(matrix.projects), np.nan)
    weights = matrix.impact_weights()
    if weights.sum() <= 0:
        weights = np.ones_like(weights)
    present = ~np.isnan(matrix.impacts)
    weighted = np.where(present, matrix.impacts, 0.0) @ weights
    total = present.astype(float) @ weights
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, weighted / np.where(total > 0, total, 1.0), np.nan)


@dataclass(frozen=True)
class RankedProject:
    project: Project
    value: float
    impact: float | None
    rank: int
    tied: bool
    complete: bool
    wsjf: float | None
    # Rank under the weights the page compares with (what-if), else None
    base_rank: int | None = None

    @property
    def shift(self) -> int:
        return 0 if self.base_rank is None else self.base_rank - self.rank


def ranked(matrix: ScoreMatrix, weights: np.ndarray | None = None) -> list[RankedProject]:
    """Projects best first by weighted value; ties share a rank and are marked.

    With `weights` (a what-if) every row also carries its rank under the framework's own
    weights, so the page can show who moves.
    """
    own = matrix.weights()
    values = matrix.values @ (own if weights is None else weights)
    result = rank(values)
    base = rank(matrix.values @ own).ranks if weights is not None else None
    impact = impact_figures(matrix)
    needed = len(matrix.criteria)
    rows = []
    for i in result.order:
        project = matrix.projects[i]
        estimate = matrix.wsjf.get(project.pk)
        rows.append(
            RankedProject(
                project=project,
                value=float(values[i]),
                impact=None if np.isnan(impact[i]) else float(impact[i]),
                rank=int(result.ranks[i]),
                tied=bool(result.tied[i]),
                complete=bool(matrix.filled[i] >= needed),
                wsjf=estimate.wsjf if estimate else None,
                base_rank=None if base is None else int(base[i]),
            )
        )
    return rows


def sensitivity(matrix: ScoreMatrix, *, top_n: int) -> list[WeightInterval]:
    """Per contribution criterion, the weight interval within which the top-N set and the
    full ranking stay the same."""
    if not matrix.contribution or not matrix.projects:
        return []
    return weight_intervals(matrix.values, matrix.weights(), top_n=top_n)


def rank_lines(
    matrix: ScoreMatrix, *, criterion: int, leaders: int = 8, steps: int = 21
) -> tuple[np.ndarray, list[tuple[str, list[int]]]]:
    """Ranks of today's leading projects as one criterion's weight runs from 0 to 1."""
    grid = np.linspace(0.0, 1.0, steps)
    weights = matrix.weights()
    base = rank(matrix.values @ weights)
    lead = base.order[:leaders]
    ranks = np.array(
        [rank(matrix.values @ reweighted(weights, criterion, t)).ranks[lead] for t in grid]
    )
    return grid, [
        (matrix.projects[i].code, ranks[:, k].tolist()) for k, i in enumerate(lead.tolist())
    ]


def judgements_by_rater(
    framework: AssessmentFramework, kind: str
) -> dict[int, dict[tuple[int, int], float]]:
    found: dict[int, dict[tuple[int, int], float]] = defaultdict(dict)
    rows = PairwiseJudgement.objects.filter(framework=framework, first__kind=kind).values_list(
        "rater_id", "first_id", "second_id", "value"
    )
    for rater, first, second, value in rows:
        found[rater][(first, second)] = value
    return dict(found)


def publish_problems(framework: AssessmentFramework) -> list[str]:
    """What stands in the way of publishing; empty when it can be published."""
    criteria = list(framework.criteria.all())
    problems = []
    contribution = [c for c in criteria if c.kind == Criterion.Kind.CONTRIBUTION]
    if not contribution:
        problems.append(_("Er is nog geen criterium dat bijdraagt aan een doel."))
    for kind, label in Criterion.Kind.choices:
        members = [c for c in criteria if c.kind == kind]
        if members and abs(sum(c.weight for c in members) - 1.0) > 1e-6:
            problems.append(
                _("De gewichten van '%(kind)s' zijn nog niet vastgesteld.") % {"kind": label}
            )
    if framework.weight_method == AssessmentFramework.WeightMethod.AHP:
        for kind, label in Criterion.Kind.choices:
            members = [c for c in criteria if c.kind == kind]
            if len(members) < 2:
                continue
            raters = [
                judged
                for judged in judgements_by_rater(framework, kind).values()
                if complete_judgements(judged, members)
            ]
            if raters and not ahp_outcome(members, raters).consistent:
                problems.append(
                    _(
                        "De paarsgewijze oordelen voor '%(kind)s' zijn te inconsistent "
                        "(CR boven 0,10); herzie de genoemde paren."
                    )
                    % {"kind": label}
                )
    return problems
