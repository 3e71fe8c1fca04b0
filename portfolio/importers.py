"""The app's importers, discovered by pmo/imports/registry.py: each domain declares its own."""

from .projects import importers as projects  # noqa: F401
