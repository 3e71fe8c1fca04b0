"""The read side of a resource: columns read with `values()` and written out as plain
JSON, without instantiating a model or running a serializer per field.

A list of 1,000 projects costs the query and a dict per row (see bench/run.py api for
how that compares with a plain DRF ModelViewSet). The same columns give drf-spectacular
a serializer for the OpenAPI document, so the document describes what is sent; every
test response is checked against it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from rest_framework import serializers


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _clock(value: dt.time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def _datetime(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _float(value) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class Column:
    """One output field: where `values()` reads it, and its type in the document."""

    source: str
    schema: Callable[..., serializers.Field]
    convert: Callable[[Any], Any] | None = None
    nullable: bool = False
    help: str = ""
    options: dict = field(default_factory=dict)

    def field(self) -> serializers.Field:
        return self.schema(
            read_only=True, allow_null=self.nullable, help_text=self.help or None, **self.options
        )


def Int(source: str, *, nullable: bool = False, help: str = "") -> Column:  # noqa: N802
    return Column(source, serializers.IntegerField, nullable=nullable, help=help)


def Text(source: str, *, nullable: bool = False, help: str = "") -> Column:  # noqa: N802
    return Column(source, serializers.CharField, nullable=nullable, help=help)


def Bool(source: str, *, help: str = "") -> Column:  # noqa: N802
    return Column(source, serializers.BooleanField, help=help)


def Date(source: str, *, nullable: bool = True, help: str = "") -> Column:  # noqa: N802
    return Column(source, serializers.DateField, _date, nullable, help)


def DateTime(source: str, *, nullable: bool = False, help: str = "") -> Column:  # noqa: N802
    return Column(source, serializers.DateTimeField, _datetime, nullable, help)


def Money(source: str, *, nullable: bool = True, help: str = "") -> Column:  # noqa: N802
    """An amount in euros as a decimal string ("861000.50"): exact, as finance expects."""
    options = {"max_digits": 14, "decimal_places": 2}
    return Column(source, serializers.DecimalField, _decimal, nullable, help, options)


def Number(source: str, *, nullable: bool = True, help: str = "") -> Column:  # noqa: N802
    return Column(source, serializers.FloatField, _float, nullable, help)


def Choice(  # noqa: N802
    source: str, choices, *, nullable: bool = False, blank: bool = False, help: str = ""
) -> Column:
    """A choice by its stored value (`rood`, `realisatie`); `blank`: may be "" too."""
    options = {"choices": list(choices), "allow_blank": blank}
    return Column(source, serializers.ChoiceField, None, nullable, help, options)


def Json(source: str, *, help: str = "") -> Column:  # noqa: N802
    return Column(source, serializers.JSONField, help=help)


def Ref(source: str, *, nullable: bool = True, help: str = "") -> Column:  # noqa: N802
    """A foreign key as the id of the row it points at (`org_unit_id`)."""
    return Column(source, serializers.IntegerField, nullable=nullable, help=help)


class Columns:
    """The columns of one resource, in output order."""

    def __init__(self, name: str, columns: dict[str, Column]):
        self.name = name
        self.columns = columns
        self.sources = list(dict.fromkeys(column.source for column in columns.values()))
        self._serializer = None
        self._converted = [(out, column.source, column.convert) for out, column in columns.items()]

    def __iter__(self):
        return iter(self.columns)

    def rows(self, values: Iterable[dict]) -> list[dict]:
        """`values()` rows as output rows: renamed and converted, nothing else."""
        plan = self._converted
        return [
            {out: convert(row[src]) if convert else row[src] for out, src, convert in plan}
            for row in values
        ]

    def serializer(self) -> type[serializers.Serializer]:
        """A serializer class describing these columns, for the OpenAPI document (one
        class per resource, so the document names one component)."""
        if self._serializer is None:
            fields = {out: column.field() for out, column in self.columns.items()}
            self._serializer = type(self.name, (serializers.Serializer,), fields)
        return self._serializer


def _for_field(field: models.Field) -> Column:
    """The column a model field reads as: its type, nullability and choices."""
    help_text = str(field.verbose_name)
    null = field.null
    if field.is_relation:
        return Ref(field.attname, nullable=null, help=help_text)
    if field.choices:
        values = [(value, label) for value, label in field.flatchoices if value != ""]
        return Choice(field.attname, values, nullable=null, blank=field.blank, help=help_text)
    if isinstance(field, models.BooleanField):
        return Bool(field.attname, help=help_text)
    if isinstance(field, models.DateTimeField):
        return DateTime(field.attname, nullable=null, help=help_text)
    if isinstance(field, models.DateField):
        return Date(field.attname, nullable=null, help=help_text)
    if isinstance(field, models.TimeField):
        # "06:00", local: OpenAPI's "time" format is RFC 3339's, which needs an offset.
        return Column(field.attname, serializers.CharField, _clock, null, f"{help_text} (HH:MM)")
    if isinstance(field, models.DecimalField):
        options = {"max_digits": field.max_digits, "decimal_places": field.decimal_places}
        return Column(field.attname, serializers.DecimalField, _decimal, null, help_text, options)
    if isinstance(field, models.FloatField):
        return Number(field.attname, nullable=null, help=help_text)
    if isinstance(field, models.IntegerField | models.AutoField):
        return Int(field.attname, nullable=null, help=help_text)
    if isinstance(field, models.JSONField):
        return Json(field.attname, help=help_text)
    if isinstance(field, models.UUIDField):
        return Column(field.attname, serializers.UUIDField, _text, null, help_text)
    if isinstance(field, models.CharField | models.TextField):
        return Text(field.attname, nullable=null, help=help_text)
    raise TypeError(f"no API column for {field!r}")


def _text(value) -> str | None:
    return None if value is None else str(value)


def model_columns(model: type[models.Model], *names: str, **extra: Column) -> Columns:
    """The columns of `model` named, typed after their fields (a foreign key as the id
    it points at, under the field's name), then the `extra` ones."""
    meta = model._meta
    columns = {name: _for_field(meta.get_field(name)) for name in names}
    return Columns(model.__name__, {**columns, **extra})
