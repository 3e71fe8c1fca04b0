"""Writes of the hoofdpuntenrapportage: one report at a time (the page, the API) and in
bulk for syncing."""

from .reports import (
    AmendmentOpenError,
    DuplicateReportError,
    current_reports_refresh,
    remind_overdue,
    report_amend,
    report_create,
    report_save,
    report_submit,
    report_update,
)
from .upserts import reports_upsert, values_from_body

__all__ = [
    "AmendmentOpenError",
    "DuplicateReportError",
    "current_reports_refresh",
    "remind_overdue",
    "report_amend",
    "report_create",
    "report_save",
    "report_submit",
    "report_update",
    "reports_upsert",
    "values_from_body",
]
