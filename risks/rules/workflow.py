"""An issue's workflow (PRINCE2's issue and change control) and who decides it.

vastgelegd → onderzocht → voorgesteld → besloten → uitgevoerd, one step forward at a
time; gesloten from any step (withdrawn, solved, no longer relevant). The step to
besloten is the decision itself, taken with its decision and reasoning, not a plain
advance. An issue within the projectleider's tolerance is theirs to decide; a request for
change beyond it is the portfolioraad's, and goes on its agenda once it is proposed.
"""

from __future__ import annotations

from dataclasses import dataclass

CAPTURED = "vastgelegd"
EXAMINED = "onderzocht"
PROPOSED = "voorgesteld"
DECIDED = "besloten"
IMPLEMENTED = "uitgevoerd"
CLOSED = "gesloten"

STEPS = (CAPTURED, EXAMINED, PROPOSED, DECIDED, IMPLEMENTED)
# After these the issue asks nothing more of anyone, the board included.
FINISHED = frozenset({DECIDED, IMPLEMENTED, CLOSED})

# Refusal codes of an advance (the services word them).
SAME = "same"
FROM_CLOSED = "from-closed"
BY_DECISION = "by-decision"
NOT_NEXT = "not-next"
NO_PROPOSAL = "no-proposal"


def next_step(status: str) -> str | None:
    if status not in STEPS or status == STEPS[-1]:
        return None
    return STEPS[STEPS.index(status) + 1]


def advance_targets(status: str) -> list[str]:
    """Where an advance may take an issue from `status`: its next step (unless that is the
    decision) and gesloten."""
    if status == CLOSED:
        return []
    following = next_step(status)
    return [s for s in (following, CLOSED) if s is not None and s != DECIDED]


def advance_refusal(current: str, target: str, *, has_proposal: bool) -> str | None:
    """Why `current` may not go to `target` (a code), or None."""
    if target == current:
        return SAME
    if current == CLOSED:
        return FROM_CLOSED
    if target == DECIDED:
        return BY_DECISION
    if target not in advance_targets(current):
        return NOT_NEXT
    if target == PROPOSED and not has_proposal:
        return NO_PROPOSAL
    return None


def needs_board(*, is_change_request: bool, beyond_tolerance: bool) -> bool:
    """A request for change beyond the projectleider's tolerance: the portfolioraad's."""
    return is_change_request and beyond_tolerance


def awaits_board(*, is_change_request: bool, beyond_tolerance: bool, status: str) -> bool:
    """Proposed and the board's to decide: it belongs on the board's agenda."""
    return needs_board(is_change_request=is_change_request, beyond_tolerance=beyond_tolerance) and (
        status == PROPOSED
    )


@dataclass(frozen=True)
class Step:
    status: str
    state: str  # "done", "current" or "todo"


def progress(status: str, *, decided: bool = False) -> list[Step]:
    """The steps of the workflow as a progress list. A closed issue stands at gesloten
    after its steps; of those, the ones up to the decision are done if it was decided,
    the others were left out ("todo")."""
    if status == CLOSED:
        passed = STEPS.index(DECIDED) + 1 if decided else 0
        return [
            *(Step(s, "done" if i < passed else "todo") for i, s in enumerate(STEPS)),
            Step(CLOSED, "current"),
        ]
    reached = STEPS.index(status) if status in STEPS else -1
    return [
        Step(s, "done" if i < reached else "current" if i == reached else "todo")
        for i, s in enumerate(STEPS)
    ]
