"""The baten on the API, a module per part; importing them registers their resources."""

from . import (
    maps,  # noqa: F401
    okrs,  # noqa: F401
    profiles,  # noqa: F401
    reviews,  # noqa: F401
)
