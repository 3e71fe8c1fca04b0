"""risks_upsert: a register's rows at once through risk_create / risk_update, keyed by
external_id, all or nothing with every refusal named by row and field."""

import datetime as dt

import pytest

from pmo.actors import Actor, Channel
from pmo.audit import audit_entries_for
from pmo.bulk import RowErrors
from risks.models import Risk
from risks.services import risks_upsert
from tests.support.factories import ProjectFactory, RiskFactory

pytestmark = pytest.mark.django_db


def threat(project, key="R-1", **change):
    return {
        "external_id": key,
        "project": project.code,
        "title": "Bezwaar tegen de vergunning",
        "cause": "Omwonenden zijn tegen de kap van bomen.",
        "event": "Bezwaar en beroep.",
        "effect": "De uitvoering schuift op.",
        "category": Risk.Category.LEGAL,
        "inherent_probability": 4,
        "inherent_money": 3,
        "residual_probability": 2,
        "residual_money": 3,
        **change,
    }


def test_new_risks_are_raised_with_their_scores_and_owner(owner, project):
    result = risks_upsert(
        actor=Actor.importer(owner),
        rows=[threat(project, owner=owner.username), threat(project, key=None, title="Tweede")],
    )
    assert [row.result for row in result.rows] == ["created", "created"]
    risk = Risk.objects.get(external_id="R-1")
    assert (risk.project, risk.owner, risk.level) == (project, owner, "project")
    assert (risk.inherent_score, risk.residual_score) == (12, 6)
    assert risk.raised_on == dt.date.today()
    assert audit_entries_for(risk).get().source == Channel.IMPORT
    assert Risk.objects.get(title="Tweede").external_id is None


def test_a_known_key_changes_its_risk_and_the_same_rows_again_change_nothing(owner, project):
    risk = RiskFactory(project=project, external_id="R-1", title="Oud")
    result = risks_upsert(
        actor=Actor.importer(owner), rows=[{"external_id": "R-1", "title": "Nieuw"}]
    )
    assert result.rows[0].result == "updated"
    risk.refresh_from_db()
    assert (risk.title, risk.version) == ("Nieuw", 2)
    assert risk.cause == "De omgevingsvergunning is nog niet verleend."  # left as it was
    again = risks_upsert(
        actor=Actor.importer(owner), rows=[{"external_id": "R-1", "title": "Nieuw"}]
    )
    assert again.rows[0].result == "unchanged"
    risk.refresh_from_db()
    assert risk.version == 2


def test_every_refused_row_is_named_and_nothing_is_written(owner, project, department):
    elsewhere = ProjectFactory(manager=owner, org_unit=department)
    RiskFactory(project=elsewhere, external_id="R-9", title="Elders")
    RiskFactory(project=project, external_id="R-10", title="Bestaand")
    rows = [
        threat(project),
        {**threat(project, key="R-2"), "project": "P-ONBEKEND"},
        threat(project, key="R-3", owner="niemand"),
        threat(project, key="R-4", inherent_probability=6),
        threat(project, key="R-5", response="benutten"),
        {**threat(project, key="R-6"), "project": None},
        threat(project, key="R-9"),  # the key of another project's risk
        threat(project, key="R-1"),
        {"external_id": "R-10", "version": 7, "title": "Verouderd"},
    ]
    with pytest.raises(RowErrors) as refused:
        risks_upsert(actor=Actor.importer(owner), rows=rows)
    errors = refused.value.errors
    assert {index: sorted(fields) for index, fields in errors.items()} == {
        1: ["project"],
        2: ["owner"],
        3: ["inherent_probability"],
        4: ["response"],
        5: ["project"],
        6: ["project"],
        7: ["external_id"],
        8: ["version"],
    }
    assert elsewhere.code in errors[6]["project"][0]
    assert sorted(Risk.objects.values_list("external_id", "title")) == [
        ("R-10", "Bestaand"),
        ("R-9", "Elders"),
    ]


def test_who_may_not_change_the_project_raises_no_risk_on_it(colleague, outsider, project):
    for user, message in ((colleague, "geen risico"), (outsider, "Onbekend project")):
        with pytest.raises(RowErrors) as refused:
            risks_upsert(actor=Actor.importer(user), rows=[threat(project)])
        assert message in refused.value.errors[0]["project"][0]
    RiskFactory(project=project, external_id="R-7")
    with pytest.raises(RowErrors) as refused:
        risks_upsert(actor=Actor.importer(colleague), rows=[{"external_id": "R-7", "title": "X"}])
    assert "niet wijzigen" in refused.value.errors[0]["external_id"][0]
    assert not Risk.objects.exclude(external_id="R-7").exists()
