"""Benefit services: DOAM before vaststellen, attribution within 100 %, the owner's
measurements and the progress they keep on the profile, audited and versioned."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from benefits import services
from benefits.models import Benefit, Contribution, Measurement
from pmo.actors import Actor
from pmo.audit import audit_entries_for
from pmo.bulk import RowErrors
from pmo.versioning import StaleError
from tests.support.factories import BenefitFactory, ContributionFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def benefit(project, analyst):
    benefit = BenefitFactory(owner=analyst.__class__.objects.create(username="eigenaar"))
    ContributionFactory(benefit=benefit, project=project, share=D(60))
    return benefit


def screen(user):
    return Actor.screen(user)


def test_a_projectleider_creates_a_profile_for_their_own_project_only(owner, project, colleague):
    benefit = services.benefit_create(
        actor=screen(owner),
        project=project,
        share=D(80),
        name="Minder storingen verkeerslichten",
        category=Benefit.Category.NON_FINANCIAL,
        portfolio=project.portfolio,
    )
    assert benefit.contributions.get().share == 80
    assert audit_entries_for(benefit).get().source == "ui"
    with pytest.raises(PermissionDenied):
        services.benefit_create(
            actor=screen(colleague), project=project, name="x", portfolio=project.portfolio
        )


def test_vaststellen_needs_doam_and_names_every_missing_letter(benefit, analyst):
    benefit.data_source = ""
    benefit.save()
    with pytest.raises(ValidationError) as refused:
        services.benefit_update(
            actor=screen(analyst), benefit=benefit, expected_version=1, approved=True
        )
    lines = refused.value.message_dict["approved"]
    assert any(line.startswith("O: ") for line in lines)
    assert not Benefit.objects.get(pk=benefit.pk).is_approved
    done = services.benefit_update(
        actor=screen(analyst),
        benefit=benefit,
        expected_version=1,
        approved=True,
        data_source="Zaaksysteem Squit",
    )
    assert done.is_approved and done.version == 2 and done.approved_by == analyst
    # A vastgesteld profile cannot lose what made it DOAM-complete.
    with pytest.raises(ValidationError):
        services.benefit_update(actor=screen(analyst), benefit=done, expected_version=2, unit="")


def test_a_stale_profile_edit_is_refused(benefit, analyst):
    services.benefit_update(actor=screen(analyst), benefit=benefit, expected_version=1, unit="d")
    with pytest.raises(StaleError):
        services.benefit_update(
            actor=screen(analyst), benefit=benefit, expected_version=1, unit="dag"
        )


def test_target_equal_to_baseline_is_a_field_error(benefit, analyst):
    with pytest.raises(ValidationError) as refused:
        services.benefit_update(
            actor=screen(analyst), benefit=benefit, expected_version=1, target_value=D(56)
        )
    assert "target_value" in refused.value.message_dict
    assert Benefit.objects.get(pk=benefit.pk).target_value == 35


def test_attribution_above_100_is_refused_and_nothing_saved(benefit, analyst, department):
    other = ProjectFactory(org_unit=department)
    with pytest.raises(ValidationError) as refused:
        services.contribution_set(
            actor=screen(analyst), benefit=benefit, project=other, share=D(41)
        )
    assert "101" in refused.value.message_dict["share"][0]
    assert not Contribution.objects.filter(project=other).exists()
    services.contribution_set(actor=screen(analyst), benefit=benefit, project=other, share=D(40))
    assert sum(c.share for c in benefit.contributions.all()) == 100


def test_only_the_owner_records_a_measurement(benefit, analyst):
    with pytest.raises(PermissionDenied):
        services.measurement_record(
            actor=screen(analyst), benefit=benefit, measured_on=dt.date(2026, 6, 30), value=D(50)
        )
    assert not Measurement.objects.exists()


def test_a_measurement_before_the_baseline_or_twice_a_day_is_refused(benefit):
    owner = screen(benefit.owner)
    with pytest.raises(ValidationError) as refused:
        services.measurement_record(
            actor=owner, benefit=benefit, measured_on=dt.date(2025, 12, 31), value=D(50)
        )
    assert "measured_on" in refused.value.message_dict
    services.measurement_record(
        actor=owner, benefit=benefit, measured_on=dt.date(2026, 6, 30), value=D(50)
    )
    with pytest.raises(ValidationError):
        services.measurement_record(
            actor=owner, benefit=benefit, measured_on=dt.date(2026, 6, 30), value=D(49)
        )
    assert Measurement.objects.count() == 1


def test_a_measurement_keeps_the_progress_on_the_profile(benefit):
    """56 → 35 days; 45.5 days is half way. The plan expects ~24 % by the end of June
    2026, so half way is on track; a year on at the same value is behind."""
    services.measurement_record(
        actor=screen(benefit.owner),
        benefit=benefit,
        measured_on=dt.date(2026, 6, 30),
        value=D("45.5"),
    )
    benefit.refresh_from_db()
    assert (benefit.realisation, benefit.track) == (D("50.0"), "op-koers")
    assert benefit.last_measured_on == dt.date(2026, 6, 30)
    assert benefit.due_on == dt.date(2026, 9, 30)  # quarterly
    services.measurement_record(
        actor=screen(benefit.owner),
        benefit=benefit,
        measured_on=dt.date(2026, 11, 30),
        value=D("52"),
    )
    benefit.refresh_from_db()
    assert benefit.track == "achter" and benefit.realisation == D("19.0")


def test_bulk_measurements_twice_change_nothing_and_a_strangers_row_refuses_all(benefit, analyst):
    benefit.external_id = "BAAT-1"
    benefit.save()
    rows = [
        {"external_id": "M-1", "benefit": "BAAT-1", "measured_on": dt.date(2026, 3, 31),
         "value": D(52)},
        {"external_id": "M-2", "benefit": "BAAT-1", "measured_on": dt.date(2026, 6, 30),
         "value": D(48)},
    ]  # fmt: skip
    owner = screen(benefit.owner)
    assert services.measurements_upsert(actor=owner, rows=rows).count("created") == 2
    assert services.measurements_upsert(actor=owner, rows=rows).count("unchanged") == 2
    benefit.refresh_from_db()
    assert benefit.last_value == 48
    with pytest.raises(RowErrors) as refused:
        services.measurements_upsert(actor=screen(analyst), rows=[{**rows[0], "value": D(1)}])
    assert "benefit" in refused.value.errors[0]
    assert Measurement.objects.get(external_id="M-1").value == 52
