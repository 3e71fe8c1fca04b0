"""Every list's sample template, downloaded and uploaded unchanged, checks without a
single refusal against the Lindenhoven data it names; `import_samples` writes them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from pmo.actors import Actor
from pmo.imports.models import ImportJob
from pmo.imports.runner import import_upload
from pmo.imports.samples import sample_name, sample_workbook, with_samples
from pmo.roles import Role
from tests.pmo.imports.flow import checked
from tests.support.factories import (
    OrgUnitFactory,
    PortfolioFactory,
    ProjectBudgetFactory,
    ProjectFactory,
    TeamFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lindenhoven(db):
    """The part of the demo municipality the samples name."""
    portfolio = PortfolioFactory(code="LH", name="Gemeente Lindenhoven")
    units = {}
    for domain, department in (("SB", "SB-WE"), ("RU", "RU-RO"), ("RU", "RU-MI"), ("SD", "SD-WI")):
        parent = units.get(domain) or OrgUnitFactory(code=domain, kind="domein")
        units[domain] = parent
        units[department] = OrgUnitFactory(code=department, parent=parent)
    smit = user_with_role(Role.PROJECTLEIDER, username="pl.smit", org_unit=units["SB-WE"])
    meijer = user_with_role(Role.PROJECTLEIDER, username="pl.meijer", org_unit=units["RU-MI"])
    for code, unit, manager, end, budget in (
        ("SB-2025-031", "SB-WE", smit, dt.date(2027, 9, 30), "2000000"),
        ("RU-2024-027", "RU-MI", meijer, dt.date(2027, 12, 31), "2400000"),
    ):
        project = ProjectFactory(
            code=code,
            external_id=f"FIN-{code}",
            portfolio=portfolio,
            org_unit=units[unit],
            manager=manager,
            planned_end=end,
        )
        ProjectBudgetFactory(project=project, amount=Decimal(budget))
    TeamFactory(code="TEAM-CIV", org_unit=units["SB-WE"])
    TeamFactory(code="TEAM-COM", org_unit=units["SD-WI"])


def test_every_sample_checks_without_refusals(
    analyst, lindenhoven, django_capture_on_commit_callbacks
):
    importers = with_samples()
    assert {"projects", "status-reports", "risks", "demand"} <= {i.key for i in importers}
    for importer in importers:
        job = import_upload(
            actor=Actor.screen(analyst),
            kind=importer.key,
            filename=sample_name(importer),
            content=sample_workbook(importer),
        )
        assert set(job.mapping) == {c.key for c in importer.columns}, importer.key
        job = checked(analyst, job, capture=django_capture_on_commit_callbacks)
        assert job.state == ImportJob.State.CHECKED, importer.key
        assert job.report["errors"] == [], importer.key
        assert job.report["counts"]["rows"] == 2, importer.key


def test_import_samples_writes_a_template_per_list(tmp_path):
    call_command("import_samples", str(tmp_path))
    names = {path.name for path in tmp_path.iterdir()}
    assert {
        "projecten.xlsx",
        "statusrapportages.xlsx",
        "risicos.xlsx",
        "capaciteitsvraag.xlsx",
    } <= names
    sheet = load_workbook(tmp_path / "capaciteitsvraag.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Project (code of extern kenmerk)",
        "Team (code)",
        "Maand",
        "Uren",
        "Kenmerk",
    )
    assert rows[1][:4] == ("SB-2025-031", "TEAM-CIV", "2027-03", 120)
