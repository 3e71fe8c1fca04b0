"""The risks domain on the API; importing the modules registers their resources."""

from . import (
    issues,  # noqa: F401
    registers,  # noqa: F401
    resistance,  # noqa: F401
    stakeholders,  # noqa: F401
)
