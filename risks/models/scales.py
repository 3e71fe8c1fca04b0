"""The organisation's risk policy (nota risicomanagement): what the five classes of
probability and of impact (money, time, quality) mean, the certainty at which the
weerstandsvermogen is computed, and the bounds of its classes A–F. Risks store a class
(1–5); the policy gives it its meaning, so an organisation that redraws its classes does
not rewrite its risks.

The defaults are the common municipal classes: probability 10/30/50/70/90 %, financial
impact below €60k, €60–120k, €120–240k, €240–480k and above €480k.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from pmo.access import area_queryset, edits_everything, signed_in
from pmo.tracking import Tracked
from pmo.versioning import Versioned
from portfolio.projects.models import Portfolio

CLASSES = 5
DEFAULT_PROBABILITIES = [10, 30, 50, 70, 90]
# The upper bounds of classes 1–4 in €; class 5 is open above the last.
DEFAULT_MONEY_BOUNDS = [60_000, 120_000, 240_000, 480_000]
# The upper bounds of classes 1–4 in weeks of delay.
DEFAULT_TIME_BOUNDS = [2, 4, 8, 16]
DEFAULT_QUALITY_LABELS = [
    "nauwelijks merkbaar",
    "beperkt, intern op te lossen",
    "merkbaar voor gebruikers",
    "ernstig, afspraken niet gehaald",
    "zeer ernstig, doel niet bereikt",
]

# Every signed-in user reads the scales (they read risks by them); the PMO-analist keeps them.
ScaleQuerySet = area_queryset(readers=signed_in, writers=edits_everything)


# Module-level functions, so migrations can name them as defaults.
def default_probabilities():
    return list(DEFAULT_PROBABILITIES)


def default_money_bounds():
    return list(DEFAULT_MONEY_BOUNDS)


def default_time_bounds():
    return list(DEFAULT_TIME_BOUNDS)


def default_quality_labels():
    return list(DEFAULT_QUALITY_LABELS)


# The classes of the ratio beschikbaar ÷ benodigd, best first: (class, lower bound, is the
# bound itself in the class?). Municipalities write "≥ 2,0" or "> 2,0"; both can be set.
DEFAULT_CLASS_BOUNDS = [
    {"class": "A", "label": "uitstekend", "lower": 2.0, "inclusive": True},
    {"class": "B", "label": "ruim voldoende", "lower": 1.4, "inclusive": True},
    {"class": "C", "label": "voldoende", "lower": 1.0, "inclusive": True},
    {"class": "D", "label": "matig", "lower": 0.8, "inclusive": True},
    {"class": "E", "label": "onvoldoende", "lower": 0.6, "inclusive": True},
    {"class": "F", "label": "ruim onvoldoende", "lower": 0.0, "inclusive": True},
]


def default_class_bounds():
    return [dict(bound) for bound in DEFAULT_CLASS_BOUNDS]


class RiskPolicy(Versioned, Tracked):
    """One portfolio's risk policy; a portfolio without its own uses the defaults."""

    portfolio = models.OneToOneField(
        Portfolio, verbose_name=_("portfolio"), on_delete=models.CASCADE, related_name="risk_policy"
    )
    probabilities = models.JSONField(
        _("kans per klasse (%)"),
        default=default_probabilities,
        help_text=_("Vijf percentages, oplopend: de kans die klasse 1 tot en met 5 betekent."),
    )
    money_bounds = models.JSONField(
        _("grenzen financieel gevolg (€)"),
        default=default_money_bounds,
        help_text=_("Vier bedragen, oplopend: de bovengrens van klasse 1 tot en met 4."),
    )
    time_bounds = models.JSONField(
        _("grenzen gevolg voor tijd (weken)"),
        default=default_time_bounds,
        help_text=_("Vier aantallen weken, oplopend: de bovengrens van klasse 1 tot en met 4."),
    )
    quality_labels = models.JSONField(
        _("betekenis gevolg voor kwaliteit"), default=default_quality_labels
    )
    certainty = models.DecimalField(
        _("zekerheid (%)"),
        max_digits=4,
        decimal_places=1,
        default=90,
        help_text=_("De zekerheid waarmee de benodigde weerstandscapaciteit wordt berekend."),
    )
    class_bounds = models.JSONField(_("klassen weerstandsvermogen"), default=default_class_bounds)

    objects = ScaleQuerySet.as_manager()

    class Meta:
        verbose_name = _("risicobeleid")
        verbose_name_plural = _("risicobeleid")

    def __str__(self) -> str:
        return str(_("Risicobeleid %(portfolio)s") % {"portfolio": self.portfolio})

    def clean(self) -> None:
        errors = {}
        for name, size in (
            ("probabilities", CLASSES),
            ("money_bounds", CLASSES - 1),
            ("time_bounds", CLASSES - 1),
        ):
            values = getattr(self, name)
            ascending = all(a < b for a, b in zip(values, values[1:], strict=False))
            numbers = isinstance(values, list) and all(
                isinstance(v, int | float) and v >= 0 for v in values
            )
            if not numbers or len(values) != size or not ascending:
                errors[name] = _("Geef %(n)s oplopende, niet-negatieve getallen.") % {"n": size}
        if "probabilities" not in errors and not all(0 < p < 100 for p in self.probabilities):
            errors["probabilities"] = _("Een kans ligt tussen 0 en 100 %.")
        labels = self.quality_labels
        if not isinstance(labels, list) or len(labels) != CLASSES or not all(labels):
            errors["quality_labels"] = _("Geef vijf omschrijvingen.")
        if self.certainty is not None and not 0 < self.certainty < 100:
            errors["certainty"] = _("De zekerheid ligt tussen 0 en 100 %.")
        if errors:
            raise ValidationError(errors)
