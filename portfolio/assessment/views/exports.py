"""The afwegingskader's lists as Excel or CSV: the ranking as the page computes it (under
the what-if weight when one is set; every project, not one page of the table) with each
project's score per criterion, and the framework's versions."""

from operator import attrgetter

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmo.exports import ChoiceLabel, ExportColumn, export_response

from ...projects.models import Project
from ..models import AssessmentFramework
from ..selectors import RankedProject, ScoreMatrix

PHASE = ChoiceLabel(Project, "phase")
STATUS = ChoiceLabel(Project, "status")


def _score(cells: dict, criterion_pk: int):
    """A project's score on one criterion; empty (not 0) where it is not scored yet."""

    def value(row: RankedProject):
        score = cells.get((row.project.pk, criterion_pk))
        return None if score is None else score.value

    return value


def ranking_columns(matrix: ScoreMatrix, *, what_if: bool) -> list[ExportColumn]:
    """`matrix` must hold its cells (`score_matrix(..., cells=True)`)."""
    columns = [
        ExportColumn(_("Rang"), attrgetter("rank"), kind="integer"),
        ExportColumn(_("Gedeelde plaats"), attrgetter("tied")),
    ]
    if what_if:
        columns.append(ExportColumn(_("Verschuiving"), attrgetter("shift"), kind="integer"))
    columns += [
        ExportColumn(_("Code"), lambda row: row.project.code),
        ExportColumn(_("Naam"), lambda row: row.project.name),
        ExportColumn(_("Fase"), lambda row: PHASE(row.project)),
        ExportColumn(_("Status"), lambda row: STATUS(row.project)),
        *(
            ExportColumn(criterion.name, _score(matrix.cells, criterion.pk), kind="integer")
            for criterion in matrix.criteria
        ),
        ExportColumn(_("Waarde"), lambda row: round(row.value, 4), kind="number"),
        ExportColumn(
            _("Impact"),
            lambda row: None if row.impact is None else round(row.impact, 3),
            kind="number",
        ),
    ]
    if matrix.framework.uses_wsjf:
        columns.append(ExportColumn("WSJF", attrgetter("wsjf"), kind="number"))
    return [
        *columns,
        ExportColumn(_("Budget (€)"), lambda row: row.project.budget_total, kind="money"),
        ExportColumn(_("Totaalbeeld"), lambda row: row.project.current_rag),
        ExportColumn(_("Volledig gescoord"), attrgetter("complete")),
    ]


def ranking_export(
    matrix: ScoreMatrix, rows: list[RankedProject], *, fmt: str, what_if: bool
) -> HttpResponse:
    return export_response(
        rows,
        ranking_columns(matrix, what_if=what_if),
        fmt=fmt,
        title=_("Rangorde %(framework)s") % {"framework": matrix.framework},
    )


def _published_on(framework: AssessmentFramework):
    return timezone.localdate(framework.published_at) if framework.published_at else None


FRAMEWORK_COLUMNS = [
    ExportColumn(gettext_lazy("Naam"), attrgetter("name")),
    ExportColumn(gettext_lazy("Versie"), attrgetter("number"), kind="integer"),
    ExportColumn(
        gettext_lazy("Uit versie"),
        lambda framework: framework.based_on and framework.based_on.number,
        kind="integer",
    ),
    ExportColumn(gettext_lazy("Status"), ChoiceLabel(AssessmentFramework, "status")),
    ExportColumn(gettext_lazy("Wegingsmethode"), ChoiceLabel(AssessmentFramework, "weight_method")),
    ExportColumn(gettext_lazy("WSJF gebruiken"), attrgetter("uses_wsjf")),
    ExportColumn(gettext_lazy("Gepubliceerd op"), _published_on, kind="date"),
]


def framework_export(frameworks, *, fmt: str) -> HttpResponse:
    return export_response(frameworks, FRAMEWORK_COLUMNS, fmt=fmt, title=_("Afwegingskader"))
