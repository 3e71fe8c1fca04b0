"""Risks for the bench portfolio: a risk register of N risks hung on its projects, its
programmes and the portfolio itself (bench/benchmarks/risks.py).

    python bench/generate_risks.py --risks 50000 [--seed 1] [--fresh]
    python bench/generate_risks.py --delete

Run it after `bench/generate.py` (the risks hang on that portfolio's projects and
programmes, their owners are its projectleiders). Everything is bulk-inserted, not made
through the services (each `risk_create` validates with `full_clean`, reads the policy,
saves and writes an audit line: far too slow for 50,000). The derived fields the services
keep on each risk (both scores and the residual expected value) are computed per risk
with the services' own `risks.services.risks.scores`, from the portfolio's policy (the
municipal defaults: the bench portfolio has none), exactly as `risk_create` stores them.

What a risk gets (one random stream, seed + 14,000, in this order per risk):

- where: 80 % a project's (programme set from the project), 12 % a programme's,
  8 % the portfolio's; 5 % of the project risks are escalated one level up
  (`level_above`: the programme, or the portfolio for a project without one), with a
  reason, as `risk_escalate` leaves them;
- kind 85 % bedreiging, 15 % kans; a category; the owner the project's manager (70 %) or
  any projectleider, an actionee for half;
- inherent classes: probability 1–5, money 1–5 for 85 % (else none, then a time class),
  time for 40 %, quality for 30 %; residual classes each 0–2 classes lower (at least 1),
  3 % one class worse with the reason the services ask for; a quarter of the risks
  with a residual money class has the owner's min / most likely / max inside that class;
- a proximity, a response that suits the kind, status 70 % open, 10 % opgetreden, 20 %
  gesloten (with `closed_on`), raised in the four years before the bench TODAY.

The risks are recognised by the bench portfolio (code BENCH); `delete_bench_risks`
removes them with plain DELETE statements (no signals, no API deletion records). Remove
them before `bench/generate.py --fresh` or `--delete` on the same database: programmes
and the portfolio protect their risks.
"""

import argparse
import datetime as dt
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate_names import BATCH, PORTFOLIO_CODE, SUBJECTS, TODAY  # noqa: E402

CHUNK = 5000  # risks per bulk_create round
EVENTS = [
    ("Vertraging in de levering van", "de leverancier haalt de afgesproken datum niet"),
    ("Kostenstijging bij", "de aanbesteding valt hoger uit dan geraamd"),
    ("Bezwaar tegen", "omwonenden tekenen bezwaar aan tegen het besluit"),
    ("Uitval van capaciteit voor", "sleutelpersonen vallen uit of vertrekken"),
    ("Wijziging van regelgeving rond", "nieuwe wetgeving stelt andere eisen"),
    ("Onvoldoende draagvlak voor", "de raad stelt het krediet niet beschikbaar"),
    ("Bodemverontreiniging bij", "bij de graafwerkzaamheden blijkt de grond vervuild"),
    ("Koppelingsproblemen met", "de aansluiting op bestaande systemen werkt niet"),
    ("Subsidie voor", "de provincie kent meer subsidie toe dan verwacht"),
    ("Meevaller in", "de marktprijzen dalen tijdens de uitvoering"),
]
EFFECTS = [
    "Uitloop van de planning en extra kosten.",
    "Het budget wordt overschreden.",
    "De kwaliteit van de oplevering staat onder druk.",
    "Imagoschade en vragen uit de raad.",
    "Lagere kosten of eerdere oplevering.",
]
PROBABILITY_WEIGHTS = [20, 30, 25, 15, 10]  # classes 1–5
MONEY_WEIGHTS = [30, 25, 20, 15, 10]
THREAT_RESPONSES = ["vermijden", "verminderen", "overdragen", "delen", "accepteren"]
THREAT_RESPONSES += ["voorbereiden"]
OPPORTUNITY_RESPONSES = ["benutten", "vergroten", "overdragen", "delen", "afwijzen"]
CATEGORIES = ["financieel", "planning", "technisch", "organisatorisch", "juridisch"]
CATEGORIES += ["politiek-bestuurlijk", "leverancier", "omgeving", "veiligheid"]
PROXIMITIES = ["", "direct", "kwartaal", "jaar", "later"]


def bench_risks():
    from risks.models import Risk

    return Risk.objects.filter(portfolio__code=PORTFOLIO_CODE)


def risk_counts() -> dict[str, int]:
    from risks.models import RiskAction

    risks = bench_risks()
    return {
        "risks": risks.count(),
        "actions": RiskAction.objects.filter(risk__in=risks.values("pk")).count(),
    }


def delete_bench_risks() -> dict[str, int]:
    """The bench portfolio's risks and their actions, in set-based DELETEs."""
    from django.db import connection, transaction

    from risks.models import Risk, RiskAction

    ids_sql, params = bench_risks().order_by().values("pk").query.sql_with_params()
    deleted = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for key, model, column in (("actions", RiskAction, "risk_id"), ("risks", Risk, "id")):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({ids_sql})", params)
            deleted[key] = cursor.rowcount
    return deleted


def _classes(rng: random.Random) -> dict:
    """Inherent and residual classes; every side has at least one impact."""
    values = {"inherent_probability": rng.choices(range(1, 6), PROBABILITY_WEIGHTS)[0]}
    values["inherent_money"] = rng.choices(range(1, 6), MONEY_WEIGHTS)[0]
    if rng.random() >= 0.85:
        values["inherent_money"] = None
    values["inherent_time"] = rng.randint(1, 5) if rng.random() < 0.4 else None
    if values["inherent_money"] is None and values["inherent_time"] is None:
        values["inherent_time"] = rng.randint(1, 5)
    values["inherent_quality"] = rng.randint(1, 5) if rng.random() < 0.3 else None
    worse = rng.random() < 0.03  # the responses make it worse: needs a reason
    for dimension in ("probability", "money", "time", "quality"):
        inherent = values[f"inherent_{dimension}"]
        if inherent is None:
            values[f"residual_{dimension}"] = None
        elif worse:
            values[f"residual_{dimension}"] = min(inherent + 1, 5)
        else:
            values[f"residual_{dimension}"] = max(inherent - rng.choice((0, 0, 1, 1, 2)), 1)
    values["residual_reason"] = (
        "De gekozen oplossing brengt nieuwe afhankelijkheden mee." if worse else ""
    )
    return values


def _estimate(rng: random.Random, money_class: int | None, bounds: list) -> dict:
    """The owner's min / most likely / max inside the residual money class, or none."""
    if money_class is None or rng.random() >= 0.25:
        return {}
    edges = [0, *bounds, bounds[-1] * 2]  # class 5 up to twice its bound, as scoring does
    low, high = edges[money_class - 1], edges[money_class]
    first, second = sorted(round(rng.uniform(low, high), -3) for _ in range(2))
    second = max(second, first + 1_000)
    likely = min(max(round(rng.uniform(first, second), -3), first), second)
    return {
        "amount_low": Decimal(first),
        "amount_likely": Decimal(likely),
        "amount_high": Decimal(second),
    }


def draw_risk(rng: random.Random, number: int, pool: dict):
    """One unsaved Risk of the bench register, its derived fields set."""
    from risks.models import Level, Risk
    from risks.services.escalation import level_above
    from risks.services.risks import scores

    where = rng.random()
    project_id = programme_id = None
    owner = rng.choice(pool["leaders"])
    if where < 0.80:
        project_id, programme_id, manager_id = rng.choice(pool["projects"])
        level = Level.PROJECT
        owner = manager_id if rng.random() < 0.7 else owner
    elif where < 0.92:
        programme_id, level = rng.choice(pool["programmes"]), Level.PROGRAMME
    else:
        level = Level.PORTFOLIO
    kind = Risk.Kind.THREAT if rng.random() < 0.85 else Risk.Kind.OPPORTUNITY
    prefix, event = rng.choice(EVENTS[8:] if kind == Risk.Kind.OPPORTUNITY else EVENTS[:8])
    subject = rng.choice(SUBJECTS)
    classes = _classes(rng)
    status = rng.choices(["open", "opgetreden", "gesloten"], [70, 10, 20])[0]
    raised_on = TODAY - dt.timedelta(days=rng.randint(0, 4 * 365))
    risk = Risk(
        portfolio_id=pool["portfolio"].pk,
        programme_id=programme_id,
        project_id=project_id,
        level=level,
        home_level=level,
        kind=kind,
        title=f"{prefix} {subject} ({number})",
        cause=f"Het project rond {subject} hangt af van partijen buiten de gemeente.",
        event=f"{event[0].upper()}{event[1:]}.",
        effect=rng.choice(EFFECTS),
        category=rng.choice(CATEGORIES),
        owner_id=owner,
        actionee_id=rng.choice(pool["leaders"]) if rng.random() < 0.5 else None,
        **classes,
        **_estimate(rng, classes["residual_money"], pool["money_bounds"]),
        proximity=rng.choice(PROXIMITIES),
        response=rng.choice(
            OPPORTUNITY_RESPONSES if kind == Risk.Kind.OPPORTUNITY else THREAT_RESPONSES
        ),
        status=status,
        raised_on=raised_on,
        closed_on=(
            min(raised_on + dt.timedelta(days=rng.randint(30, 700)), TODAY)
            if status == "gesloten"
            else None
        ),
    )
    if level == Level.PROJECT and rng.random() < 0.05:
        risk.level = level_above(risk)
        risk.escalation_reason = "Het gevolg gaat de tolerantie van het project te boven."
    for name, value in scores(risk, pool["policy"]).items():
        setattr(risk, name, value)
    return risk


def make_pool(portfolio) -> dict:
    """What every drawn risk picks from: the bench projects, programmes and leaders."""
    from pmo.models import User
    from portfolio.projects.models import Programme, Project
    from risks.services.risks import policy_for

    policy = policy_for(portfolio)
    return {
        "portfolio": portfolio,
        "policy": policy,
        "money_bounds": [float(bound) for bound in policy.money_bounds],
        "projects": list(
            Project.objects.filter(portfolio=portfolio)
            .order_by("pk")
            .values_list("pk", "programme_id", "manager_id")
        ),
        "programmes": list(
            Programme.objects.filter(portfolio=portfolio)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        "leaders": list(
            User.objects.filter(username__startswith="bench.pl.")
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
    }


def insert_risks(*, risks: int, seed: int = 1, log=print) -> dict:
    """Bulk-insert `risks` risks into the bench portfolio (which `bench/generate.py` must
    have made); returns counts and timings."""
    from django.db import transaction

    from portfolio.projects.models import Portfolio
    from risks.models import Risk

    started = time.perf_counter()
    portfolio = Portfolio.objects.filter(code=PORTFOLIO_CODE).first()
    if portfolio is None:
        raise SystemExit("No bench portfolio: run bench/generate.py first.")
    if bench_risks().exists():
        raise SystemExit("Bench risks exist already; delete them first (--fresh).")
    pool = make_pool(portfolio)
    if not pool["projects"] or not pool["programmes"]:
        raise SystemExit("The bench portfolio has no projects or programmes.")
    rng = random.Random(seed + 14_000)
    created = 0
    with transaction.atomic():
        for chunk_start in range(0, risks, CHUNK):
            drawn = [
                draw_risk(rng, number, pool)
                for number in range(chunk_start + 1, min(chunk_start + CHUNK, risks) + 1)
            ]
            Risk.objects.bulk_create(drawn, batch_size=BATCH)
            created += len(drawn)
            if (chunk_start // CHUNK) % 4 == 3:
                log(f"  {created:,} risks …")
    return {
        "created": {"risks": created},
        "projects": len(pool["projects"]),
        "insert_s": round(time.perf_counter() - started, 2),
    }


def analyze_risks() -> list[str]:
    """VACUUM ANALYZE of the risk table on PostgreSQL (what autovacuum would do shortly
    after, as bench/generate.py does); SQLite is left without ANALYZE."""
    from django.db import connection

    from risks.models import Risk

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(f'VACUUM ANALYZE "{Risk._meta.db_table}"')
    return [Risk._meta.db_table]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--risks", type=int, default=50_000, help="number of risks (50,000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--fresh", action="store_true", help="delete earlier bench risks first")
    parser.add_argument("--delete", action="store_true", help="only delete the bench risks")
    args = parser.parse_args(argv)

    from bench import _django

    _django.setup()
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    if args.delete or args.fresh:
        print(f"deleted: {delete_bench_risks()}")
        if args.delete:
            return
    result = insert_risks(risks=args.risks, seed=args.seed)
    analyzed = analyze_risks()
    print(f"  risks {result['created']['risks']:>8} on {result['projects']} projects")
    print(f"done in {result['insert_s']} s" + (f", analyzed {analyzed}" if analyzed else ""))


if __name__ == "__main__":
    main()
