"""Pure rules of phases and gates: which phase follows, what a decision does to a project."""

from ..projects.models import LifecycleStatus, Phase

PHASES = list(Phase)
PHASE_INDEX = {phase.value: index for index, phase in enumerate(PHASES)}

GO, GO_CONDITIONS, HOLD, STOP = "go", "go-voorwaarden", "hold", "stop"


def next_phase(phase: str) -> str | None:
    index = PHASE_INDEX[phase] + 1
    return PHASES[index].value if index < len(PHASES) else None


def project_changes_for(*, decision: str, to_phase: str, status: str) -> dict[str, str]:
    """The phase and lifecycle status a board decision on a gate gives the project."""
    changes: dict[str, str] = {}
    if decision in (GO, GO_CONDITIONS):
        changes["phase"] = to_phase
        if status in (LifecycleStatus.PROPOSED, LifecycleStatus.ON_HOLD):
            changes["status"] = LifecycleStatus.ACTIVE
        if to_phase == Phase.CLOSED:
            changes["status"] = LifecycleStatus.COMPLETED
    elif decision == HOLD:
        changes["status"] = LifecycleStatus.ON_HOLD
    elif decision == STOP:
        changes["status"] = LifecycleStatus.CANCELLED
    return changes


def latest_first(*entry_lists) -> list:
    """The decision log: decisions of every kind in one list, newest decision first."""
    entries = [entry for entries in entry_lists for entry in entries]
    return sorted(entries, key=lambda entry: entry.decided_at, reverse=True)
