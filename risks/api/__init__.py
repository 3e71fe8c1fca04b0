"""The risks domain on the API; importing the modules registers their resources."""

from . import registers  # noqa: F401
