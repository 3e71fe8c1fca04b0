"""The baten on the API, a module per part; importing them registers their resources."""

from . import profiles  # noqa: F401
