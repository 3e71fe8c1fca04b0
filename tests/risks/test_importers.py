"""Importing a risk register from Excel: the runner into risks_upsert, all or nothing,
undoable as a whole."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from pmo.actors import Channel
from pmo.imports.models import ImportJob
from pmo.imports.undo import undo_problems
from pmo.models import AuditEntry
from risks.importers import proximity_of
from risks.models import Risk
from tests.pmo.imports.flow import checked, imported, refusals, undone, uploaded
from tests.support.factories import RiskFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "Nr",
    "Project",
    "Risico",
    "Soort",
    "Categorie",
    "Oorzaak",
    "Gebeurtenis",
    "Gevolg",
    "Bruto kans",
    "Bruto impact",
    "Netto kans",
    "Netto impact",
    "Eigenaar",
    "Strategie",
    "Nabijheid",
]


def risk(
    key,
    project,
    title="Bezwaar",
    *,
    kind="bedreiging",
    category="juridisch",
    scores=(3, 3, 2, 2),
    owner=None,
    response="verminderen",
    proximity="binnen een jaar",
):
    return [key, project, title, kind, category, "Omwonenden zijn tegen.",
            "Bezwaar en beroep.", "Vertraging.", *scores, owner, response, proximity]  # fmt: skip


def test_the_register_is_mapped_from_the_labels_it_has(owner, project):
    job = uploaded(owner, "risks", [HEADER, risk("R-1", project.code)])
    assert job.mapping == {
        "external_id": "Nr",
        "project": "Project",
        "title": "Risico",
        "kind": "Soort",
        "category": "Categorie",
        "cause": "Oorzaak",
        "event": "Gebeurtenis",
        "effect": "Gevolg",
        "inherent_probability": "Bruto kans",
        "inherent_money": "Bruto impact",
        "residual_probability": "Netto kans",
        "residual_money": "Netto impact",
        "owner": "Eigenaar",
        "response": "Strategie",
        "proximity": "Nabijheid",
    }


def test_risks_are_raised_and_changed_by_their_number(
    owner, project, django_capture_on_commit_callbacks
):
    existing = RiskFactory(project=project, external_id="R-3", title="Oud", owner=owner)
    job = imported(
        owner,
        "risks",
        [
            HEADER,
            risk("R-1", project.code, owner=owner.username),
            risk("R-2", project.code, "Hogere subsidie", kind="opportunity", category="financial",
                 response="exploit", proximity=dt.date(2027, 1, 15)),
            ["R-3", None, "Nieuwe titel", *[None] * 12],
        ],
        capture=django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert job.state == ImportJob.State.DONE
    assert job.report["counts"] == {"rows": 3, "created": 2, "updated": 1}
    first = Risk.objects.get(external_id="R-1")
    assert (first.category, first.owner, first.proximity) == ("juridisch", owner, "jaar")
    assert (first.inherent_score, first.residual_score) == (9, 4)
    second = Risk.objects.get(external_id="R-2")
    assert (second.kind, second.response, second.proximity) == ("kans", "benutten", "kwartaal")
    existing.refresh_from_db()
    assert existing.title == "Nieuwe titel" and existing.owner == owner  # empty cells kept
    lines = AuditEntry.objects.filter(
        object_repr__in=["Bezwaar", "Hogere subsidie", "Nieuwe titel"]
    )
    assert lines.count() == 3
    assert {line.source for line in lines} == {Channel.IMPORT}


def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_written(
    owner, project, django_capture_on_commit_callbacks
):
    job = checked(
        owner,
        uploaded(
            owner,
            "risks",
            [
                HEADER,
                risk("R-1", project.code, category="onzin"),
                risk("R-2", project.code, scores=("hoog", 3, 2, 2)),
                risk("R-3", project.code, proximity="ooit"),
                risk("R-1", project.code),
            ],
        ),
        capture=django_capture_on_commit_callbacks,
    )
    assert refusals(job) == {
        (2, "Categorie"),
        (3, "Bruto kans (1-5)"),
        (4, "Nabijheid"),
        (5, "Kenmerk"),
    }
    job = checked(
        owner,
        uploaded(
            owner,
            "risks",
            [
                HEADER,
                risk("R-1", project.code, scores=(6, 3, 2, 2)),
                risk("R-2", "P-ONBEKEND"),
                risk("R-3", project.code, owner="niemand"),
                risk("R-4", project.code, response="benutten"),
                risk("R-5", project.code, title=None),
                risk("R-6", project.code),
            ],
        ),
        capture=django_capture_on_commit_callbacks,
    )
    assert refusals(job) == {
        (2, "Bruto kans (1-5)"),
        (3, "Project (code)"),
        (4, "Risico-eigenaar (gebruikersnaam)"),
        (5, "Beheersstrategie"),
        (6, "Risico"),
    }
    assert not Risk.objects.exists()


def test_only_who_keeps_registers_imports_them(board_member, project):
    with pytest.raises(PermissionDenied):
        uploaded(board_member, "risks", [HEADER, risk("R-1", project.code)])


def test_undo_takes_the_import_back_as_a_whole(owner, project, django_capture_on_commit_callbacks):
    existing = RiskFactory(project=project, external_id="R-3", title="Oud")
    job = imported(
        owner,
        "risks",
        [HEADER, risk("R-1", project.code), ["R-3", None, "Nieuw", *[None] * 12]],
        capture=django_capture_on_commit_callbacks,
    )
    assert undo_problems(job) == []
    job = undone(owner, job)
    assert job.state == ImportJob.State.UNDONE
    existing.refresh_from_db()
    assert existing.title == "Oud"
    assert not Risk.objects.filter(external_id="R-1").exists()
    deleted = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, object_repr="Bezwaar")
    assert deleted.source == Channel.IMPORT


def test_nabijheid_follows_from_how_far_ahead_a_date_is():
    today = dt.date(2026, 12, 1)
    assert proximity_of(dt.date(2026, 11, 1), today) == "direct"
    assert proximity_of(dt.date(2026, 12, 20), today) == "direct"
    assert proximity_of(dt.date(2027, 2, 1), today) == "kwartaal"
    assert proximity_of(dt.date(2027, 9, 1), today) == "jaar"
    assert proximity_of(dt.date(2028, 3, 1), today) == "later"
