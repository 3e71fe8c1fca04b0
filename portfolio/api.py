"""The app's API modules, discovered by pmo/api/urls.py: each domain declares its own,
registered in the domain order."""

from .assessment import api as assessment  # noqa: F401
from .capacity import api as capacity  # noqa: F401
from .governance import api as governance  # noqa: F401
from .projects import api as projects  # noqa: F401
from .scenarios import api as scenarios  # noqa: F401
from .status import api as status  # noqa: F401
