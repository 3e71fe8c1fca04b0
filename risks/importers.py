"""The risk register as projects keep it in Excel, imported through the shared runner
(pmo/imports) into `risks_upsert`: the same rules as the register's page.

A row is the risk with that kenmerk (its `external_id`), or a new one for a row without
it; a kenmerk of a risk of another project is refused, not moved. An empty cell leaves
the risk's value as it is. Classes are the five-point scales of the portfolio's risk
policy; nabijheid is a class or a date (the class follows from how far ahead it is).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmo.access import edits_everything, is_project_manager
from pmo.bulk import RowErrors
from pmo.imports.columns import CellError, Column, choices_of
from pmo.imports.registry import Importer, register

from .models import Risk
from .services.upserts import risks_upsert

KIND = {
    **choices_of(Risk, "kind"),
    **dict.fromkeys(("threat", "risico", "risk", "bedreigend"), Risk.Kind.THREAT),
    **dict.fromkeys(("opportunity", "kans (positief)"), Risk.Kind.OPPORTUNITY),
}
CATEGORY = {
    **choices_of(Risk, "category"),
    "financial": Risk.Category.FINANCIAL,
    "technical": Risk.Category.TECHNICAL,
    "organisational": Risk.Category.ORGANISATIONAL,
    "organizational": Risk.Category.ORGANISATIONAL,
    "legal": Risk.Category.LEGAL,
    "politiek": Risk.Category.POLITICAL,
    "political": Risk.Category.POLITICAL,
    "supplier": Risk.Category.SUPPLIER,
    "environment": Risk.Category.ENVIRONMENT,
    "safety": Risk.Category.SAFETY,
}
RESPONSE = {
    **choices_of(Risk, "response"),
    "avoid": Risk.Response.AVOID,
    "reduce": Risk.Response.REDUCE,
    "exploit": Risk.Response.EXPLOIT,
    "enhance": Risk.Response.ENHANCE,
    "reject": Risk.Response.REJECT,
    "transfer": Risk.Response.TRANSFER,
    "share": Risk.Response.SHARE,
    "accept": Risk.Response.ACCEPT,
    "fallback": Risk.Response.PREPARE,
    "terugvalplan": Risk.Response.PREPARE,
}
STATUS = {
    **choices_of(Risk, "status"),
    "closed": Risk.Status.CLOSED,
    "occurred": Risk.Status.OCCURRED,
    "afgesloten": Risk.Status.CLOSED,
}
PROXIMITY = {
    **choices_of(Risk, "proximity"),
    "imminent": Risk.Proximity.IMMINENT,
    "maand": Risk.Proximity.IMMINENT,
    "quarter": Risk.Proximity.QUARTER,
    "year": Risk.Proximity.YEAR,
}
# How far ahead (days) each class of nabijheid reaches; beyond the last it is later.
PROXIMITY_DAYS = [
    (31, Risk.Proximity.IMMINENT),
    (92, Risk.Proximity.QUARTER),
    (366, Risk.Proximity.YEAR),
]


def proximity_of(day: dt.date, today: dt.date) -> str:
    """The class of nabijheid of a risk expected to occur on `day`."""
    ahead = (day - today).days
    return next((kind for days, kind in PROXIMITY_DAYS if ahead <= days), Risk.Proximity.LATER)


@dataclass(frozen=True)
class ChoiceColumn(Column):
    """A choice that names the register's own words when it refuses a cell, not the
    English and other spellings it also takes."""

    options: tuple[str, ...] = ()

    def _choice(self, value: Any) -> str:
        try:
            return super()._choice(value)
        except CellError:
            raise CellError(
                _("Onbekende waarde %(value)s; kies uit: %(options)s.")
                % {"value": value, "options": ", ".join(map(str, self.options))}
            ) from None


def _choice(key: str, label, field: str, accepted: dict, *aliases: str) -> ChoiceColumn:
    labels = tuple(label for _value, label in Risk._meta.get_field(field).flatchoices)
    return ChoiceColumn(
        key, label, kind="choice", choices=accepted, aliases=aliases, options=labels
    )


class ProximityColumn(ChoiceColumn):
    """Nabijheid as its class ("binnen drie maanden") or as the date it is expected."""

    def _proximity(self, value: Any) -> str:
        try:
            return self._choice(value)
        except CellError:
            pass
        try:
            day = self._date(value)
        except CellError:
            raise CellError(
                _("Verwacht een datum of een van: %(options)s.")
                % {"options": ", ".join(str(label) for label in Risk.Proximity.labels)}
            ) from None
        return proximity_of(day, timezone.localdate())


def _scale(key: str, label, *aliases: str) -> Column:
    return Column(key, label, kind="integer", aliases=aliases)


def _user(key: str, label, *aliases: str) -> Column:
    return Column(key, label, aliases=aliases, max_length=150)


COLUMNS = [
    Column(
        "external_id",
        gettext_lazy("Kenmerk"),
        max_length=100,
        aliases=("nummer", "nr", "risiconummer", "risicokenmerk", "id", "extern kenmerk"),
    ),
    Column("project", gettext_lazy("Project (code)"), aliases=("project", "projectcode")),
    Column(
        "title",
        gettext_lazy("Risico"),
        max_length=200,
        aliases=("titel", "naam", "risico", "omschrijving", "title"),
    ),
    _choice("kind", gettext_lazy("Soort"), "kind", KIND, "type"),
    _choice("category", gettext_lazy("Categorie"), "category", CATEGORY),
    Column("cause", gettext_lazy("Oorzaak"), aliases=("cause",)),
    Column("event", gettext_lazy("Gebeurtenis"), aliases=("risicogebeurtenis", "event")),
    Column("effect", gettext_lazy("Gevolg"), aliases=("effect", "gevolgen")),
    _scale("inherent_probability", gettext_lazy("Bruto kans (1-5)"), "bruto kans", "kans"),
    _scale("inherent_money", gettext_lazy("Bruto gevolg geld (1-5)"), "bruto impact", "impact"),
    _scale("inherent_time", gettext_lazy("Bruto gevolg tijd (1-5)"), "bruto tijd"),
    _scale("inherent_quality", gettext_lazy("Bruto gevolg kwaliteit (1-5)"), "bruto kwaliteit"),
    _scale("residual_probability", gettext_lazy("Netto kans (1-5)"), "netto kans"),
    _scale("residual_money", gettext_lazy("Netto gevolg geld (1-5)"), "netto impact"),
    _scale("residual_time", gettext_lazy("Netto gevolg tijd (1-5)"), "netto tijd"),
    _scale("residual_quality", gettext_lazy("Netto gevolg kwaliteit (1-5)"), "netto kwaliteit"),
    Column("residual_reason", gettext_lazy("Toelichting netto boven bruto")),
    Column("amount_low", gettext_lazy("Bedrag minimaal"), kind="decimal"),
    Column("amount_likely", gettext_lazy("Bedrag meest waarschijnlijk"), kind="decimal"),
    Column("amount_high", gettext_lazy("Bedrag maximaal"), kind="decimal"),
    _user("owner", gettext_lazy("Risico-eigenaar (gebruikersnaam)"), "eigenaar", "owner"),
    _user("actionee", gettext_lazy("Actiehouder (gebruikersnaam)"), "actiehouder"),
    _choice(
        "response",
        gettext_lazy("Beheersstrategie"),
        "response",
        RESPONSE,
        "strategie",
        "response",
        "beheersmaatregel",
    ),
    ProximityColumn(
        "proximity",
        gettext_lazy("Nabijheid"),
        kind="proximity",
        choices=PROXIMITY,
        aliases=("verwacht", "proximity"),
    ),
    _choice("status", gettext_lazy("Status"), "status", STATUS),
    Column(
        "raised_on",
        gettext_lazy("Gemeld op"),
        kind="date",
        aliases=("datum", "gemeld", "melddatum"),
    ),
]
KEYS = {column.key for column in COLUMNS}


@register
class RiskImporter(Importer):
    key = "risks"
    position = 30
    label = gettext_lazy("Risico's")
    description = gettext_lazy(
        "Het risicoregister: nieuwe risico's en kansen, en wijzigingen van bestaande (op kenmerk)."
    )
    identity = ("external_id",)
    columns = COLUMNS

    def allowed(self, user) -> bool:
        return edits_everything(user) or is_project_manager(user)

    def write(self, *, actor, rows):
        given = [{k: v for k, v in row.items() if v not in (None, "")} for row in rows]
        try:
            risks_upsert(actor=actor, rows=given)
        except RowErrors as refused:
            # What is about the risk as a whole goes under its title.
            raise RowErrors(
                {
                    index: {
                        (name if name in KEYS else "title"): messages
                        for name, messages in fields.items()
                    }
                    for index, fields in refused.errors.items()
                }
            ) from None

    def tracked(self, rows):
        keys = [row["external_id"] for row in rows if row.get("external_id")]
        codes = [row["project"] for row in rows if row.get("project")]
        yield Risk.objects.filter(Q(external_id__in=keys) | Q(project__code__in=codes))

    def sample(self):
        rows = [
            {
                "external_id": "RISK-SB-2025-031-9",
                "project": "SB-2025-031",
                "title": "Onbekende kabels en leidingen",
                "kind": "bedreiging",
                "category": "technisch",
                "cause": "De ligging van kabels en leidingen is niet overal bekend.",
                "event": "Bij het graven worden leidingen gevonden die niet op de KLIC staan.",
                "effect": "De aannemer ligt stil en het omleggen kost extra.",
                "inherent_probability": 3,
                "inherent_money": 3,
                "inherent_time": 3,
                "residual_probability": 2,
                "residual_money": 2,
                "residual_time": 2,
                "owner": "pl.smit",
                "response": "verminderen",
                "proximity": "binnen drie maanden",
                "status": "open",
                "raised_on": dt.date(2026, 11, 2),
            },
            {
                "external_id": "RISK-RU-2024-027-9",
                "project": "RU-2024-027",
                "title": "Hogere subsidie voor warmtenetten",
                "kind": "kans",
                "category": "financieel",
                "cause": "Het Rijk stelt een extra tranche subsidie voor warmtenetten open.",
                "event": "Lindenhoven krijgt een hogere bijdrage voor de aansluitingen.",
                "effect": "Minder eigen middelen nodig voor fase 2.",
                "inherent_probability": 2,
                "inherent_money": 3,
                "residual_probability": 2,
                "residual_money": 3,
                "amount_low": Decimal("150000"),
                "amount_likely": Decimal("250000"),
                "amount_high": Decimal("400000"),
                "owner": "pl.meijer",
                "response": "benutten",
                "proximity": "binnen een jaar",
                "status": "open",
                "raised_on": dt.date(2026, 10, 15),
            },
        ]
        return [[row.get(column.key) for column in self.columns] for row in rows]
