"""Capacity on the API, a module per part; importing them registers their resources."""

from . import (
    demand,  # noqa: F401
    figures,  # noqa: F401
    teams,  # noqa: F401
)
