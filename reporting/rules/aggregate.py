"""A snapshot's aggregates from its project rows.

Model: every project row counts once in its domain (the top of its org unit's tree) and
once in its programme within that domain ("no programme" is a group of its own). Money
sums are of what the rows hold (budget, EAC, actuals, benefits, risk exposure); a row
without a report has no colour (""), which counts as its own colour, never as green.
Percentages are None where their base is zero, never 0 % or infinite.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

COLOURS = ("groen", "oranje", "rood", "")
DIMENSIONS = (
    "rag_overall",
    "rag_time",
    "rag_cost",
    "rag_scope",
    "rag_quality",
    "rag_risk",
    "rag_benefits",
)
SUMMED = ("budget", "eac", "actuals", "benefits_planned", "benefits_realised", "risk_exposure")
RED = "rood"


def money(value: Decimal | float | None) -> float:
    return round(float(value or 0), 2)


def pct(part: float, whole: float) -> float | None:
    return round(part / whole * 100, 1) if whole else None


def _group(rows: Iterable[Mapping]) -> dict:
    group: dict = {
        "projects": 0,
        "red": 0,
        "exceptions": 0,
        "rag": defaultdict(int),
        "phases": defaultdict(int),
        **dict.fromkeys(SUMMED, 0.0),
    }
    for row in rows:
        group["projects"] += 1
        group["red"] += row["rag_overall"] == RED
        group["exceptions"] += bool(row["is_exception"])
        group["rag"][row["rag_overall"]] += 1
        group["phases"][row["phase"]] += 1
        for key in SUMMED:
            group[key] += float(row.get(key) or 0)
    group["rag"] = dict(group["rag"])
    group["phases"] = dict(group["phases"])
    for key in SUMMED:
        group[key] = round(group[key], 2)
    return group


def groups(rows: Sequence[Mapping], *, no_programme: str) -> dict[str, list[dict]]:
    """The domains' and programmes' aggregates, ordered by name."""
    by_domain: dict = defaultdict(list)
    by_programme: dict = defaultdict(list)
    for row in rows:
        by_domain[(row["domain_id"], row["domain"])].append(row)
        by_programme[(row["domain_id"], row["programme_id"], row["programme"])].append(row)
    domains = [
        {"id": domain_id, "name": name, **_group(members)}
        for (domain_id, name), members in sorted(by_domain.items(), key=lambda kv: kv[0][1])
    ]
    programmes = [
        {"id": programme_id, "domain_id": domain_id, "name": name or no_programme} | _group(members)
        for (domain_id, programme_id, name), members in sorted(
            by_programme.items(), key=lambda kv: (kv[0][1] is None, kv[0][2], kv[0][0] or 0)
        )
    ]
    return {"domains": domains, "programmes": programmes}


def rag_by_dimension(rows: Iterable[Mapping]) -> dict[str, dict[str, int]]:
    counts = {dimension: dict.fromkeys(COLOURS, 0) for dimension in DIMENSIONS}
    for row in rows:
        for dimension in DIMENSIONS:
            counts[dimension][row[dimension] or ""] += 1
    return counts


def budget_by_year(lines: Iterable[Mapping], domain_of: Mapping[int, int | None]) -> list[dict]:
    """Budget and actuals per domain and year, from per-project budget lines."""
    sums: dict = defaultdict(lambda: [0.0, 0.0])
    for line in lines:
        if line["project_id"] not in domain_of:
            continue  # a project outside the scope (or not in the period)
        key = (domain_of[line["project_id"]], line["year"])
        sums[key][0] += float(line["budget"] or 0)
        sums[key][1] += float(line["actuals"] or 0)
    return [
        {"domain_id": domain_id, "year": year, "budget": round(b, 2), "actuals": round(a, 2)}
        for (domain_id, year), (b, a) in sorted(
            sums.items(), key=lambda kv: (kv[0][1], kv[0][0] or 0)
        )
    ]


def overloaded(team: Mapping) -> bool:
    """Demand above capacity; a team without capacity is overloaded by any demand."""
    if team["load_pct"] is None:
        return float(team.get("demand") or 0) > 0
    return team["load_pct"] > 100


def tiles(
    rows: Sequence[Mapping],
    *,
    benefits: Mapping,
    resistance: Mapping | None,
    teams: Sequence[Mapping],
) -> dict:
    """The key figures: a few numbers per snapshot, kept apart for the trend."""
    total = _group(rows)
    return {
        "projects": total["projects"],
        "phases": total["phases"],
        "red": total["red"],
        "exceptions": total["exceptions"],
        "budget": total["budget"],
        "eac": total["eac"],
        "actuals": total["actuals"],
        "eac_vs_budget_pct": pct(total["eac"], total["budget"]),
        "benefits_planned": money(benefits.get("planned")),
        "benefits_realised": money(benefits.get("realised")),
        "benefits_pct": pct(money(benefits.get("realised")), money(benefits.get("planned"))),
        "resistance_ratio": resistance["ratio"] if resistance else None,
        "resistance_class": resistance["class"] if resistance else None,
        "overloaded_teams": sum(1 for team in teams if overloaded(team)),
        "teams": len(teams),
    }
