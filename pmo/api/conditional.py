"""ETags from `version`, conditional reads (304) and conditional writes (412, 428)."""

from __future__ import annotations

import hashlib
import json

from django.utils.translation import gettext as _

from .problems import PreconditionFailed, PreconditionRequired


def etag_of(row: dict) -> str:
    """`"<version>"` for a versioned row; otherwise a digest of what is sent."""
    if "version" in row:
        return f'"{row["version"]}"'
    text = json.dumps(row, sort_keys=True, default=str).encode()
    return f'"{hashlib.sha256(text).hexdigest()[:20]}"'


def _tags(header: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def not_modified(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    return bool(header) and (header.strip() == "*" or etag in _tags(header))


def expected_version(request, current_version: int) -> int:
    """The version the writer started from, from `If-Match`: required, and refused with
    412 when the row has moved on (nothing is written)."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired(
            _("Stuur de ETag die u las mee in If-Match, zodat niets ongezien wordt overschreven.")
        )
    if header == "*":
        return current_version
    for tag in _tags(header):
        value = tag.strip('"')
        if value.isdigit() and int(value) == current_version:
            return current_version
    raise PreconditionFailed(
        _("Dit is intussen gewijzigd (versie %(version)s); lees het opnieuw.")
        % {"version": current_version}
    )
