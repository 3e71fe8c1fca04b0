"""Capacity demand as planners keep it in Excel, imported through the shared runner
(pmo/imports) into `demand_upsert`: the same checks as the API's bulk sync (a known
project the user may change, a known team, hours from 0 to 744) and the same audit and
plan version, so a grid opened before the import is stale afterwards.

Two layouts are read. The long one has a row per project, team and month with its hours.
The wide one, as planners keep it, has a row per project and team and a column per month
("2027-03", "mrt 2027", or a date); the reader turns each filled month cell into a long
row, and a refusal names the sheet's row and that month's column. An empty month cell
leaves that month as it is; 0 clears it.

A row names its project by external_id or by code (the external_id is tried first);
the project is then written by its external_id, the key `demand_upsert` takes.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmo.access import edits_everything, is_project_manager
from pmo.bulk import RowErrors
from pmo.imports.columns import CellError, Column
from pmo.imports.reading import Sheet, read_sheet
from pmo.imports.registry import Importer, register

from ..projects.models import Project
from ..projects.selectors import projects_by_reference
from .models import Demand, DemandPlan
from .services.demand_sync import demand_upsert

# The wide layout's month and hours become these columns: fixed words, not translated,
# so the sheet reads the same whichever language the upload and the check run in.
MONTH, HOURS = "Maand", "Uren"
_MONTH = Column("month", MONTH, kind="month")

COLUMNS = [
    Column(
        "project",
        gettext_lazy("Project (code of extern kenmerk)"),
        required=True,
        aliases=("project", "projectcode", "code", "projectnummer"),
    ),
    Column(
        "team",
        gettext_lazy("Team (code)"),
        required=True,
        aliases=("team", "teamcode", "competentieteam"),
    ),
    Column(
        "month",
        gettext_lazy("Maand"),
        kind="month",
        required=True,
        aliases=("maand", "periode", "month"),
    ),
    Column(
        "hours",
        gettext_lazy("Uren"),
        kind="decimal",
        required=True,
        aliases=("uren", "hours", "vraag", "capaciteitsvraag", "inzet"),
    ),
    Column(
        "external_id",
        gettext_lazy("Kenmerk"),
        max_length=100,
        aliases=("extern kenmerk", "regelkenmerk", "id"),
    ),
]
KEYS = {column.key for column in COLUMNS}


def header_month(label: str) -> dt.date | None:
    """The month a header label names ("2027-03", "mrt 2027", "mrt-2027", a date), or
    None for any other label."""
    text = str(label).strip()
    if not re.search(r"\d{4}", text):
        return None
    text = re.sub(r"[ T]00:00(:00)?$", "", text)  # a date typed as header
    text = re.sub(r"^([A-Za-z]+)\.?[-/ ]+(\d{4})$", r"\1 \2", text)
    try:
        return _MONTH.parse(text)
    except CellError:
        return None


def widened(sheet: Sheet) -> Sheet:
    """A sheet with a column per month as one row per filled month cell (the long
    layout), each remembering its row and month column in the file."""
    months = {i: m for i, label in enumerate(sheet.header) if (m := header_month(label))}
    if not months:
        return sheet
    fixed = [i for i in range(len(sheet.header)) if i not in months]
    header = [sheet.header[i] for i in fixed] + [MONTH, HOURS]
    rows, origins = [], []
    for index, cells in enumerate(sheet.rows):
        for at, month in months.items():
            if cells[at] is None or str(cells[at]).strip() == "":
                continue
            label = sheet.header[at]
            rows.append([cells[i] for i in fixed] + [month, cells[at]])
            origins.append((index + 2, {"month": label, "hours": label}))
    return Sheet(sheet.name, header, rows, origins)


@register
class DemandImporter(Importer):
    key = "demand"
    position = 40
    label = gettext_lazy("Capaciteitsvraag")
    description = gettext_lazy(
        "De uren die projecten per maand van de teams vragen: een regel per project, "
        "team en maand, of een kolom per maand."
    )
    identity = ("external_id",)
    columns = COLUMNS

    def read(self, content: bytes, filename: str) -> Sheet:
        return widened(read_sheet(content, filename))

    def row_keys(self, values):
        keys = super().row_keys(values)
        if all(values.get(k) not in (None, "") for k in ("project", "team", "month")):
            place = (str(values["project"]).lower(), str(values["team"]).lower(), values["month"])
            keys.append(("month", place))
        return keys

    def allowed(self, user) -> bool:
        return edits_everything(user) or is_project_manager(user)

    def write(self, *, actor, rows):
        projects = projects_by_reference(actor.user, [row["project"] for row in rows])
        errors: dict[int, dict[str, list[str]]] = {}
        given, at = [], []
        for index, row in enumerate(rows):
            project = projects.get(str(row["project"]))
            if project is None:
                errors[index] = {
                    "project": [_("Onbekend project: %(key)s.") % {"key": row["project"]}]
                }
            else:
                given.append(
                    {
                        "project": project.pk,
                        "team": str(row["team"]),
                        "month": row["month"],
                        "hours": Decimal(row["hours"]),
                        "external_id": row.get("external_id"),
                    }
                )
                at.append(index)
        if given:
            try:
                demand_upsert(actor=actor, rows=given)
            except RowErrors as refused:
                for i, fields in refused.errors.items():
                    errors[at[i]] = {
                        # What is about the place (project, team, month) goes under the month.
                        (name if name in KEYS else "month"): messages
                        for name, messages in fields.items()
                    }
        if errors:
            raise RowErrors(errors)

    def tracked(self, rows):
        references = {str(row["project"]) for row in rows if row.get("project")}
        keys = {row["external_id"] for row in rows if row.get("external_id")}
        projects = Project.objects.filter(
            Q(external_id__in=references) | Q(code__in=references)
        ).values("pk")
        months = {row["month"] for row in rows if row.get("month")}
        yield Demand.objects.filter(
            Q(project__in=projects, month__in=months) | Q(external_id__in=keys)
        )
        # Each touched project's plan is bumped (or made) with the rows.
        yield DemandPlan.objects.filter(project__in=projects)

    def sample(self):
        return [
            ["SB-2025-031", "TEAM-CIV", "2027-03", Decimal("120"), None],
            ["FIN-RU-2024-027", "TEAM-COM", "2027-04", Decimal("24"), None],
        ]
