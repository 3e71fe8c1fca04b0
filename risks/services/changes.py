"""An approved request for change applied to its project's baseline
(risks/rules/changes.py says what changes). Done the way a gate decision writes the
baseline, since the board's decision is the right to change it: the project locked,
bumped with its version and audited with the decision as the reason, in the decision's
transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from pmo.actors import Actor
from pmo.audit import audit_record
from pmo.models import AuditEntry
from pmo.versioning import bump
from portfolio.projects.models import Project
from portfolio.projects.services import budget_replace

from ..models import Issue
from ..rules import changes as rules
from ..selectors.issues import baseline_preview


def problem_messages(change: rules.BaselineChange) -> dict[str, list[str]]:
    """The change's problems in the user's words, by the issue's field."""
    texts = {
        rules.END_BEFORE_START: _("Het gevraagde einde ligt vóór de geplande start."),
        rules.BUDGET_BELOW_ZERO: _(
            "Het budget van %(year)s zou dan negatief worden (€ %(amount)s)."
        )
        % {
            "year": change.year,
            "amount": number_format(change.budget_after or 0, 2, force_grouping=True),
        },
    }
    return {name: [texts[code]] for name, code in change.problems.items()}


def baseline_apply(*, actor: Actor, issue: Issue, today: dt.date) -> dict:
    """Apply the approved `issue` to its project; returns the audited changes ({} when it
    asks for none). Refused with the issue's field errors when impossible. Callers hold
    the transaction."""
    if issue.project_id is None:
        return {}
    project = Project.objects.select_for_update().get(pk=issue.project_id)
    change = baseline_preview(issue, project, year=today.year)
    if change.problems:
        raise ValidationError(problem_messages(change))
    if not change.changes_anything:
        return {}
    changes: dict = {}
    dates = {}
    if change.changes_end:
        dates["planned_end"] = change.end_after
        changes["planned_end"] = [str(change.end_before or ""), str(change.end_after)]
    if change.changes_budget:
        changes.update(budget_replace(project, {change.year: change.budget_after}))
    bump(project, expected_version=project.version, updated_at=timezone.now(), **dates)
    changes[_("reden")] = [
        "",
        _("besluit portfolioraad over wijzigingsverzoek %(title)s") % {"title": issue.title},
    ]
    audit_record(actor=actor, instance=project, action=AuditEntry.Action.UPDATE, changes=changes)
    return changes
