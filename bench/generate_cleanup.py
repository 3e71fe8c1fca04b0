"""Finding and removing earlier bench data, and nothing else (bench/generate.py)."""

from bench.generate_names import DOMAINS, PORTFOLIO_CODE, USER_PREFIX


def bench_data_exists() -> bool:
    from django.db.models import Q

    from pmo.models import User
    from portfolio.projects.models import OrgUnit, Portfolio

    return (
        Portfolio.objects.filter(code=PORTFOLIO_CODE).exists()
        or User.objects.filter(username__startswith=USER_PREFIX).exists()
        or OrgUnit.objects.filter(Q(code__in=[code for code, _name in DOMAINS])).exists()
    )


def delete_bench_data() -> dict[str, int]:
    """Remove everything an earlier run generated (and nothing else)."""
    from django.db import transaction

    from pmo.models import User
    from portfolio.projects.models import (
        Milestone,
        OrgUnit,
        Portfolio,
        Programme,
        Project,
        ProjectBudget,
    )

    domain_codes = [code for code, _name in DOMAINS]
    deleted = {}
    with transaction.atomic():
        projects = Project.objects.filter(portfolio__code=PORTFOLIO_CODE)
        # Reports before projects (the FK cascades anyway, but the collector would load
        # every report first; at 10,000 projects × 12 months that is 120,000 objects).
        deleted.update(_delete_reports(projects))
        deleted["milestones"] = Milestone.objects.filter(project__in=projects).delete()[0]
        deleted["budgets"] = ProjectBudget.objects.filter(project__in=projects).delete()[0]
        deleted["projects"] = projects.delete()[1].get(Project._meta.label, 0)
        deleted["programmes"] = Programme.objects.filter(portfolio__code=PORTFOLIO_CODE).delete()[0]
        Portfolio.objects.filter(code=PORTFOLIO_CODE).delete()
        # Audit entries written by bench users (the report benchmark saves through the UI).
        from pmo.models import AuditEntry

        deleted["audit_entries"] = AuditEntry.objects.filter(
            actor__username__startswith=USER_PREFIX
        ).delete()[0]
        deleted["users"] = (
            User.objects.filter(username__startswith=USER_PREFIX)
            .delete()[1]
            .get(User._meta.label, 0)
        )
        units = list(
            OrgUnit.objects.filter(code__regex=r"^(" + "|".join(domain_codes) + r")(-|$)").only(
                "pk", "path"
            )
        )
        # PROTECT on parent: delete the deepest units first.
        deleted["org_units"] = 0
        for unit in sorted(units, key=lambda u: u.path.count("/"), reverse=True):
            deleted["org_units"] += OrgUnit.objects.filter(pk=unit.pk).delete()[0]
    return deleted


def _delete_reports(projects) -> dict[str, int]:
    """Status reports of `projects` and what hangs on them, in a few set-based statements."""
    from django.db import connection

    from portfolio.governance.models import AgendaItem
    from portfolio.status.models import ReportReminder, StatusReport

    deleted = {
        "agenda_items": AgendaItem.objects.filter(project__in=projects).delete()[0],
        "reminders": ReportReminder.objects.filter(project__in=projects).delete()[0],
    }
    reports = StatusReport.objects.filter(project__in=projects.values("pk")).order_by()
    reports.filter(supersedes__isnull=False).update(supersedes=None)  # PROTECT between revisions
    # One DELETE … WHERE project_id IN (…): nothing else references these rows any more.
    sql, params = reports.values("pk").query.sql_with_params()
    table = connection.ops.quote_name(StatusReport._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({sql})", params)
        deleted["reports"] = cursor.rowcount
    return deleted
