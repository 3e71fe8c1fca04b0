"""The hoofdpuntenrapportages as PMOs keep them in Excel, one row per project and month,
imported through the shared runner (pmo/imports) into `reports_upsert`: the same rules as
the report page and the API (a submitted report needs every colour, an explanation of
each oranje and rood, a reason for overriding the system's proposal).

A row names its project by external_id or by code (the external_id is tried first) and
its period by month. An empty cell leaves the report's value as it is; a row that would
change a report already submitted is refused (amend it on the page). A row is identified
by project and period together, so the same project twice in one period is a duplicate.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmo.access import edits_everything, is_project_manager
from pmo.bulk import RowErrors
from pmo.imports.columns import CellError, Column, choices_of
from pmo.imports.registry import Importer, register
from pmo.periods import period_start

from ..governance.models import AgendaItem
from ..projects.models import Project
from ..projects.selectors import projects_by_reference
from .models import DIMENSIONS, RAG, REPORT_FIELDS, ReportReminder, StatusReport
from .rules.validation import EXPLANATION_PARTS, explanation_field
from .services import current_reports_refresh, reports_upsert

# What PMO sheets write for a colour: the model's words, English, and geel for oranje.
RAG_WORDS = {
    **choices_of(StatusReport, "rag_overall"),
    **dict.fromkeys(("green", "g"), RAG.GREEN),
    **dict.fromkeys(("amber", "orange", "geel", "yellow", "o"), RAG.AMBER),
    **dict.fromkeys(("red", "r"), RAG.RED),
}
PART_LABELS = {
    "cause": gettext_lazy("Oorzaak"),
    "effect": gettext_lazy("Gevolg"),
    "measure": gettext_lazy("Maatregel"),
}
RAG_LABELS = {
    "time": gettext_lazy("Tijd"),
    "cost": gettext_lazy("Geld"),
    "scope": gettext_lazy("Scope"),
    "quality": gettext_lazy("Kwaliteit"),
    "risk": gettext_lazy("Risico"),
    "benefits": gettext_lazy("Baten"),
}
RAG_ALIASES = {
    "time": ("planning", "time"),
    "cost": ("financien", "budget", "kosten", "cost", "money"),
    "scope": ("inhoud",),
    "quality": ("quality",),
    "risk": ("risicos", "risks"),
    "benefits": ("benefits",),
}
PROPOSED = ("time", "cost", "risk", "benefits")  # the dimensions the system proposes
OVERRIDE_REASON = gettext_lazy("Reden afwijking voorstel")


class RagColumn(Column):
    """A colour: groen/oranje/rood, green/amber/red."""

    def _choice(self, value: Any) -> str:
        try:
            return super()._choice(value)
        except CellError:
            raise CellError(
                _("Onbekende kleur %(value)s; kies groen, oranje of rood.") % {"value": value}
            ) from None


class PercentColumn(Column):
    """A percentage as typed (45, "45%", "45,5") or as an Excel percent cell (0.45)."""

    def _percent(self, value: Any) -> int:
        if isinstance(value, str) and value.strip().endswith("%"):
            value = value.strip()[:-1]
        number = self._decimal(value)
        if isinstance(value, float) and 0 < number < 1:
            number *= 100  # a cell formatted as a percentage holds the fraction
        return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _explanation_columns() -> list[Column]:
    return [
        Column(
            explanation_field(key, part),
            format_lazy("{} ({})", PART_LABELS[part], label),
            aliases=(f"{part} {key}",),
        )
        for key, label in DIMENSIONS
        for part in EXPLANATION_PARTS
    ]


def _text(key: str, label, *aliases: str) -> Column:
    return Column(key, label, aliases=aliases)


COLUMNS = [
    Column(
        "project",
        gettext_lazy("Project (code of extern kenmerk)"),
        required=True,
        aliases=("project", "projectcode", "code", "projectnummer", "kenmerk"),
    ),
    Column(
        "period",
        gettext_lazy("Periode"),
        kind="month",
        required=True,
        aliases=("maand", "rapportagemaand", "rapportageperiode", "month", "period"),
    ),
    *[
        RagColumn(
            f"rag_{key}",
            RAG_LABELS[key],
            kind="choice",
            choices=RAG_WORDS,
            aliases=RAG_ALIASES[key],
        )
        for key, _label in DIMENSIONS
    ],
    RagColumn(
        "rag_overall",
        gettext_lazy("Totaal"),
        kind="choice",
        choices=RAG_WORDS,
        aliases=("totaalbeeld", "eindoordeel", "overall", "rag"),
    ),
    PercentColumn(
        "progress_pct", gettext_lazy("Voortgang (%)"), kind="percent", aliases=("voortgang",)
    ),
    Column(
        "forecast_end",
        gettext_lazy("Prognose einddatum"),
        kind="date",
        aliases=("prognose einde", "verwachte einddatum", "forecast end"),
    ),
    Column(
        "forecast_cost",
        gettext_lazy("Prognose totale kosten (EAC)"),
        kind="decimal",
        aliases=("eac", "prognose kosten", "prognose", "forecast cost"),
    ),
    Column(
        "actual_cost",
        gettext_lazy("Werkelijke kosten tot nu"),
        kind="decimal",
        aliases=("werkelijke kosten", "realisatie", "actuals"),
    ),
    Column(
        "actual_cost_date",
        gettext_lazy("Peildatum werkelijke kosten"),
        kind="date",
        aliases=("peildatum",),
    ),
    _text("achievements", gettext_lazy("Bereikt deze periode"), "bereikt", "resultaten"),
    _text("next_plans", gettext_lazy("Plannen volgende periode"), "plannen", "vooruitblik"),
    _text("escalations", gettext_lazy("Escalaties"), "escalatie"),
    _text("decisions_requested", gettext_lazy("Gevraagde besluiten"), "besluiten"),
    *_explanation_columns(),
    *[
        _text(f"override_reason_{key}", format_lazy("{} ({})", OVERRIDE_REASON, label))
        for key, label in DIMENSIONS
        if key in PROPOSED
    ],
    _text("plausibility_reason", gettext_lazy("Toelichting bij opvallende waarden")),
    _text("exception_cause", gettext_lazy("Exception: oorzaak")),
    _text("exception_consequences", gettext_lazy("Exception: gevolgen")),
    _text("exception_options", gettext_lazy("Exception: opties")),
    _text("exception_recommendation", gettext_lazy("Exception: aanbeveling")),
    Column(
        "submit",
        gettext_lazy("Indienen"),
        kind="bool",
        aliases=("ingediend", "indienen ja nee", "submit"),
    ),
]
KEYS = {column.key for column in COLUMNS}


def _service_row(row: dict, project: Project, period: dt.date, report) -> dict[str, Any]:
    """The row as `reports_upsert` takes it: empty cells left out (the report keeps
    them), explanations nested per dimension on top of the report's own."""
    values = {name: row[name] for name in REPORT_FIELDS if row.get(name) not in (None, "")}
    explanations = copy.deepcopy(report.explanations) if report is not None else {}
    for key, _label in DIMENSIONS:
        for part in EXPLANATION_PARTS:
            text = row.get(explanation_field(key, part))
            if text not in (None, ""):
                explanations.setdefault(key, {})[part] = text
    return {
        "project": project.pk,
        "period": period,
        "submit": bool(row.get("submit")),
        **values,
        "explanations": explanations,
    }


def _columns(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """A refusal under the sheet's columns; what is about the report as a whole (it was
    submitted, it moved on) goes under the project."""
    found: dict[str, list[str]] = {}
    for name, messages in fields.items():
        found.setdefault(name if name in KEYS else "project", []).extend(messages)
    return found


def _stale_current_reports() -> list[int]:
    """Projects whose pointer to their newest submitted report is not that report."""
    newest = (
        StatusReport.objects.filter(
            project=OuterRef("pk"), is_current=True, state=StatusReport.State.SUBMITTED
        )
        .order_by("-period", "-revision")
        .values("pk")[:1]
    )
    return list(
        Project.objects.annotate(
            pointer=Coalesce("current_report", 0), newest=Coalesce(Subquery(newest), 0)
        )
        .exclude(pointer=F("newest"))
        .values_list("pk", flat=True)
    )


@register
class StatusReportImporter(Importer):
    key = "status-reports"
    position = 20
    label = gettext_lazy("Hoofdpuntenrapportages")
    description = gettext_lazy(
        "De maandelijkse rapportages per project: kleuren, voortgang, prognoses en "
        "toelichting; met Indienen = ja ook ingediend."
    )
    identity = ("project", "period")
    columns = COLUMNS
    sample_name = "statusrapportages.xlsx"

    def row_keys(self, values):
        if values.get("project") in (None, "") or values.get("period") is None:
            return []
        return [("period", (str(values["project"]).lower(), period_start(values["period"])))]

    def allowed(self, user) -> bool:
        return edits_everything(user) or is_project_manager(user)

    def write(self, *, actor, rows):
        projects = projects_by_reference(actor.user, [row["project"] for row in rows])
        periods = {period_start(row["period"]) for row in rows}
        reports = {
            (r.project_id, r.period): r
            for r in StatusReport.objects.filter(
                project__in=[p.pk for p in projects.values()], period__in=periods
            ).order_by("revision")
        }
        this_period = period_start(timezone.localdate())
        errors: dict[int, dict[str, list[str]]] = {}
        given, at, seen = [], [], set()
        for index, row in enumerate(rows):
            project, period = projects.get(str(row["project"])), period_start(row["period"])
            if project is None:
                errors[index] = {
                    "project": [_("Onbekend project: %(key)s.") % {"key": row["project"]}]
                }
            elif period > this_period:
                errors[index] = {
                    "period": [_("Over een periode die nog niet begonnen is, rapporteert u niet.")]
                }
            elif (project.pk, period) in seen:
                errors[index] = {
                    "project": [_("Dit project staat voor deze periode al eerder in het bestand.")]
                }
            else:
                seen.add((project.pk, period))
                given.append(_service_row(row, project, period, reports.get((project.pk, period))))
                at.append(index)
        if given:
            try:
                reports_upsert(actor=actor, rows=given)
            except RowErrors as refused:
                errors.update({at[i]: _columns(fields) for i, fields in refused.errors.items()})
        if errors:
            raise RowErrors(errors)

    def tracked(self, rows):
        references = {str(row["project"]) for row in rows if row.get("project")}
        periods = {period_start(row["period"]) for row in rows if row.get("period")}
        projects = Project.objects.filter(
            Q(external_id__in=references) | Q(code__in=references)
        ).values("pk")
        yield StatusReport.objects.filter(project__in=projects, period__in=periods)
        # Submitting resolves the period's reminder and may put the report on the agenda.
        yield ReportReminder.objects.filter(project__in=projects, period__in=periods)
        yield AgendaItem.objects.filter(project__in=projects, report__isnull=False)

    def undone(self, *, actor, deleted):
        # A deleted report no longer is its project's current one; a restored draft never was.
        current_reports_refresh(project_ids=_stale_current_reports())

    def sample(self):
        rows = [
            {
                "project": "SB-2025-031",
                "period": "2026-11",
                "rag_time": "oranje",
                "rag_cost": "groen",
                "rag_scope": "groen",
                "rag_quality": "groen",
                "rag_risk": "groen",
                "rag_benefits": "groen",
                "rag_overall": "oranje",
                "progress_pct": 40,
                "forecast_end": dt.date(2027, 6, 30),
                "forecast_cost": Decimal("1850000"),
                "achievements": "Bestek gereed; aanbesteding gepubliceerd.",
                "next_plans": "Gunning en start voorbereiding uitvoering.",
                "explain_time_cause": "Het bezwaar tegen het verkeersbesluit loopt nog.",
                "explain_time_effect": "Start uitvoering schuift één maand op.",
                "explain_time_measure": "Werkzaamheden in een andere volgorde ingepland.",
                "submit": "nee",
            },
            {
                "project": "FIN-RU-2024-027",
                "period": "2026-11",
                **dict.fromkeys([f"rag_{key}" for key, _label in DIMENSIONS], "groen"),
                "rag_overall": "groen",
                "progress_pct": 65,
                "forecast_end": dt.date(2027, 12, 31),
                "forecast_cost": Decimal("2400000"),
                "achievements": "Tracé warmtenet vastgesteld; eerste aansluitingen gerealiseerd.",
                "next_plans": "Aanleg tweede fase Noord.",
                "submit": "ja",
            },
        ]
        return [[row.get(column.key) for column in self.columns] for row in rows]
