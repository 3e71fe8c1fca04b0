"""Celery finds an app's tasks in `<app>.tasks`: this names the domains' task modules.

Task names stay "portfolio.tasks.<name>" so schedules already in the database still run.
"""

from .scenarios.tasks import solve_scenario
from .status.tasks import remind_overdue_reports

__all__ = ["remind_overdue_reports", "solve_scenario"]
