"""The tables of the paragraaf weerstandsvermogen en risicobeheersing, as the page shows
them, in one Excel file: a sheet per table, numbers as numbers."""

from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _

from pmo.exports import workbook_response


def _bound(lower: float, inclusive: bool, upper, upper_inclusive: bool) -> str:
    """ "1,40 ≤ ratio < 2,00", as the paragraph writes a class."""

    def number(value: float) -> str:
        return f"{value:.2f}".replace(".", ",")

    text = f"{number(lower)} {'≤' if inclusive else '<'} {_('ratio')}"
    if upper is not None:
        text += f" {'≤' if upper_inclusive else '<'} {number(upper)}"
    return text


def paragraph_workbook(context: dict) -> HttpResponse:
    statement, shown = context["statement"], context["shown"]
    scope = str(context["unit"] or context["portfolio"])
    available = [
        [c.name, c.get_kind_display(), c.amount]
        for c in (statement.components.all() if statement else [])
    ]
    if statement is not None:
        available.append([_("Totaal"), "", context["available"]])
    results = shown.results if shown else {}
    required = [
        [
            Decimal(repr(row["certainty"] * 100)),
            Decimal(repr(row["amount"])),
            row.get("ratio"),
            row.get("rating", ""),
            row.get("label", ""),
        ]
        for row in results.get("required", [])
    ]
    classes = [
        [
            row.class_name,
            row.label,
            _bound(row.lower, row.lower_inclusive, row.upper, row.upper_inclusive),
        ]
        for row in context["class_rows"]
    ]
    top = [
        [
            row["risk"],
            row["title"],
            row.get("project") or "",
            row["expected"],
            row["tail_mean"],
            round(100 * row["tail_share"], 2),
        ]
        for row in results.get("top", [])
    ]
    histogram = results.get("histogram", {"edges": [], "counts": []})
    total = sum(histogram["counts"]) or 1
    bins, running = [], 0
    for lo, hi, n in zip(
        histogram["edges"], histogram["edges"][1:], histogram["counts"], strict=False
    ):
        running += n
        bins.append([lo, hi, n, round(100 * n / total, 2), round(100 * running / total, 2)])
    facts = [
        [_("Portfolio of organisatieonderdeel"), scope],
        [_("Peildatum beschikbare capaciteit"), statement.as_of if statement else None],
        [_("Berekend op"), shown.finished_at.date() if shown and shown.finished_at else None],
        [_("Risico's in de berekening"), shown.risk_count if shown else None],
        [_("Iteraties"), shown.iterations if shown else None],
        [_("Seed"), str(shown.seed) if shown else None],
        [_("Zekerheid (%)"), shown.certainty if shown else None],
        [_("Verwachte waarde van de risico's (€)"), results.get("expected_mean")],
    ]
    return workbook_response(
        [
            (_("Kerngegevens"), [_("Gegeven"), _("Waarde")], facts),
            (
                _("Beschikbaar"),
                [_("Onderdeel"), _("Soort"), _("Bedrag (€)")],
                available,
                ["", "", "money"],
            ),
            (
                _("Benodigd en ratio"),
                [_("Zekerheid (%)"), _("Benodigd (€)"), _("Ratio"), _("Klasse"), _("Waardering")],
                required,
                ["percent", "money", "number", "", ""],
            ),
            (_("Klassen"), [_("Klasse"), _("Waardering"), _("Ratio")], classes),
            (
                _("Grootste bijdragen"),
                [
                    _("Nr."),
                    _("Risico"),
                    _("Project"),
                    _("Verwachte waarde (€)"),
                    _("Gemiddeld in de staart (€)"),
                    _("Aandeel (%)"),
                ],
                top,
                ["integer", "", "", "money", "money", "percent"],
            ),
            (
                _("Verdeling"),
                [_("Van (€)"), _("Tot (€)"), _("Iteraties"), _("Aandeel (%)"), _("Cumulatief (%)")],
                bins,
                ["money", "money", "integer", "percent", "percent"],
            ),
        ],
        title=_("Weerstandsvermogen %(scope)s") % {"scope": scope},
    )
