"""Subjects that later domains put before the board, registered when they start.

Governance comes before `risks` in the domain order (DESIGN.md §3), so it may not read
their registers itself. Instead each app registers a provider in its `ready()`: called
without arguments, it yields `(subject, project, kind)` for every subject that should be
before the board and may not be on an agenda yet (an escalated risk, a request for change
beyond tolerance). Preparing a meeting's agenda places them; a subject already open on an
agenda is reused, so a provider may yield it again. The registration is made once per
process at start-up, like a URL pattern: configuration, not state kept between requests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import models

from ..projects.models import Project

BoardSubject = tuple[models.Model, Project, str]
BoardSubjects = Callable[[], Iterable[BoardSubject]]

_providers: dict[str, BoardSubjects] = {}


def register_board_subjects(
    provider: BoardSubjects, *, name: str | None = None
) -> BoardSubjects | None:
    """Add `provider` under `name` (its dotted path by default); one registered again
    under the same name replaces the first. Returns the one it replaced."""
    key = name or f"{provider.__module__}.{provider.__qualname__}"
    previous = _providers.get(key)
    _providers[key] = provider
    return previous


def unregister_board_subjects(name: str) -> BoardSubjects | None:
    """Remove the provider registered as `name` (a test puts things back this way)."""
    return _providers.pop(name, None)


def pending_board_subjects() -> list[BoardSubject]:
    """What every registered provider puts before the board; nothing without one."""
    return [subject for provider in _providers.values() for subject in provider()]
