"""Optimal 0/1 portfolio selection as a mixed-integer linear program (HiGHS via SciPy).

Pure computation, no Django. ``problem`` states the model and calls HiGHS, ``conflicts``
explains infeasible problems, ``solve`` picks the optimal portfolio and ``frontier`` the
best one per budget level. Import the public API from here.
"""

from .conflicts import Conflict, ConstraintGroup, diagnose_conflicts
from .frontier import efficient_frontier, efficient_frontier_points, smallest_feasible_factor
from .problem import BadlyScaledError, FrontierPoint, Selection, SelectionProblem
from .solve import select

__all__ = [
    "BadlyScaledError",
    "Conflict",
    "ConstraintGroup",
    "FrontierPoint",
    "Selection",
    "SelectionProblem",
    "diagnose_conflicts",
    "efficient_frontier",
    "efficient_frontier_points",
    "select",
    "smallest_feasible_factor",
]
