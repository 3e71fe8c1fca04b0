"""The optimiser's conflicts in the user's words: which constraints cannot all hold."""

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from .capacity import month_of


def _euro(amount: float) -> str:
    return "€ " + number_format(round(amount), force_grouping=True)


def _codes(codes) -> str:
    return ", ".join(codes)


def _hours(hours: float) -> str:
    return number_format(round(hours), force_grouping=True)


def _month(key: str) -> str:
    """ "2027-03" as the reader's language writes it: "maart 2027"."""
    return date_format(month_of(key), "F Y")


def _group(group: dict) -> str:
    kind = group["kind"]
    if kind == "budget":
        return _("het budget van %(year)s") % {"year": group["year"]}
    if kind == "capacity" and "month" in group:
        return _("de capaciteit van team %(team)s in %(month)s") % {
            "team": group["team"],
            "month": _month(group["month"]),
        }
    if kind == "capacity":
        return _("het maximum aantal projecten")
    if kind == "requires":
        return _("%(a)s vereist %(b)s") % group
    if kind == "excludes":
        return _("%(a)s sluit %(b)s uit") % group
    if kind == "forced_in":
        return _("%(project)s moet erin") % group
    if kind == "forced_out":
        return _("%(project)s valt af") % group
    return kind


def conflict_message(conflict: dict) -> str:
    """One sentence per conflict, naming the projects, years and amounts involved."""
    kind, d = conflict["kind"], conflict.get("detail", {})
    if kind == "forced_in_over_budget":
        return _(
            "De projecten die erin moeten (%(projects)s) kosten in %(year)s samen "
            "%(cost)s; het budget is %(budget)s."
        ) % {
            "projects": _codes(d["projects"]),
            "year": d["year"],
            "cost": _euro(d["cost"]),
            "budget": _euro(d["budget"]),
        }
    if kind == "closure_over_budget":
        return _(
            "Met wat de vaste projecten vereisen (%(added)s erbij) kost het in %(year)s "
            "%(cost)s; het budget is %(budget)s."
        ) % {
            "added": _codes(d["added"]),
            "year": d["year"],
            "cost": _euro(d["cost"]),
            "budget": _euro(d["budget"]),
        }
    if kind in ("forced_in_over_capacity", "closure_over_capacity") and "month" in d:
        return _(
            "Team %(team)s, %(month)s: %(demand)s uur gevraagd, %(capacity)s beschikbaar "
            "(%(projects)s)."
        ) % {
            "team": d["team"],
            "month": _month(d["month"]),
            "demand": _hours(d["demand"]),
            "capacity": _hours(d["capacity"]),
            "projects": _codes(d["projects"]),
        }
    if kind in ("forced_in_over_capacity", "closure_over_capacity"):
        return _(
            "Er moeten %(count)s projecten in het portfolio (%(projects)s), meer dan het "
            "maximum van %(limit)s."
        ) % {
            "count": round(d["demand"]),
            "projects": _codes(d["projects"]),
            "limit": round(d["capacity"]),
        }
    if kind == "forced_in_excluded":
        return _("%(a)s en %(b)s moeten er allebei in, maar sluiten elkaar uit.") % d
    if kind == "requires_excluded":
        return _(
            "%(a)s en %(b)s sluiten elkaar uit, maar de vaste projecten vereisen ze allebei "
            "(%(chain_a)s; %(chain_b)s)."
        ) % {
            "a": d["a"],
            "b": d["b"],
            "chain_a": " → ".join(d["chain_a"]),
            "chain_b": " → ".join(d["chain_b"]),
        }
    if kind == "forced_in_requires_forced_out":
        return _("%(a)s moet erin en vereist %(b)s, maar %(b)s valt af (%(chain)s).") % {
            "a": d["a"],
            "b": d["b"],
            "chain": " → ".join(d["chain"]),
        }
    if kind == "minimal_conflict":
        return _("Deze regels kunnen niet tegelijk gelden: %(groups)s.") % {
            "groups": "; ".join(_group(g) for g in d["groups"])
        }
    return _("De voorwaarden spreken elkaar tegen (%(kind)s).") % {"kind": kind}
