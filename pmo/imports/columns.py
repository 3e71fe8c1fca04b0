"""The columns an importer takes, and how a cell becomes the value its service expects.

Cells come as Excel keeps them (numbers, dates) or as text someone typed: "1.250,50",
"01-03-2027", "maart 2027", "ja". Each kind parses both and says in the user's language
what it expected when it cannot. The mapping from a sheet's labels to these columns is
proposed from the labels and aliases (case, spaces and punctuation ignored) and then
remembered per template (`signature`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

MONTHS = {
    **dict.fromkeys(("jan", "januari", "january"), 1),
    **dict.fromkeys(("feb", "februari", "february"), 2),
    **dict.fromkeys(("mrt", "maa", "maart", "mar", "march"), 3),
    **dict.fromkeys(("apr", "april"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("jun", "juni", "june"), 6),
    **dict.fromkeys(("jul", "juli", "july"), 7),
    **dict.fromkeys(("aug", "augustus", "august"), 8),
    **dict.fromkeys(("sep", "sept", "september"), 9),
    **dict.fromkeys(("okt", "oct", "oktober", "october"), 10),
    **dict.fromkeys(("nov", "november"), 11),
    **dict.fromkeys(("dec", "december"), 12),
}
TRUE = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
FALSE = {"nee", "n", "no", "false", "onwaar", "0", ""}


class CellError(ValueError):
    """A cell that does not hold what its column takes; the message says what it expected."""


def normalised(label: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", str(label).lower())


def signature(header: list[str]) -> str:
    """The same set of column labels, in any order, is the same template."""
    labels = sorted(normalised(label) for label in header if label)
    return hashlib.sha256("\n".join(labels).encode()).hexdigest()


@dataclass(frozen=True)
class Column:
    key: str  # the name the importer's service takes
    label: str  # shown in the mapping form and the sample template
    kind: str = "text"  # text, integer, decimal, date, month, bool, choice
    required: bool = False
    aliases: tuple[str, ...] = ()
    # For a choice: {accepted text (any case): stored value}, labels and values both.
    choices: Mapping[str, str] = field(default_factory=dict)
    example: Any = None
    max_length: int | None = None

    def names(self) -> set[str]:
        return {normalised(n) for n in (self.key, str(self.label), *self.aliases)}

    def parse(self, value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None  # an empty cell gives nothing: the importer leaves the value be
        return getattr(self, f"_{self.kind}")(value)

    def _text(self, value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed as a number: 1001, not 1001.0
        text = str(value).strip()
        if self.max_length and len(text) > self.max_length:
            raise CellError(_("Hoogstens %(n)s tekens.") % {"n": self.max_length})
        return text

    def _decimal(self, value: Any) -> Decimal:
        if isinstance(value, bool):
            raise CellError(_("Verwacht een getal."))
        if isinstance(value, int | float | Decimal):
            return Decimal(str(value))
        text = str(value).strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
        if "," in text:  # Dutch: 1.250,50
            text = text.replace(".", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise CellError(_("Verwacht een getal, zoals 1250 of 1.250,50.")) from None
        if not number.is_finite():
            raise CellError(_("Verwacht een getal."))
        return number

    def _integer(self, value: Any) -> int:
        number = self._decimal(value)
        if number != number.to_integral_value():
            raise CellError(_("Verwacht een geheel getal."))
        return int(number)

    def _date(self, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for pattern in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise CellError(_("Verwacht een datum, zoals 31-03-2027."))

    def _month(self, value: Any) -> dt.date:
        if isinstance(value, dt.date):
            return (value.date() if isinstance(value, dt.datetime) else value).replace(day=1)
        text = str(value).strip().lower()
        found = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", text) or re.fullmatch(
            r"(\d{1,2})[-/](\d{4})", text
        )
        if found:
            a, b = (int(g) for g in found.groups())
            year, month = (a, b) if a > 12 else (b, a)
            if 1 <= month <= 12:
                return dt.date(year, month, 1)
        found = re.fullmatch(r"([a-z]+)\.?\s+(\d{4})", text)
        if found and found.group(1) in MONTHS:
            return dt.date(int(found.group(2)), MONTHS[found.group(1)], 1)
        try:
            return self._date(value).replace(day=1)
        except CellError:
            raise CellError(_("Verwacht een maand, zoals 2027-03 of maart 2027.")) from None

    def _bool(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise CellError(_("Verwacht ja of nee."))

    def _choice(self, value: Any) -> str:
        text = str(value).strip().lower()
        for accepted, stored in self.choices.items():
            if text == str(accepted).lower():
                return stored
        shown = sorted({str(k) for k in self.choices if str(k) != str(self.choices[k])})
        raise CellError(
            _("Onbekende waarde %(value)s; kies uit: %(options)s.")
            % {"value": value, "options": ", ".join(shown or map(str, self.choices))}
        )


def choices_of(model, field_name: str) -> dict[str, str]:
    """A model field's choices as a choice column takes them: by value and by label."""
    accepted = {}
    for value, label in model._meta.get_field(field_name).flatchoices:
        accepted[str(value)] = value
        accepted[str(label)] = value
    return accepted


def proposed_mapping(columns: list[Column], header: list[str]) -> dict[str, str]:
    """{column key: sheet label} for every column whose name or alias a label matches."""
    by_name = {}
    for label in header:
        if label:
            by_name.setdefault(normalised(label), label)
    mapping = {}
    for column in columns:
        for name in column.names():
            if name in by_name:
                mapping[column.key] = by_name[name]
                break
    return mapping
