"""Reading a Microsoft Project XML file (MSPDI: what Project writes with "Save as XML")
without trusting it. Pure: bytes in, a typed `Plan` out, no Django models.

The file is parsed by defusedxml with DTDs forbidden, so a file that declares entities
(external ones: XXE; nested ones: a billion laughs) is refused before anything expands.
What is read, from the published schema (Microsoft's "Project XML Data Interchange
Schema Reference", mspdi_pj12.xsd and later) and checked against MPXJ's MSPDI reader:

- The root is `<Project>` in the namespace http://schemas.microsoft.com/project; anything
  else (another root, no or another namespace) is not MSPDI.
- The project: `<Name>` (usually the file's name), `<Title>` (the file properties'
  title), `<GUID>`, `<StartDate>`/`<FinishDate>`, `<StatusDate>` (written only when set)
  and `<CurrentDate>`.
- The project summary task is the task with `<UID>0</UID>` (MPXJ's reader treats UID 0 as
  the summary and takes project properties from it) or `<OutlineLevel>0</OutlineLevel>`.
  Its Start/Finish are the project's; without one the tasks' earliest start and latest
  finish are, and without dated tasks the project's StartDate/FinishDate.
- A task's `<Baseline>` with `<Number>0</Number>` is "Baseline" (1–10 are Baseline1 …
  Baseline10); its Start, Finish and Cost are the baseline's.
- Milestones are tasks with `<Milestone>1</Milestone>` (xsd:boolean, so "true" too).
  `<IsNull>1</IsNull>` rows are blank lines in Project's grid and are skipped.
- Dates are xsd:dateTime without a zone ("2027-03-01T08:00:00"); the day is what counts.
- Costs (`<Cost>`, `<ActualCost>`, a baseline's `<Cost>`) are typed xsd:decimal and the
  schema's element pages name no unit ("DecimalValue"). Project writes them in hundredths
  of the currency unit: MPXJ's net.sf.mpxj.mspdi.DatatypeConverter.parseCurrency divides
  every MSPDI currency value by 100 and printCurrency multiplies by 100 on writing (custom
  cost fields likewise); Project Server's PSI is reported to use the same factor 100 for
  cost values. So `<Cost>185000000</Cost>` is € 1.850.000,00. Project writes `<Cost>0</Cost>`
  for a plan without rates; this module returns what the file says, 0 included.
- A project code in a custom field: an `<ExtendedAttribute>` definition whose `<Alias>`
  is "Projectcode" (or "Projectnummer", "Code"), with its value on the summary task
  (project-level custom fields live there).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from xml.etree.ElementTree import Element

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext as _

from pmo.imports.reading import FileProblem, check_size

NAMESPACE = "http://schemas.microsoft.com/project"
NS = f"{{{NAMESPACE}}}"
# MSPDI stores money in hundredths of the currency unit (see the module's docstring).
CURRENCY_FACTOR = Decimal(100)
CENT = Decimal("0.01")
CODE_ALIASES = {"projectcode", "projectnummer", "code"}
TRUE = {"1", "true"}


@dataclass(frozen=True)
class Milestone:
    uid: int
    guid: str | None
    name: str
    start: dt.date | None
    finish: dt.date | None
    baseline_finish: dt.date | None  # Baseline 0's Finish
    actual_finish: dt.date | None
    percent_complete: int | None


@dataclass(frozen=True)
class Plan:
    name: str  # <Name>: mostly the file name Project saved
    title: str  # <Title>
    summary_name: str
    guid: str | None
    code: str | None  # the "Projectcode" custom field, as written
    start: dt.date | None
    finish: dt.date | None
    baseline_start: dt.date | None
    baseline_finish: dt.date | None
    cost: Decimal | None  # in euros (the file's hundredths divided by 100)
    baseline_cost: Decimal | None
    actual_cost: Decimal | None
    percent_complete: int | None
    status_date: dt.date | None  # <StatusDate>, else <CurrentDate>
    task_count: int
    milestones: tuple[Milestone, ...]

    @property
    def label(self) -> str:
        """The project's name as people know it: the title, the summary task, the file."""
        name = re.sub(r"\.xml$", "", self.name, flags=re.IGNORECASE)
        return self.title or self.summary_name or name


def parse(data: bytes) -> Plan:
    """The plan in an MSPDI file; raises FileProblem for anything else."""
    root = _root(data)
    tasks = [t for t in root.iterfind(f"{NS}Tasks/{NS}Task") if not _bool(t, "IsNull")]
    summary = next((t for t in tasks if _is_summary(t)), None)
    work = [t for t in tasks if not _is_summary(t)]
    if not work:
        raise FileProblem(
            "not_mspdi",
            _("Dit Microsoft Project-bestand bevat geen taken: er is niets in te lezen."),
        )
    start, finish = _dates(root, summary, work)
    baseline = _baseline(summary) if summary is not None else None
    return Plan(
        name=_text(root, "Name") or "",
        title=_text(root, "Title") or "",
        summary_name=(_text(summary, "Name") or "") if summary is not None else "",
        guid=_guid(_text(root, "GUID")),
        code=_code_field(root, summary),
        start=start,
        finish=finish,
        baseline_start=_date(baseline, "Start") if baseline is not None else None,
        baseline_finish=_date(baseline, "Finish") if baseline is not None else None,
        cost=_money(summary, "Cost") if summary is not None else None,
        baseline_cost=_money(baseline, "Cost") if baseline is not None else None,
        actual_cost=_money(summary, "ActualCost") if summary is not None else None,
        percent_complete=_integer(summary, "PercentComplete") if summary is not None else None,
        status_date=_date(root, "StatusDate") or _date(root, "CurrentDate"),
        task_count=len(work),
        milestones=tuple(_milestone(t) for t in work if _is_milestone(t)),
    )


def spread_over_years(total: Decimal, start: dt.date, end: dt.date) -> dict[int, Decimal]:
    """`total` over the calendar years of start..end (both days included), pro rata by
    days, in cents that add up to the total exactly (the last year takes the rounding)."""
    if end < start:
        start, end = end, start
    days = {}
    for year in range(start.year, end.year + 1):
        first, last = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
        days[year] = (last - first).days + 1
    whole = sum(days.values())
    cents = int((total / CENT).to_integral_value(ROUND_HALF_UP))
    shares, given = {}, 0
    years = sorted(days)
    for year in years[:-1]:
        share = int((Decimal(cents) * days[year] / whole).to_integral_value(ROUND_HALF_UP))
        shares[year], given = share, given + share
    shares[years[-1]] = cents - given
    return {year: (Decimal(share) * CENT).quantize(CENT) for year, share in shares.items()}


# ------------------------------------------------------------------------------ reading


def _root(data: bytes) -> Element:
    check_size(data)
    try:
        root = fromstring(data, forbid_dtd=True)
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        raise FileProblem(
            "xxe",
            _(
                "Dit XML-bestand declareert een DTD of entiteiten (zoals verwijzingen naar "
                "andere bestanden); zulke bestanden worden uit veiligheid niet ingelezen. "
                "Microsoft Project schrijft die nooit: sla het plan opnieuw op als XML."
            ),
        ) from None
    except ParseError as error:
        raise FileProblem(
            "unreadable",
            _("Dit is geen leesbaar XML-bestand: %(error)s") % {"error": error},
        ) from None
    if root.tag != f"{NS}Project":
        raise FileProblem(
            "not_mspdi",
            _(
                "Dit XML-bestand is geen Microsoft Project-bestand (MSPDI): sla het plan in "
                "Microsoft Project op met Opslaan als > XML-indeling (*.xml)."
            ),
        )
    return root


def _is_summary(task: Element) -> bool:
    return _text(task, "UID") == "0" or _text(task, "OutlineLevel") == "0"


def _is_milestone(task: Element) -> bool:
    return _bool(task, "Milestone") and not _bool(task, "Summary")


def _dates(root: Element, summary: Element | None, work: list[Element]):
    if summary is not None and (_date(summary, "Start") or _date(summary, "Finish")):
        return _date(summary, "Start"), _date(summary, "Finish")
    starts = [d for d in (_date(t, "Start") for t in work) if d]
    finishes = [d for d in (_date(t, "Finish") for t in work) if d]
    if starts or finishes:
        return min(starts, default=None), max(finishes, default=None)
    return _date(root, "StartDate"), _date(root, "FinishDate")


def _baseline(task: Element) -> Element | None:
    return next(
        (b for b in task.iterfind(f"{NS}Baseline") if (_text(b, "Number") or "0") == "0"), None
    )


def _milestone(task: Element) -> Milestone:
    baseline, uid = _baseline(task), _integer(task, "UID")
    if uid is None:
        raise FileProblem(
            "unreadable",
            _("Mijlpaal %(name)s heeft geen UID.") % {"name": _text(task, "Name") or ""},
        )
    return Milestone(
        uid=uid,
        guid=_guid(_text(task, "GUID")),
        name=_text(task, "Name") or "",
        start=_date(task, "Start"),
        finish=_date(task, "Finish"),
        baseline_finish=_date(baseline, "Finish") if baseline is not None else None,
        actual_finish=_date(task, "ActualFinish"),
        percent_complete=_integer(task, "PercentComplete"),
    )


def _code_field(root: Element, summary: Element | None) -> str | None:
    if summary is None:
        return None
    fields = {
        _text(d, "FieldID")
        for d in root.iterfind(f"{NS}ExtendedAttributes/{NS}ExtendedAttribute")
        if re.sub(r"[^a-z]", "", (_text(d, "Alias") or "").lower()) in CODE_ALIASES
    }
    for value in summary.iterfind(f"{NS}ExtendedAttribute"):
        if _text(value, "FieldID") in fields and _text(value, "Value"):
            return _text(value, "Value")
    return None


# ------------------------------------------------------------------------------- values


def _text(element: Element, name: str) -> str | None:
    found = element.find(f"{NS}{name}")
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def _bool(element: Element, name: str) -> bool:
    return (_text(element, name) or "").lower() in TRUE


def _guid(text: str | None) -> str | None:
    return text.strip("{}").upper() if text else None


def _where(element: Element, name: str) -> str:
    task = _text(element, "Name") or _text(element, "UID") or ""
    return f"{name} {task}".strip()


def _date(element: Element, name: str) -> dt.date | None:
    text = _text(element, name)
    if text is None:
        return None
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise FileProblem(
            "unreadable",
            _("%(where)s: %(value)s is geen datum.")
            % {"where": _where(element, name), "value": text},
        ) from None


def _number(element: Element, name: str) -> Decimal | None:
    text = _text(element, name)
    if text is None:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise FileProblem(
            "unreadable",
            _("%(where)s: %(value)s is geen getal.")
            % {"where": _where(element, name), "value": text},
        )
    return number


def _integer(element: Element, name: str) -> int | None:
    number = _number(element, name)
    return None if number is None else int(number)


def _money(element: Element, name: str) -> Decimal | None:
    number = _number(element, name)
    return None if number is None else (number / CURRENCY_FACTOR).quantize(CENT, ROUND_HALF_UP)
