"""What a benefit profile must be before it is saved, and before it is *vastgesteld*.

Saved: the target differs from the baseline and lies on the side the direction calls
better (otherwise the realisation is undefined or runs backwards), the target date after
the baseline date, and the attributed shares together at most 100 %.

Vastgesteld: the DOAM test of the benefits literature (Bradley; MSP), each letter a rule
that names what is missing:
- **D**escribed: the name says what changes (a change word such as ‘minder’, ‘sneller’,
  ‘hogere’, ‘besparing’) and there is a description;
- **O**bservable: an indicator and the data source it is read from;
- **A**ttributable: a bateneigenaar and at least one contributing project;
- **M**easurable: a unit, baseline and target, each with its date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

HIGHER, LOWER = "hoger", "lager"
# Words (or their start) that name a change, in Dutch and English.
CHANGE_STEMS = (
    "meer",
    "minder",
    "hoger",
    "lager",
    "sneller",
    "korter",
    "kortere",
    "langer",
    "groter",
    "kleiner",
    "beter",
    "betere",
    "verbeter",
    "verlag",
    "verhog",
    "verkort",
    "verminder",
    "vergrot",
    "versnel",
    "verklein",
    "bespar",
    "reductie",
    "reducer",
    "toename",
    "afname",
    "stijg",
    "daling",
    "dalen",
    "daalt",
    "toenem",
    "afnem",
    "teruggang",
    "groei",
    "minimal",
    "maximal",
    "optimal",
    "voorkom",
    "vermijd",
    "increase",
    "decrease",
    "reduc",
    "fewer",
    "more",
    "less",
    "faster",
    "lower",
    "higher",
    "shorter",
    "better",
    "improv",
    "saving",
)
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    measure: str
    unit: str
    data_source: str
    direction: str
    baseline_value: Decimal | None
    baseline_date: dt.date | None
    target_value: Decimal | None
    target_date: dt.date | None
    has_owner: bool
    contributing_projects: int


def names_a_change(name: str) -> bool:
    words = WORD.findall(name.lower())
    return any(word.startswith(stem.lower()) for word in words for stem in CHANGE_STEMS)


def profile_errors(profile: Profile) -> dict[str, list[str]]:
    """What keeps the profile from being saved at all, by field."""
    errors: dict[str, list[str]] = {}
    baseline, target = profile.baseline_value, profile.target_value
    if baseline is not None and target is not None:
        if target == baseline:
            errors["target_value"] = [
                _(
                    "De streefwaarde is gelijk aan de nulmeting: dan is er niets te realiseren "
                    "en is de realisatie niet te berekenen."
                )
            ]
        elif profile.direction == HIGHER and target < baseline:
            errors["target_value"] = [
                _("Bij ‘hoger is beter’ ligt de streefwaarde boven de nulmeting.")
            ]
        elif profile.direction == LOWER and target > baseline:
            errors["target_value"] = [
                _("Bij ‘lager is beter’ ligt de streefwaarde onder de nulmeting.")
            ]
    if (
        profile.baseline_date is not None
        and profile.target_date is not None
        and profile.target_date <= profile.baseline_date
    ):
        errors["target_date"] = [_("De streefdatum ligt na de datum van de nulmeting.")]
    return errors


def doam(profile: Profile) -> dict[str, list[str]]:
    """{letter: what is missing} for every DOAM letter the profile does not meet."""
    missing: dict[str, list[str]] = {}
    described = []
    if not names_a_change(profile.name):
        described.append(
            _(
                "Benoem de baat als verandering, bijvoorbeeld ‘Minder klachten over …’ of "
                "‘Kortere doorlooptijd …’."
            )
        )
    if not profile.description.strip():
        described.append(_("Geef een omschrijving: wat verandert er, voor wie?"))
    observable = []
    if not profile.measure.strip():
        observable.append(_("Geef de indicator: wat wordt er gemeten?"))
    if not profile.data_source.strip():
        observable.append(_("Geef de gegevensbron waaruit de meting komt."))
    attributable = []
    if not profile.has_owner:
        attributable.append(_("Wijs een bateneigenaar aan."))
    if profile.contributing_projects == 0:
        attributable.append(_("Reken de baat toe aan ten minste één project."))
    measurable = []
    if not profile.unit.strip():
        measurable.append(_("Geef de eenheid van de indicator."))
    if profile.baseline_value is None or profile.baseline_date is None:
        measurable.append(_("Leg de nulmeting vast, met datum."))
    if profile.target_value is None or profile.target_date is None:
        measurable.append(_("Leg de streefwaarde vast, met streefdatum."))
    for letter, found in (
        ("D", described),
        ("O", observable),
        ("A", attributable),
        ("M", measurable),
    ):
        if found:
            missing[letter] = found
    return missing


def shares_errors(shares: Sequence[Decimal]) -> list[str]:
    """The attributed shares of one benefit: each above 0, together at most 100 %."""
    errors = []
    if any(share <= 0 or share > 100 for share in shares):
        errors.append(_("Een aandeel ligt tussen 0 en 100 %."))
    total = sum(shares, Decimal(0))
    if total > 100:
        errors.append(
            _("De aandelen tellen op tot %(total)s %%; samen zijn ze hoogstens 100 %%.")
            % {"total": f"{total:g}".replace(".", ",")}
        )
    return errors
