"""The app's importers, discovered by pmo/imports/registry.py: each domain declares its own."""

from .capacity import importers as capacity  # noqa: F401
from .projects import importers as projects  # noqa: F401
from .status import importers as status  # noqa: F401
