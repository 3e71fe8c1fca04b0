"""A Microsoft Project plan (MSPDI .xml) through the import runner (pmo/imports): one
project row and a row per milestone, written through this domain's bulk services.

Which project: the one with external_id "msp:<the file's GUID>", else the one with the
file's project code (from the "Projectcode" custom field, else the first word of the file
name: "RU-2027-101 Marktplein.xml"), else a new one in the importing user's org unit and
the only portfolio. The file's GUID wins over its code. A project without an external_id
gets "msp:<GUID or code>", so that its milestones and budget lines can be found by the
bulk services the API uses too.

What is written: the name, and as planned start and end the summary task's baseline
(its start and finish without one); each milestone keyed "msp:<GUID or code>:<task UID>"
with the baseline finish as baseline date (the finish without one), the finish as
forecast and the actual finish as actual date; where the summary task has them, the
baseline cost as the budget spread pro rata by days over the baseline's calendar years
(years of the project outside it get 0) and the actual cost spread likewise over the
years from the start to the status date. Project writes 0 for a plan without rates: a
cost of 0 is read as no cost, never as a budget of nothing. A value the file lacks leaves
the project's value be; milestones the file no longer has stay (the PMO removes them).
Every change to a baseline is the PMO-analist's with a reason, as on the pages: the
reason is that it came from Microsoft Project.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import PureWindowsPath
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmo.actors import Actor
from pmo.bulk import RowErrors, messages_of
from pmo.imports.columns import Column
from pmo.imports.reading import FileProblem, Sheet, max_rows

from . import mspdi
from .models import Milestone, Portfolio, Project, ProjectBudget
from .services import budget_lines_upsert, milestones_upsert, project_update, projects_upsert
from .structure import code_validator

# The project row and its milestones are written together: one chunk.
ALL_AT_ONCE = 10**9
ZERO = Decimal("0.00")
REASON = gettext_lazy("Ingelezen uit Microsoft Project (XML).")

COLUMNS = [
    Column("row", gettext_lazy("Soort regel")),
    Column("external_id", gettext_lazy("Extern kenmerk"), max_length=100),
    Column("code", gettext_lazy("Code"), max_length=30),
    Column("name", gettext_lazy("Naam"), max_length=200),
    Column("uid", gettext_lazy("Taak-UID"), kind="integer"),
    Column("start", gettext_lazy("Start"), kind="date"),
    Column("finish", gettext_lazy("Einde"), kind="date"),
    Column("baseline_start", gettext_lazy("Baseline start"), kind="date"),
    Column("baseline_finish", gettext_lazy("Baseline einde"), kind="date"),
    Column("actual_finish", gettext_lazy("Werkelijk einde"), kind="date"),
    Column("percent_complete", gettext_lazy("Gereed (%)"), kind="integer"),
    Column("baseline_cost", gettext_lazy("Baselinekosten"), kind="decimal"),
    Column("cost", gettext_lazy("Kosten (prognose)"), kind="decimal"),
    Column("actual_cost", gettext_lazy("Werkelijke kosten"), kind="decimal"),
    Column("status_date", gettext_lazy("Statusdatum"), kind="date"),
]
HEADER = [column.key for column in COLUMNS]
# Where a service's refusal of a field shows in the report.
PROJECT_FIELDS = {"code": "code", "org_unit": "code", "portfolio": "code", "external_id": "code"}
MILESTONE_FIELDS = {
    "baseline_date": "baseline_finish",
    "forecast_date": "finish",
    "actual_date": "actual_finish",
    "external_id": "external_id",
}


# ------------------------------------------------------------------------------ reading


def sheet(content: bytes, filename: str) -> Sheet:
    """The plan as the runner's rows: the project first, then each milestone."""
    if filename.lower().endswith((".mpp", ".mpt")):
        raise FileProblem(
            "not_mspdi",
            _(
                "Een .mpp-bestand kan niet worden ingelezen: sla het plan in Microsoft Project "
                "op met Opslaan als > XML-indeling (*.xml)."
            ),
        )
    plan = mspdi.parse(content)
    code = project_code(plan, filename)
    if len(plan.milestones) >= max_rows():
        raise FileProblem(
            "too_many_rows",
            _("Het plan heeft meer dan %(limit)s mijlpalen.") % {"limit": max_rows()},
        )
    prefix = plan.guid or code
    rows = [_project_row(plan, code), *(_milestone_row(m, prefix) for m in plan.milestones)]
    return Sheet(plan.label, HEADER, [[row.get(key) for key in HEADER] for row in rows])


def project_code(plan: mspdi.Plan, filename: str) -> str:
    """The code of the project the plan is: its "Projectcode" custom field, else the first
    word of the file name as written (Project's own "Project1.xml" is no code)."""
    stem = PureWindowsPath(filename).stem.strip()  # a browser may send a Windows path
    words = stem.replace("_", " ").split()
    candidates = [(plan.code or "").strip().upper(), words[0] if words else ""]
    for candidate in candidates:
        if candidate and code_validator.regex.fullmatch(candidate):
            return candidate
    raise FileProblem(
        "no_code",
        _(
            "Uit het bestand blijkt niet om welk project het gaat. Begin de bestandsnaam met "
            "de projectcode, zoals ‘RU-2027-101 Marktplein.xml’, of vul in Microsoft Project "
            "het aangepaste veld ‘Projectcode’. %(rule)s"
        )
        % {"rule": code_validator.message},
    )


def _cost(value: Decimal | None) -> Decimal | None:
    return value or None  # Project writes 0 for a plan without rates


def _project_row(plan: mspdi.Plan, code: str) -> dict[str, Any]:
    return {
        "row": _("Project"),
        "external_id": f"msp:{plan.guid}" if plan.guid else None,
        "code": code,
        "name": plan.label,
        "start": plan.start,
        "finish": plan.finish,
        "baseline_start": plan.baseline_start,
        "baseline_finish": plan.baseline_finish,
        "percent_complete": plan.percent_complete,
        "baseline_cost": _cost(plan.baseline_cost),
        "cost": _cost(plan.cost),
        "actual_cost": _cost(plan.actual_cost),
        "status_date": plan.status_date,
    }


def _milestone_row(milestone: mspdi.Milestone, prefix: str) -> dict[str, Any]:
    return {
        "row": _("Mijlpaal"),
        "external_id": f"msp:{prefix}:{milestone.uid}",
        "name": milestone.name,
        "uid": milestone.uid,
        "start": milestone.start,
        "finish": milestone.finish,
        "baseline_finish": milestone.baseline_finish,
        "actual_finish": milestone.actual_finish,
        "percent_complete": milestone.percent_complete,
    }


# ------------------------------------------------------------------------------ writing


def tracked(rows: list[dict[str, Any]]):
    """The project (by the file's key or code), its milestones and its budget lines."""
    head = rows[0] if rows else {}
    found = Q(code=head["code"]) if head.get("code") else Q(pk__in=[])
    if head.get("external_id"):
        found |= Q(external_id=head["external_id"])
    projects = Project.objects.filter(found)
    keys = [row["external_id"] for row in rows[1:] if row.get("external_id")]
    yield projects
    yield Milestone.objects.filter(Q(project__in=projects) | Q(external_id__in=keys))
    yield ProjectBudget.objects.filter(project__in=projects)


def write(*, actor: Actor, rows: list[dict[str, Any]]) -> None:
    """The project, its milestones and its budget lines; RowErrors name the rows refused
    (the project is row 0, milestone i is row i), and then nothing is written."""
    if not rows or rows[0].get("uid") is not None:
        raise ValueError("the project row comes first, with all its milestones")
    head = rows[0]
    values, current = _project_values(actor, head)
    try:
        projects_upsert(actor=actor, rows=[values])
    except RowErrors as refused:
        raise RowErrors({0: _moved(refused.errors[0], _dates_fields(head))}) from None
    if current is None:
        project = Project.objects.get(external_id=values["external_id"])
    else:
        project = Project.objects.get(pk=current.pk)
    errors: dict[int, dict[str, list[str]]] = {}
    if project.external_id is None:
        project = _give_key(actor, project, head, errors)
    if project.external_id:
        _write_milestones(actor, project.external_id, rows[1:], errors)
        _write_budget(actor, project, head, errors)
    if errors:
        raise RowErrors(errors)


def _project_values(actor: Actor, head: dict) -> tuple[dict[str, Any], Project | None]:
    code, key = head["code"], head.get("external_id")
    current = Project.objects.filter(external_id=key).first() if key else None
    current = current or Project.objects.filter(code=code).first()
    values: dict[str, Any] = {"reason": str(REASON)}
    if head.get("name"):
        values["name"] = head["name"]
    start = head.get("baseline_start") or head.get("start")
    end = head.get("baseline_finish") or head.get("finish")
    if start:
        values["planned_start"] = start
    if end:
        values["planned_end"] = end
    if current is not None:
        values.update(code=current.code, external_id=current.external_id)
        return values, current
    problems = []
    unit = getattr(actor.user, "org_unit", None)
    if unit is None:
        problems.append(
            _(
                "Project %(code)s bestaat nog niet en u hoort bij geen organisatieonderdeel: "
                "maak het project eerst aan, of laat de beheerder uw organisatieonderdeel "
                "instellen."
            )
            % {"code": code}
        )
    portfolios = list(Portfolio.objects.values_list("code", flat=True)[:2])
    if len(portfolios) != 1:
        problems.append(
            _(
                "Project %(code)s bestaat nog niet en er is niet één portfolio om het in te "
                "zetten: maak het project eerst aan en lees het plan dan opnieuw in."
            )
            % {"code": code}
        )
    if problems:
        raise RowErrors({0: {"code": problems}})
    values.update(
        code=code,
        external_id=key or f"msp:{code}",
        org_unit=unit.code,
        portfolio=portfolios[0],
    )
    return values, None


def _dates_fields(head: dict) -> dict[str, str]:
    baseline = head.get("baseline_start") or head.get("baseline_finish")
    return {
        **PROJECT_FIELDS,
        "planned_start": "baseline_start" if baseline else "start",
        "planned_end": "baseline_finish" if baseline else "finish",
    }


def _moved(fields: dict[str, list[str]], where: dict[str, str], default="name", prefix=""):
    """A service's refusals {field: messages} as the report's {column key: messages}."""
    moved: dict[str, list[str]] = {}
    for name, messages in fields.items():
        moved.setdefault(where.get(name, default), []).extend(f"{prefix}{m}" for m in messages)
    return moved


def _give_key(actor: Actor, project: Project, head: dict, errors: dict) -> Project:
    key = head.get("external_id") or f"msp:{project.code}"
    try:
        return project_update(
            actor=actor, project=project, expected_version=project.version, external_id=key
        )
    except ValidationError as error:
        errors[0] = _moved(messages_of(error), PROJECT_FIELDS)
        return project


def _write_milestones(actor: Actor, key: str, rows: list[dict], errors: dict) -> None:
    given, at = [], []
    for index, row in enumerate(rows, start=1):
        baseline = row.get("baseline_finish") or row.get("finish")
        if baseline is None:
            errors[index] = {"finish": [_("Deze mijlpaal heeft geen datum.")]}
            continue
        values = {
            "project": key,
            "external_id": row["external_id"],
            "name": row.get("name") or "",
            "baseline_date": baseline,
            "forecast_date": row.get("finish"),
            "actual_date": row.get("actual_finish"),
            "reason": str(REASON),
        }
        given.append({k: v for k, v in values.items() if v is not None})
        at.append(index)
    if not given:
        return
    try:
        result = milestones_upsert(actor=actor, rows=given)
    except RowErrors as refused:
        for i, fields in refused.errors.items():
            errors[at[i]] = _moved(fields, MILESTONE_FIELDS)
        return
    # A new milestone is created without its actual date (milestone_create takes none):
    # the second call sets it, so that the same file again changes nothing.
    finished = [
        given[o.index]
        for o in result.rows
        if o.result == "created" and given[o.index].get("actual_date")
    ]
    if finished:
        try:
            milestones_upsert(actor=actor, rows=finished)
        except RowErrors as refused:
            for i, fields in refused.errors.items():
                errors[at[given.index(finished[i])]] = _moved(fields, MILESTONE_FIELDS)


def _write_budget(actor: Actor, project: Project, head: dict, errors: dict) -> None:
    lines, problems = _budget_lines(project, head)
    if problems:
        errors.setdefault(0, {}).update(problems)
        return
    if not lines:
        return
    try:
        budget_lines_upsert(actor=actor, rows=lines)
    except RowErrors as refused:
        row = errors.setdefault(0, {})
        for i, fields in refused.errors.items():
            year = f"{lines[i]['year']}: "
            moved = _moved(fields, {"actual": "actual_cost"}, "baseline_cost", year)
            for key, messages in moved.items():
                row.setdefault(key, []).extend(messages)


def _budget_lines(project: Project, head: dict) -> tuple[list[dict], dict[str, list[str]]]:
    """The budget_lines_upsert rows: the baseline cost over the baseline's years (other
    years of the project 0), the actual cost over the years from start to status date."""
    budget, actual = head.get("baseline_cost"), head.get("actual_cost")
    if budget is None and actual is None:
        return [], {}
    start = head.get("baseline_start") or head.get("start")
    end = head.get("baseline_finish") or head.get("finish")
    begun = head.get("start") or start
    ends = [d for d in (head.get("status_date"), head.get("finish")) if d]
    problems: dict[str, list[str]] = {}
    amounts, actuals = {}, {}
    if budget is not None and not (start and end):
        problems["baseline_cost"] = [_("Zonder start en einde is het budget niet te verdelen.")]
    elif budget is not None:
        amounts = mspdi.spread_over_years(budget, start, end)
    if actual is not None and not (begun and ends):
        problems["actual_cost"] = [
            _("Zonder start en statusdatum zijn de werkelijke kosten niet te verdelen.")
        ]
    elif actual is not None:
        actuals = mspdi.spread_over_years(actual, begun, max(min(ends), begun))
    if problems:
        return [], problems
    existing = set(ProjectBudget.objects.filter(project=project).values_list("year", flat=True))
    years = set(amounts) | set(actuals) | (existing if budget is not None else set())
    lines = []
    for year in sorted(years):
        line: dict[str, Any] = {"project": project.external_id, "year": year, "reason": str(REASON)}
        if budget is not None:
            line["amount"] = amounts.get(year, ZERO)
        elif year not in existing:
            line["amount"] = ZERO  # a line to carry the year's actual cost
        if year in actuals:
            line["actual"] = actuals[year]
        lines.append(line)
    return lines, {}
