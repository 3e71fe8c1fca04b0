"""The ranking of one framework version: value, impact, ties, sensitivity and what-if."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from pmo.access import get_visible_or_404
from pmo.exports import FORMATS
from pmo.web.pages import PAGE_PARAM, paginate, query_without, render_page
from pmo.web.registers import EXPORT_PARAM

from ...scoring.sensitivity import reweighted
from ...status.models import RAG
from ..figures import rank_lines_figure, value_impact_figure, weight_interval_figure
from ..models import AssessmentFramework
from ..selectors import rank_lines, ranked, score_matrix, sensitivity
from .exports import ranking_export

RANKING_PAGE_SIZE = 100


def _int(text: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(text), low), high)
    except (TypeError, ValueError):
        return default


@login_required
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_visible_or_404(AssessmentFramework.objects, request.user, pk=pk)
    fmt = request.GET.get(EXPORT_PARAM)
    # The export lists each score: it keeps the cells, so an unscored one stays empty, not 0.
    matrix = score_matrix(framework, cells=fmt in FORMATS)
    top_n = _int(request.GET.get("top"), 10, 1, max(1, len(matrix.projects)))
    criteria = matrix.contribution
    # What-if: one criterion's weight set by the slider, the others keep their proportions.
    index = next(
        (k for k, c in enumerate(criteria) if str(c.pk) == request.GET.get("wat_als")), None
    )
    what_if_weight = None
    weights = None
    if index is not None:
        what_if_weight = _int(request.GET.get("gewicht"), 0, 0, 100)
        weights = reweighted(matrix.weights(), index, what_if_weight / 100)
    rows = ranked(matrix, weights) if criteria else []
    if fmt in FORMATS:  # every project, ranked as the page ranks them (with the what-if)
        return ranking_export(matrix, rows, fmt=fmt, what_if=index is not None)
    focus = index if index is not None else 0
    # Every project is ranked and drawn in the charts; the table shows a page at a time,
    # which is also what keeps the page fast at thousands of projects.
    page = paginate(request, rows, RANKING_PAGE_SIZE)
    context = {
        "framework": framework,
        "rows": page.object_list,
        "page": page,
        "page_query": query_without(request, PAGE_PARAM),
        "export_query": query_without(request, PAGE_PARAM, EXPORT_PARAM),
        "criteria": criteria,
        "top_n": top_n,
        "what_if": criteria[index] if index is not None else None,
        "what_if_weight": what_if_weight,
        "focus": criteria[focus] if criteria else None,
        "ties": sum(1 for row in rows if row.tied),
        "incomplete": sum(1 for row in rows if not row.complete),
        "moved": sum(1 for row in rows if row.shift),
    }
    if criteria and rows:
        grid, lines = rank_lines(matrix, criterion=focus)
        context["lines_figure"] = rank_lines_figure(
            weights=grid.tolist(),
            lines=lines,
            current=(what_if_weight / 100)
            if what_if_weight is not None
            else criteria[focus].weight,
            title=_("Rangorde van de koplopers als het gewicht van '%(c)s' verandert")
            % {"c": criteria[focus].name},
            axis_title=_("gewicht van %(c)s") % {"c": criteria[focus].name},
            rank_title=_("rang"),
        )
    if request.htmx:  # the weight slider and the table's pages swap only the results
        return render_page(
            request, "portfolio/assessment/ranking.html", context, fragment="results"
        )
    if rows:
        labels = {**dict(RAG.choices), None: _("geen rapportage")}
        context["bubble_figure"] = value_impact_figure(
            points=[
                {
                    "code": row.project.code,
                    "name": row.project.name,
                    "value": round(row.value, 4),
                    "impact": None if row.impact is None else round(row.impact, 3),
                    "budget": float(row.project.budget_total),
                    "rag": row.project.current_rag,
                }
                for row in rows
            ],
            rag_labels=labels,
            title=_("Waarde tegenover impact (grootte = budget, kleur = status)"),
            value_axis=_("gewogen waarde"),
            impact_axis=_("impact (lager is beter)"),
        )
        intervals = sensitivity(matrix, top_n=top_n)
        context["intervals"] = list(zip(criteria, intervals, strict=True))
        context["interval_figure"] = weight_interval_figure(
            criteria=[c.name for c in criteria],
            weights=[i.weight for i in intervals],
            ranking=[i.ranking for i in intervals],
            top=[i.top for i in intervals],
            title=_("Hoe ver mag een gewicht bewegen?"),
            ranking_label=_("hele rangorde gelijk"),
            top_label=_("top %(n)s gelijk") % {"n": top_n},
            current_label=_("huidig gewicht"),
            axis_title=_("gewicht"),
        )
    return render_page(request, "portfolio/assessment/ranking.html", context)
