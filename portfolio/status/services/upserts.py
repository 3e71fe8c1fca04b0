"""Bulk upsert of reports for syncing: keyed by project (its external_id) and period."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pmo.actors import Actor
from pmo.bulk import RowOutcome, UpsertResult, per_row

from ...projects.models import Project
from ..models import DIMENSION_KEYS, REPORT_FIELDS, StatusReport
from ..rules.validation import EXPLANATION_PARTS, explanation_field
from ..selectors import report_values
from .reports import report_save


def values_from_body(data: dict[str, Any]) -> dict[str, Any]:
    """A report as a sync sends it (explanations nested per dimension) as the values the
    services take (one field per dimension and part)."""
    values = {name: data[name] for name in REPORT_FIELDS if name in data}
    for dimension in DIMENSION_KEYS:
        given = (data.get("explanations") or {}).get(dimension) or {}
        for part in EXPLANATION_PARTS:
            values[explanation_field(dimension, part)] = given.get(part, "")
    return values


def _differs(report: StatusReport, values: dict[str, Any]) -> bool:
    current = report_values(report)

    def same(value):  # an empty text and no text are the same
        return "" if value is None else value

    return any(same(current.get(name)) != same(value) for name, value in values.items())


@transaction.atomic
def reports_upsert(*, actor: Actor, rows: list[dict[str, Any]]) -> UpsertResult:
    """Reports keyed by project (its external_id) and period: a new one is made, a
    draft changed, and with `submit` submitted, as on the page. A submitted report that
    the row repeats is left alone; one it would change is refused (amend it instead).

    A caller that found the project itself (an imported sheet names it by code, and a
    project need not have an external_id) gives the project's pk (an int) instead."""
    from ...projects.selectors import projects_with_budget

    keys = {row["project"] for row in rows}
    ids = {key for key in keys if isinstance(key, int)}
    found = projects_with_budget().visible_to(actor.user)
    projects = {p.external_id: p for p in found.filter(external_id__in=keys - ids)}
    if ids:
        projects |= {p.pk: p for p in found.filter(pk__in=ids)}

    def write(index: int, row: dict) -> RowOutcome:
        key = row["project"]
        project = projects.get(key)
        if project is None:
            raise ValidationError({"project": [_("Onbekend project: %(key)s.") % {"key": key}]})
        if not Project.objects.editable_by(actor.user).filter(pk=project.pk).exists():
            raise ValidationError({"project": [_("U mag dit project niet wijzigen.")]})
        period, values = row["period"], values_from_body(row)
        report = (
            StatusReport.objects.filter(project=project, period=period)
            .order_by("-revision")
            .first()
        )
        name = (project.external_id or project.code) if key in ids else key
        outcome = f"{name}/{period:%Y-%m}"
        if report is None:
            made = report_save(
                actor=actor, project=project, period=period, values=values, submit=row["submit"]
            )
            return RowOutcome(index, outcome, made.pk, "created")
        report.project = project
        if report.state != StatusReport.State.DRAFT:
            if _differs(report, values):
                raise ValidationError(_("Een ingediende rapportage wijzigt u via een herziening."))
            return RowOutcome(index, outcome, report.pk, "unchanged")
        if not _differs(report, values) and not row["submit"]:
            return RowOutcome(index, outcome, report.pk, "unchanged")
        saved = report_save(
            actor=actor,
            project=project,
            period=period,
            values={**report_values(report), **values},
            submit=row["submit"],
            report=report,
            expected_version=row.get("version") or report.version,
        )
        return RowOutcome(index, outcome, saved.pk, "updated")

    return per_row(rows, write)
