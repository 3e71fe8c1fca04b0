"""A snapshot of N projects for the board pack benchmark, as the build would store it:
one row per project and the figures aggregated from those rows, in the shape of
reporting/models/snapshots.py. Seeded, so every run packs the same snapshot.

No Django at import time; `create(size, seed)` writes the scope, snapshot and rows.
"""

import datetime as dt
import random
from collections import Counter, defaultdict
from decimal import Decimal

DOMAINS = ["Sociaal Domein", "Ruimte", "Stadsbeheer", "Dienstverlening", "Veiligheid"]
DOMAINS += ["Bedrijfsvoering"]
PROGRAMMES = [
    "Energietransitie 2030",
    "Bereikbare stad",
    "Digitale dienstverlening",
    "Jeugd in beeld",
    "Wonen voor iedereen",
    "Veilige wijken",
    "Informatiegestuurd werken",
    "Klimaatadaptatie",
]
WORDS = ["Herinrichting", "Vervanging", "Renovatie", "Aanbesteding", "Invoering", "Pilot"]
PLACES = ["Stationsplein", "Kademuren", "Markt", "Ringweg", "Sportpark Noord", "Havenkwartier"]
PLACES += ["Zaaksysteem", "Omgevingswet", "Jeugdhulp", "Afvalinzameling", "Bibliotheek"]
PHASES = {"initiatief": 10, "definitie": 12, "ontwerp": 14, "voorbereiding": 14}
PHASES |= {"realisatie": 28, "nazorg": 8, "afgesloten": 4}
COLOURS = {"groen": 62, "oranje": 22, "rood": 11, "": 5}
DIMENSIONS = ["rag_overall", "rag_time", "rag_cost", "rag_scope", "rag_quality"]
DIMENSIONS += ["rag_risk", "rag_benefits"]
ESG = ["planet-klimaat-energie", "planet-mobiliteit", "people-gezondheid", "people-inclusie"]
ESG += ["profit-lokale-economie", "profit-dienstverlening"]
TEAMS = ["Civiele techniek", "Inkoop", "Informatievoorziening", "Juridisch", "Financiën"]
TEAMS += ["Communicatie", "Vastgoed", "Stedenbouw", "Sociaal team"]
PERIOD = dt.date(2026, 11, 1)
BUILT = dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.UTC)


def _pick(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def project_rows(size: int, rng: random.Random) -> list[dict]:
    rows = []
    for number in range(size):
        domain = rng.randrange(len(DOMAINS))
        programme = rng.randrange(len(PROGRAMMES) + 2)  # two in three of ten: none
        colours = {name: _pick(rng, COLOURS) for name in DIMENSIONS}
        previous = {
            n: c if rng.random() < 0.85 else _pick(rng, COLOURS) for n, c in colours.items()
        }
        budget = round(rng.lognormvariate(13, 1.0), -3)
        baseline_end = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(60, 1400))
        slip = max(0, int(rng.gauss(20, 45)))
        rows.append(
            {
                "code": f"PK-{number:05d}",
                "name": f"{rng.choice(WORDS)} {rng.choice(PLACES)} fase {rng.randrange(1, 5)}",
                "domain_id": domain + 1,
                "domain": DOMAINS[domain],
                "org_unit": f"Afdeling {domain}.{rng.randrange(1, 5)}",
                "programme_id": programme + 11 if programme < len(PROGRAMMES) else None,
                "programme": PROGRAMMES[programme] if programme < len(PROGRAMMES) else "",
                "phase": _pick(rng, PHASES),
                "report_period": PERIOD,
                "previous": previous,
                "is_exception": colours["rag_overall"] == "rood" and rng.random() < 0.6,
                "progress_pct": rng.randrange(0, 101),
                "baseline_start": baseline_end - dt.timedelta(days=rng.randrange(200, 900)),
                "baseline_end": baseline_end,
                "forecast_end": baseline_end + dt.timedelta(days=slip),
                "budget": Decimal(budget),
                "eac": Decimal(round(budget * rng.uniform(0.9, 1.25), -2)),
                "actuals": Decimal(round(budget * rng.uniform(0, 0.9), -2)),
                "milestone_slip_days": slip,
                "priority_value": round(rng.uniform(0, 1), 3),
                "priority_rank": number + 1,
                "benefits_planned": Decimal(round(budget * rng.uniform(0, 0.5), -2)),
                "benefits_realised": Decimal(round(budget * rng.uniform(0, 0.2), -2)),
                "risk_exposure": Decimal(round(budget * rng.uniform(0, 0.1), -2)),
                "capacity_load_pct": round(rng.uniform(40, 140), 1),
                "esg_themes": rng.sample(ESG, rng.randrange(0, 3)),
                **colours,
            }
        )
    return rows


def _group(rows: list[dict]) -> dict:
    money = ("budget", "eac", "actuals", "benefits_planned", "benefits_realised")
    sums = {key: round(float(sum(r[key] for r in rows)), 2) for key in money}
    return {
        "projects": len(rows),
        "red": sum(r["rag_overall"] == "rood" for r in rows),
        "exceptions": sum(r["is_exception"] for r in rows),
        "rag": dict(Counter(r["rag_overall"] for r in rows)),
        "phases": dict(Counter(r["phase"] for r in rows)),
        "risk_exposure": round(float(sum(r["risk_exposure"] for r in rows)), 2),
        **sums,
    }


def figures(rows: list[dict], rng: random.Random) -> tuple[dict, list[dict]]:
    """Snapshot.figures of `rows`, and the rows whose overall colour moved."""
    by_domain, by_programme = defaultdict(list), defaultdict(list)
    for row in rows:
        by_domain[row["domain_id"]].append(row)
        by_programme[(row["domain_id"], row["programme_id"])].append(row)
    domains = [{"id": d, "name": DOMAINS[d - 1], **_group(by_domain[d])} for d in sorted(by_domain)]
    programmes = [
        {
            "id": p,
            "domain_id": d,
            "name": PROGRAMMES[p - 11] if p else "Zonder programma",
            **_group(group),
        }
        for (d, p), group in sorted(by_programme.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0))
    ]
    slipping = sorted(rows, key=lambda r: -r["milestone_slip_days"])[:25]
    total = _group(rows)
    teams = []
    for number, name in enumerate(TEAMS, start=1):
        capacity = float(rng.randrange(150, 900))
        demand = round(capacity * rng.uniform(0.5, 1.4), 1)
        teams.append(
            {"id": number, "name": name, "capacity": capacity, "demand": demand}
            | {"load_pct": round(demand / capacity * 100, 1)}
        )
    changed = [r for r in rows if r["previous"]["rag_overall"] != r["rag_overall"]]
    return {
        "domains": domains,
        "programmes": programmes,
        "rag_by_dimension": {n: dict(Counter(r[n] for r in rows)) for n in DIMENSIONS},
        "budget_by_year": [
            {"domain_id": d["id"], "year": year, "budget": round(d["budget"] / 4, 2)}
            | {"actuals": round(d["actuals"] / 2, 2) if year < 2028 else 0.0}
            for year in range(2026, 2030)
            for d in domains
        ],
        "milestones": [
            {
                "project": r["code"],
                "name": f"Mijlpaal {r['code']}",
                "baseline": r["baseline_end"].isoformat(),
                "forecast": r["forecast_end"].isoformat(),
                "slip_days": r["milestone_slip_days"],
            }
            for r in slipping
        ],
        "benefits": {
            "planned": total["benefits_planned"],
            "realised": total["benefits_realised"],
            "pct": round(total["benefits_realised"] / total["benefits_planned"] * 100, 1),
        },
        "esg": dict(Counter(theme for r in rows for theme in r["esg_themes"])),
        "risks": {
            "scale": 5,
            "cells": [[p, i, rng.randrange(0, 12)] for p in range(1, 6) for i in range(1, 6)],
            "exposure": total["risk_exposure"],
            "top": [
                {"project": r["code"], "title": f"Risico bij {r['name']}"}
                | {"expected_value": float(r["risk_exposure"])}
                for r in sorted(rows, key=lambda r: -r["risk_exposure"])[:10]
            ],
        },
        "resistance": {
            "available": 25_000_000.0,
            "required": 18_000_000.0,
            "ratio": 1.39,
            "class": "C",
            "certainty_pct": 90.0,
            "run_at": "2026-11-20",
            "levels": [
                {"certainty_pct": pct, "required": req, "ratio": round(25e6 / req, 2)}
                | {"class": "B" if 25e6 / req >= 1.4 else "C"}
                for pct, req in ((70.0, 12e6), (80.0, 15e6), (90.0, 18e6), (95.0, 21e6))
            ],
        },
        "capacity": {"month": PERIOD.isoformat(), "teams": teams},
        "since_board": {
            "meeting": {"id": 1, "date": "2026-10-14", "title": "Portfolioraad oktober"},
            "status_changes": [
                {"project": r["code"], "name": r["name"], "from": r["previous"]["rag_overall"]}
                | {"to": r["rag_overall"]}
                for r in changed[:40]
            ],
            "new_reds": [
                {"project": r["code"], "name": r["name"]}
                for r in changed
                if r["rag_overall"] == "rood"
            ][:20],
            "exceptions": [
                {"project": r["code"], "name": r["name"], "period": "2026-10-01"}
                for r in rows
                if r["is_exception"]
            ][:20],
            "decisions": [
                {"date": "2026-10-14", "project": r["code"], "subject": "Fasebesluit"}
                | {"decision": "Go met voorwaarden: herijk de planning voor de volgende fase."}
                for r in rows[:8]
            ],
            "scenarios": [{"id": 1, "name": "Scenario Ambitie", "adopted_at": "2026-10-14"}],
        },
    }, changed


def tiles(rows: list[dict], figures_: dict) -> dict:
    total = _group(rows)
    teams = figures_["capacity"]["teams"]
    return {
        "projects": len(rows),
        "phases": total["phases"],
        "red": total["red"],
        "exceptions": total["exceptions"],
        "budget": total["budget"],
        "eac": total["eac"],
        "actuals": total["actuals"],
        "eac_vs_budget_pct": round(total["eac"] / total["budget"] * 100, 1),
        "benefits_planned": total["benefits_planned"],
        "benefits_realised": total["benefits_realised"],
        "benefits_pct": figures_["benefits"]["pct"],
        "resistance_ratio": 1.39,
        "resistance_class": "C",
        "overloaded_teams": sum((t["load_pct"] or 0) > 100 for t in teams),
        "teams": len(teams),
    }


def create(size: int, seed: int):
    """The bench portfolio's scope with one snapshot of `size` project rows (replacing an
    earlier run's)."""
    from portfolio.projects.models import Portfolio
    from reporting.models import Scope, Snapshot, SnapshotRow

    rng = random.Random(seed)
    rows = project_rows(size, rng)
    figures_, changed = figures(rows, rng)
    portfolio, _new = Portfolio.objects.get_or_create(
        code="BENCH-PACK", defaults={"name": "Gemeente Benchdorp"}
    )
    scope, _new = Scope.objects.get_or_create(
        kind=Scope.Kind.PORTFOLIO, portfolio=portfolio, defaults={"name": "Benchportfolio"}
    )
    Snapshot.objects.filter(scope=scope).delete()
    snapshot = Snapshot.objects.create(
        scope=scope,
        period=PERIOD,
        built_at=BUILT,
        project_count=size,
        tiles=tiles(rows, figures_),
        figures=figures_,
        changes={
            "previous_id": None,
            "previous_period": "2026-10-01",
            "tiles": {"projects": 4, "red": 2, "budget": 1_250_000.0, "eac": 2_000_000.0},
            "added": [r["code"] for r in rows[:5]],
            "removed": ["PK-OUD-1", "PK-OUD-2"],
            "rag_changed": [
                {"project": r["code"], "name": r["name"], "from": r["previous"]["rag_overall"]}
                | {"to": r["rag_overall"]}
                for r in changed
            ],
        },
    )
    SnapshotRow.objects.bulk_create(
        [SnapshotRow(snapshot=snapshot, **row) for row in rows], batch_size=1000
    )
    return snapshot
