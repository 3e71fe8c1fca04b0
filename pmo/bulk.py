"""Bulk writes for syncing, all or nothing: the outcome per row and the refusals of all
rows at once (by index and field), whatever the domain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from .versioning import StaleError

# Rows a request may carry; more is refused as a whole (413).
MAX_ROWS = 10_000


@dataclass(frozen=True)
class RowOutcome:
    index: int
    external_id: str
    id: int
    result: str  # "created", "updated" or "unchanged"


@dataclass
class UpsertResult:
    rows: list[RowOutcome] = field(default_factory=list)

    def count(self, result: str) -> int:
        return sum(1 for row in self.rows if row.result == result)


class RowErrors(Exception):
    """Rows refused, by index: {index: {field: [messages]}}; nothing was written."""

    def __init__(self, errors: dict[int, dict[str, list[str]]]):
        self.errors = dict(sorted(errors.items()))
        super().__init__(f"{len(errors)} rows refused")


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {name: [str(m) for m in messages] for name, messages in error.message_dict.items()}
    return {"non_field_errors": [str(m) for m in error.messages]}


def per_row(rows: list[dict], write: Callable[[int, dict], RowOutcome]) -> UpsertResult:
    """Run `write(index, row) -> RowOutcome` for every row, each in a savepoint so the
    refusals of all rows are collected; any refusal undoes all rows."""
    result, errors = UpsertResult(), {}
    for index, row in enumerate(rows):
        try:
            with transaction.atomic():
                result.rows.append(write(index, row))
        except ValidationError as error:
            errors[index] = messages_of(error)
        except StaleError as error:
            errors[index] = {"version": [str(error)]}
    if errors:
        raise RowErrors(errors)
    return result
