"""The project list as municipalities keep it in Excel, imported through the shared runner
(pmo/imports) into `projects_upsert`: the same rules as the API's bulk sync and the pages.

A row is the project with that `external_id`, or else with that code; a new code is a new
project. An empty cell leaves the project's value as it is (a sheet rarely means "clear
this"); the phase of an existing project changes only by a gate, as everywhere.
"""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pmo.access import can_create_projects
from pmo.imports.columns import Column, choices_of
from pmo.imports.registry import Importer, register

from . import msproject
from .models import Portfolio, Project
from .services import projects_upsert


@register
class ProjectImporter(Importer):
    key = "projects"
    position = 10
    label = _("Projecten")
    description = _("De projectenlijst: nieuwe projecten en wijzigingen van bestaande.")
    identity = ("external_id", "code")
    columns = [
        Column(
            "code",
            _("Code"),
            required=True,
            max_length=30,
            example="RU-2027-101",
            aliases=("projectcode", "projectnummer", "nummer"),
        ),
        Column(
            "name",
            _("Naam"),
            required=True,
            max_length=200,
            example="Herinrichting Marktplein",
            aliases=("projectnaam", "project", "titel"),
        ),
        Column(
            "org_unit",
            _("Organisatieonderdeel (code)"),
            required=True,
            example="RU-RO",
            aliases=("organisatieonderdeel", "afdeling", "cluster", "onderdeel"),
        ),
        Column("portfolio", _("Portfolio (code)"), example="LH", aliases=("portfolio",)),
        Column("programme", _("Programma (code)"), example="", aliases=("programma",)),
        Column(
            "kind",
            _("Soort"),
            kind="choice",
            choices=choices_of(Project, "kind"),
            example="Project",
        ),
        Column(
            "phase",
            _("Fase"),
            kind="choice",
            choices=choices_of(Project, "phase"),
            example="Initiatief",
        ),
        Column(
            "status",
            _("Status"),
            kind="choice",
            choices=choices_of(Project, "status"),
            example="Voorgesteld",
        ),
        Column(
            "delivery_approach",
            _("Aanpak"),
            kind="choice",
            choices=choices_of(Project, "delivery_approach"),
            example="Traditioneel",
        ),
        Column(
            "planned_start",
            _("Geplande start"),
            kind="date",
            example=dt.date(2027, 3, 1),
            aliases=("start", "startdatum", "begindatum"),
        ),
        Column(
            "planned_end",
            _("Gepland einde"),
            kind="date",
            example=dt.date(2028, 6, 30),
            aliases=("einde", "einddatum", "opleverdatum"),
        ),
        Column(
            "sponsor", _("Opdrachtgever (gebruikersnaam)"), example="", aliases=("opdrachtgever",)
        ),
        Column(
            "manager",
            _("Projectleider (gebruikersnaam)"),
            example="",
            aliases=("projectleider", "projectmanager"),
        ),
        Column(
            "statutory",
            _("Wettelijk verplicht"),
            kind="bool",
            example="nee",
            aliases=("wettelijk",),
        ),
        Column(
            "description",
            _("Omschrijving"),
            example="Het plein krijgt meer groen.",
            aliases=("toelichting", "beschrijving"),
        ),
        Column(
            "external_id",
            _("Extern kenmerk"),
            max_length=100,
            example="",
            aliases=("kenmerk", "externid", "id"),
        ),
    ]

    def allowed(self, user) -> bool:
        return can_create_projects(user)

    def write(self, *, actor, rows):
        only = list(Portfolio.objects.values_list("code", flat=True)[:2])
        given = []
        for row in rows:
            values = {k: v for k, v in row.items() if v not in (None, "")}
            if "portfolio" not in values and len(only) == 1:
                values["portfolio"] = only[0]
            values.setdefault("external_id", None)
            given.append(values)
        projects_upsert(actor=actor, rows=given)

    def tracked(self, rows):
        codes = [r["code"] for r in rows if r.get("code")]
        keys = [r["external_id"] for r in rows if r.get("external_id")]
        yield Project.objects.filter(Q(code__in=codes) | Q(external_id__in=keys))

    def sample(self):
        example = [c.example for c in self.columns]
        second = list(example)
        second[0], second[1] = "SD-2027-102", "Vroegsignalering schulden"
        second[2] = "SD-WI"
        return [example, second]


@register
class MsProjectImporter(Importer):
    """A plan saved by Microsoft Project as XML (MSPDI): the project, its summary dates,
    its milestones and, where present, its baseline and actual cost (see msproject.py)."""

    key = "msproject"
    position = 50
    label = _("Microsoft Project (XML)")
    description = _(
        "Een plan uit Microsoft Project (Opslaan als XML): het project met zijn start en "
        "einde, zijn mijlpalen en, waar het plan ze heeft, baseline- en werkelijke kosten."
    )
    accepts = (".xml",)
    maps_columns = False
    identity = ("external_id",)
    chunk = msproject.ALL_AT_ONCE
    columns = msproject.COLUMNS

    def read(self, content, filename):
        return msproject.sheet(content, filename)

    def allowed(self, user) -> bool:
        return can_create_projects(user)

    def write(self, *, actor, rows):
        msproject.write(actor=actor, rows=rows)

    def tracked(self, rows):
        return msproject.tracked(rows)

    def sample(self):
        return []  # no template: the file is what Project writes
