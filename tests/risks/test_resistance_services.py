"""The weerstandsvermogen's writes: the policy (and the risks' expected values that follow
it), the capacity statement, and the simulation from request to its stored figures,
with the ratio against the newest statement and a failed run kept visibly."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pmo.actors import Actor
from pmo.versioning import StaleError
from risks.models import CapacityStatement, Risk, RiskPolicy, Simulation
from risks.rules import simulation as engine
from risks.services import resistance
from tests.support.factories import OrgUnitFactory, ProjectFactory, RiskFactory

pytestmark = pytest.mark.django_db
GENERAL_RESERVE = [resistance.Component("Algemene reserve", "incidenteel", Decimal("1500000"))]


def _state(analyst, portfolio, components=GENERAL_RESERVE, **kwargs):
    return resistance.capacity_create(
        actor=Actor.screen(analyst),
        portfolio=portfolio,
        as_of=kwargs.pop("as_of", dt.date(2026, 1, 1)),
        components=components,
        **kwargs,
    )


def test_the_analyst_states_the_capacity_with_its_components(analyst, project):
    statement = _state(
        analyst,
        project.portfolio,
        [*GENERAL_RESERVE, resistance.Component("Onvoorzien", "structureel", Decimal("250000"))],
    )
    assert resistance.capacity_total(statement) == Decimal("1750000")
    assert [c.name for c in statement.components.all()] == ["Algemene reserve", "Onvoorzien"]


def test_a_negative_capacity_is_refused_and_nothing_saved(analyst, project):
    negative = [resistance.Component("Algemene reserve", "incidenteel", Decimal("-1"))]
    with pytest.raises(ValidationError) as refused:
        _state(analyst, project.portfolio, negative)
    assert "niet negatief" in str(refused.value)
    assert not CapacityStatement.objects.exists()
    with pytest.raises(ValidationError):
        _state(analyst, project.portfolio, [])


def test_only_the_analyst_states_capacity_or_asks_for_a_run(owner, board_member, project):
    for user in (owner, board_member):
        with pytest.raises(PermissionDenied):
            _state(user, project.portfolio)
        with pytest.raises(PermissionDenied):
            resistance.simulation_request(actor=Actor.screen(user), portfolio=project.portfolio)


def test_correcting_a_statement_refuses_a_stale_version(analyst, project):
    statement = _state(analyst, project.portfolio)
    changed = resistance.capacity_update(
        actor=Actor.screen(analyst),
        statement=statement,
        expected_version=statement.version,
        as_of=dt.date(2026, 2, 1),
        components=[resistance.Component("Algemene reserve", "incidenteel", Decimal("900000"))],
    )
    assert resistance.capacity_total(changed) == Decimal("900000")
    with pytest.raises(StaleError):
        resistance.capacity_update(
            actor=Actor.screen(analyst),
            statement=statement,
            expected_version=statement.version,  # the version before the correction
            as_of=dt.date(2026, 3, 1),
            components=GENERAL_RESERVE,
        )
    assert resistance.capacity_total(CapacityStatement.objects.get()) == Decimal("900000")


def test_redrawn_money_classes_give_the_risks_their_new_expected_value(analyst, project):
    risk = RiskFactory(project=project, residual_probability=2, residual_money=3)
    policy = resistance.policy_save(
        actor=Actor.screen(analyst),
        portfolio=project.portfolio,
        expected_version=None,
        money_bounds=[100_000, 200_000, 400_000, 800_000],
    )
    # Class 3 is now €200k–400k; probability class 2 is 30 %: 0.3 × 300k.
    risk.refresh_from_db()
    assert risk.expected_value == Decimal("90000")
    with pytest.raises(StaleError):
        resistance.policy_save(
            actor=Actor.screen(analyst),
            portfolio=project.portfolio,
            expected_version=policy.version - 1,
            certainty=Decimal("80"),
        )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"certainty": Decimal("100")}, "certainty"),
        ({"probabilities": [10, 30, 30, 70, 90]}, "probabilities"),
        (
            {"class_bounds": [{"class": "A", "lower": 1.0}, {"class": "B", "lower": 0.5}]},
            "class_bounds",
        ),
    ],
)
def test_a_bad_policy_is_refused_on_its_field(analyst, project, fields, field):
    with pytest.raises(ValidationError) as refused:
        resistance.policy_save(
            actor=Actor.screen(analyst),
            portfolio=project.portfolio,
            expected_version=None,
            **fields,
        )
    assert field in refused.value.message_dict
    assert not RiskPolicy.objects.exists()


def _fixed_risks(project, count=3):
    """Threats with a fixed amount each (min = likely = max), so the exact distribution is
    known: each occurs with its class's probability."""
    for amount in [100_000, 200_000, 400_000][:count]:
        value = Decimal(amount)
        RiskFactory(
            project=project,
            residual_probability=3,  # 50 %
            amount_low=value,
            amount_likely=value,
            amount_high=value,
        )


def test_a_run_gives_the_exact_quantiles_of_fixed_amounts_and_the_class(
    analyst, project, django_capture_on_commit_callbacks
):
    _fixed_risks(project)
    RiskFactory(project=project, status=Risk.Status.CLOSED)  # closed: left out
    RiskFactory(project=project, kind=Risk.Kind.OPPORTUNITY)  # an opportunity: left out
    _state(analyst, project.portfolio)
    with django_capture_on_commit_callbacks(execute=True):
        run = resistance.simulation_request(
            actor=Actor.screen(analyst), portfolio=project.portfolio, seed=7, iterations=20_000
        )
    run.refresh_from_db()
    assert run.state == Simulation.State.DONE
    assert run.risk_count == 3
    # Totals are sums of a subset of {100k, 200k, 400k}, each subset with chance 1/8:
    # P(T ≤ 500k) = 6/8, P(T ≤ 600k) = 7/8 = 87.5 %: the 90 % quantile is 700k, far
    # enough from either edge that 20,000 iterations cannot miss it.
    assert run.required == Decimal("700000")
    assert run.available == Decimal("1500000")
    assert run.ratio == Decimal("2.1")
    assert run.rating == "A"
    amounts = {row["certainty"]: row["amount"] for row in run.results["required"]}
    assert amounts == {0.7: 500_000, 0.8: 600_000, 0.9: 700_000, 0.95: 700_000}
    assert run.results["expected_mean"] == 350_000  # Σ p · amount, the closed form
    assert [row["title"] for row in run.results["top"]][0].startswith("Vertraging")
    assert run.results["top"][0]["risk"] == Risk.objects.get(amount_high=400_000).pk


def test_the_same_seed_gives_the_same_figures(analyst, project):
    _fixed_risks(project)
    RiskFactory(project=project, residual_probability=4, residual_money=4)  # a class range
    results = []
    for _ in range(2):
        run = resistance.simulation_request(
            actor=Actor.screen(analyst), portfolio=project.portfolio, seed=11, iterations=5_000
        )
        results.append(resistance.simulation_run(simulation_id=run.pk).results)
    assert results[0] == results[1]


def test_an_org_unit_takes_the_risks_of_its_projects_and_its_own_statement(analyst, project):
    elsewhere = ProjectFactory(portfolio=project.portfolio, org_unit=OrgUnitFactory())
    _fixed_risks(project, count=1)
    _fixed_risks(elsewhere, count=3)
    _state(analyst, project.portfolio, org_unit=project.org_unit)
    run = resistance.simulation_request(
        actor=Actor.screen(analyst),
        portfolio=project.portfolio,
        org_unit=project.org_unit,
        seed=3,
        iterations=2_000,
    )
    run = resistance.simulation_run(simulation_id=run.pk)
    assert run.risk_count == 1
    assert run.required == Decimal("100000")
    assert run.rating == "A"


def test_without_a_statement_there_is_no_ratio_and_a_finished_run_is_left_alone(analyst, project):
    _fixed_risks(project, count=1)
    run = resistance.simulation_request(
        actor=Actor.screen(analyst), portfolio=project.portfolio, seed=5, iterations=1_000
    )
    run = resistance.simulation_run(simulation_id=run.pk)
    assert (run.available, run.ratio, run.rating) == (None, None, "")
    _state(analyst, project.portfolio)
    assert resistance.simulation_run(simulation_id=run.pk).available is None  # idempotent


def test_a_run_that_cannot_be_computed_fails_visibly(analyst, project, monkeypatch):
    _fixed_risks(project, count=1)

    def broken(*args, **kwargs):
        raise engine.InvalidInput([engine.Problem("certainty", engine.CERTAINTY_OUTSIDE_0_1)])

    monkeypatch.setattr(engine, "simulate", broken)
    run = resistance.simulation_request(
        actor=Actor.screen(analyst), portfolio=project.portfolio, seed=5
    )
    run = resistance.simulation_run(simulation_id=run.pk)
    assert run.state == Simulation.State.FAILED
    assert "zekerheid" in run.error


@pytest.mark.parametrize(("iterations", "seed"), [(0, None), (10**8, None), (1000, -1)])
def test_bad_run_settings_are_refused(analyst, project, iterations, seed):
    with pytest.raises(ValidationError):
        resistance.simulation_request(
            actor=Actor.screen(analyst),
            portfolio=project.portfolio,
            iterations=iterations,
            seed=seed,
        )
    assert not Simulation.objects.exists()
