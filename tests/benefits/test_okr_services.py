"""OKR services: made by the PMO-analist, changed by the analyst and the owner; every key
result change refreshes the OKR's progress and confidence and moves its version, so a
stale write is refused naming who changed what; bad input changes nothing."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from benefits import services
from benefits.models import KeyResult, Okr
from pmo.actors import Actor
from pmo.audit import audit_entries_for
from pmo.versioning import StaleError
from tests.support.factories import (
    BenefitFactory,
    ContributionFactory,
    KeyResultFactory,
    OkrFactory,
    PortfolioFactory,
    ProjectFactory,
)
from tests.support.roles import EVERYONE

pytestmark = pytest.mark.django_db
WAIT = {"title": "Wachttijd balie", "unit": "minuten", "start_value": D(25),
        "target_value": D(10), "current_value": D(16), "confidence": 6}  # fmt: skip


@pytest.fixture
def okr(project, owner):
    """Owned by the projectleider of the project it is linked to."""
    return OkrFactory(owner=owner, portfolio=project.portfolio, projects=[project])


def screen(user):
    return Actor.screen(user)


def test_the_analyst_makes_an_okr_linked_to_projects_and_benefits(analyst, owner, project):
    benefit = BenefitFactory(portfolio=project.portfolio)
    ContributionFactory(benefit=benefit, project=project)
    okr = services.okr_create(
        actor=screen(analyst),
        projects=[project],
        benefits=[benefit],
        title="Dienstverlening sneller",
        portfolio=project.portfolio,
        owner=owner,
        period_start=dt.date(2027, 1, 1),
        period_end=dt.date(2027, 3, 31),
    )
    assert list(okr.projects.all()) == [project] and list(okr.benefits.all()) == [benefit]
    entry = audit_entries_for(okr).get()
    assert entry.source == "ui" and entry.changes["projecten"] == ["", project.code]
    assert okr.progress is None and okr.confidence is None
    with pytest.raises(PermissionDenied):  # a projectleider does not make OKR's
        services.okr_create(
            actor=screen(owner),
            title="x",
            portfolio=project.portfolio,
            period_start=dt.date(2027, 1, 1),
            period_end=dt.date(2027, 3, 31),
        )


def test_key_results_keep_the_okrs_progress_confidence_and_version(okr, owner):
    first = services.key_result_add(actor=screen(owner), okr=okr, expected_version=1, **WAIT)
    okr.refresh_from_db()
    assert (okr.progress, okr.confidence, okr.version) == (D("60.0"), D("6.0"), 2)
    services.key_result_add(
        actor=screen(owner), okr=okr, expected_version=2,
        **{**WAIT, "title": "Digitaal", "start_value": D(40), "target_value": D(80),
           "current_value": D(48), "confidence": 2},
    )  # fmt: skip
    okr.refresh_from_db()
    assert (okr.progress, okr.confidence, okr.version) == (D("40.0"), D("4.0"), 3)
    services.key_result_update(
        actor=screen(owner), key_result=first, expected_version=1, current_value=D(10)
    )
    okr.refresh_from_db()
    assert (okr.progress, okr.version) == (D("60.0"), 4)
    first.refresh_from_db()
    services.key_result_remove(actor=screen(owner), key_result=first, expected_version=2)
    okr.refresh_from_db()
    assert (okr.progress, okr.confidence, okr.version) == (D("20.0"), D("2.0"), 5)
    assert KeyResult.objects.count() == 1
    lines = audit_entries_for(okr).order_by("pk")
    assert "kernresultaat ‘Wachttijd balie’" in lines.last().changes


def test_a_stale_write_is_refused_naming_who_changed_what(okr, owner, analyst):
    services.key_result_add(actor=screen(analyst), okr=okr, expected_version=1, **WAIT)
    with pytest.raises(StaleError) as refused:
        services.okr_update(actor=screen(owner), okr=okr, expected_version=1, title="Ander doel")
    assert str(analyst) in str(refused.value) and "Wachttijd balie" in str(refused.value)
    assert Okr.objects.get(pk=okr.pk).title != "Ander doel"
    with pytest.raises(StaleError):  # a key result form of the old version too
        services.key_result_add(actor=screen(owner), okr=okr, expected_version=1, **WAIT)
    assert KeyResult.objects.count() == 1


def test_a_stale_key_result_change_is_refused(okr, owner, analyst):
    key_result = KeyResultFactory(okr=okr)
    services.key_result_update(
        actor=screen(analyst), key_result=key_result, expected_version=1, confidence=3
    )
    with pytest.raises(StaleError):
        services.key_result_update(
            actor=screen(owner), key_result=key_result, expected_version=1, current_value=D(12)
        )
    with pytest.raises(StaleError):
        services.key_result_remove(actor=screen(owner), key_result=key_result, expected_version=1)
    assert KeyResult.objects.get().current_value == 16


def test_who_may_change_an_okr_and_its_key_results(request, okr):
    """The owner and the PMO-analist; the colleague who sees the project, the board, the
    beheerder and anyone else are refused, and nothing is written."""
    allowed = {}
    for name in EVERYONE:
        user = request.getfixturevalue(name)
        current = Okr.objects.get(pk=okr.pk)
        try:
            services.key_result_add(
                actor=screen(user), okr=current, expected_version=current.version, **WAIT
            )
            allowed[name] = True
        except PermissionDenied:
            allowed[name] = False
    assert allowed == {name: name in ("owner", "analyst") for name in EVERYONE}
    assert KeyResult.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"target_value": D(25)}, "target_value"),  # target == start: progress undefined
        ({"confidence": 11}, "confidence"),
        ({"confidence": 0}, "confidence"),
    ],
)
def test_bad_key_results_are_field_errors_and_nothing_is_saved(okr, owner, change, field):
    with pytest.raises(ValidationError) as refused:
        services.key_result_add(
            actor=screen(owner), okr=okr, expected_version=1, **{**WAIT, **change}
        )
    assert field in refused.value.message_dict
    assert not KeyResult.objects.exists()
    assert Okr.objects.get(pk=okr.pk).version == 1


def test_target_equal_to_start_names_why(okr, owner):
    with pytest.raises(ValidationError) as refused:
        services.key_result_add(
            actor=screen(owner), okr=okr, expected_version=1, **{**WAIT, "target_value": D(25)}
        )
    assert "gelijk aan de startwaarde" in refused.value.message_dict["target_value"][0]


def test_a_period_ending_before_it_starts_is_refused(okr, owner):
    with pytest.raises(ValidationError) as refused:
        services.okr_update(
            actor=screen(owner), okr=okr, expected_version=1, period_end=dt.date(2026, 9, 1)
        )
    assert refused.value.message_dict["period_end"] == ["De periode eindigt niet vóór ze begint."]
    assert Okr.objects.get(pk=okr.pk).period_end == dt.date(2026, 12, 31)


def test_links_go_only_to_visible_projects_of_the_portfolio_and_hidden_ones_stay(
    okr, owner, analyst, project, other_department
):
    elsewhere = ProjectFactory(org_unit=other_department, portfolio=project.portfolio)
    with pytest.raises(ValidationError) as refused:  # the owner does not see it
        services.okr_update(actor=screen(owner), okr=okr, expected_version=1, projects=[elsewhere])
    assert refused.value.message_dict["projects"] == ["Onbekend project."]
    other_portfolio = ProjectFactory(
        org_unit=project.org_unit, portfolio=PortfolioFactory(code="ANDER", name="Ander")
    )
    with pytest.raises(ValidationError) as refused:
        services.okr_update(
            actor=screen(analyst), okr=okr, expected_version=1, projects=[other_portfolio]
        )
    assert "portfolio" in refused.value.message_dict["projects"][0]
    services.okr_update(
        actor=screen(analyst), okr=okr, expected_version=1, projects=[project, elsewhere]
    )
    # The owner's form lists only what they see; the link they cannot see is kept.
    services.okr_update(actor=screen(owner), okr=okr, expected_version=2, projects=[project])
    assert set(okr.projects.all()) == {project, elsewhere}


def test_the_owner_sees_the_okr_and_an_outsider_does_not(okr, owner, colleague, outsider):
    assert Okr.objects.visible_to(colleague).filter(pk=okr.pk).exists()  # sees the project
    assert not Okr.objects.visible_to(outsider).exists()
    assert not Okr.objects.editable_by(colleague).exists()
    assert Okr.objects.editable_by(owner).get() == okr


def test_a_move_to_another_portfolio_leaves_no_links_behind(okr, analyst, project):
    other = PortfolioFactory(code="ANDER", name="Ander")
    with pytest.raises(ValidationError) as refused:
        services.okr_update(actor=screen(analyst), okr=okr, expected_version=1, portfolio=other)
    assert "portfolio" in refused.value.message_dict
    moved = services.okr_update(
        actor=screen(analyst), okr=okr, expected_version=1, portfolio=other, projects=[]
    )
    assert moved.portfolio == other and not moved.projects.exists()
