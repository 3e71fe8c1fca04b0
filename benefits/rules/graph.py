"""The benefits map as a graph: which arrows are allowed, what they flag, and where each
box goes in the diagram.

Model. A map is a directed graph of boxes of six kinds, in this order of stages:
enabler (or output) → business change → outcome → intermediate benefit → end benefit →
strategic objective. An arrow `a → b` says a contributes to b. It may go to a later stage
or stay in the same stage (one outcome leading to another, a chain of intermediate
benefits), never back to an earlier one, and nothing leaves an objective: it is where
the chains end. Since arrows never go back a stage, a cycle can only run within one
stage; an arrow that would close one is refused all the same, whatever its stages.

Flags: an *orphan* has no arrow in or out. A benefit (intermediate or end) that reaches
no objective along the arrows serves no strategic purpose on this map; an enabler,
change or outcome that reaches no benefit delivers nothing the map can show.

Layout (a layered drawing in the manner of Sugiyama): a column per stage, boxes in a
column ordered to keep arrows short. Starting from the order the boxes were made in, a
few sweeps left to right and back sort each column by the mean row of the boxes it is
linked to in other columns (the barycentre heuristic); a box without such links keeps
its place. Arrows within a column are drawn as arcs beside it.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

ENABLER, CHANGE, OUTCOME = "enabler", "verandering", "uitkomst"
INTERMEDIATE, END, OBJECTIVE = "tussenbaat", "eindbaat", "doelstelling"
STAGES = (ENABLER, CHANGE, OUTCOME, INTERMEDIATE, END, OBJECTIVE)
STAGE = {kind: index for index, kind in enumerate(STAGES)}
BENEFITS = frozenset({INTERMEDIATE, END})
SWEEPS = 4

Node = Hashable


def link_problem(source_kind: str, target_kind: str) -> str | None:
    """Why an arrow between these kinds is not allowed: "backwards", "from-objective",
    or None when it is."""
    if source_kind == OBJECTIVE:
        return "from-objective"
    if STAGE[target_kind] < STAGE[source_kind]:
        return "backwards"
    return None


def closes_cycle(links: Iterable[tuple[Node, Node]], source: Node, target: Node) -> bool:
    """Whether adding `source → target` to `links` makes a cycle: true when `source` is
    already reachable from `target` (or they are the same box)."""
    if source == target:
        return True
    return source in reachable(_successors(links), [target])


def reachable(successors: Mapping[Node, Iterable[Node]], start: Iterable[Node]) -> set[Node]:
    """Every box reachable from `start` along the arrows, `start` included."""
    seen = set(start)
    queue = deque(seen)
    while queue:
        for nxt in successors.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


@dataclass(frozen=True)
class Flags:
    orphans: frozenset  # no arrow in or out
    no_objective: frozenset  # a benefit that reaches no objective
    no_benefit: frozenset  # an enabler, change or outcome that reaches no benefit

    def of(self, node: Node) -> list[str]:
        return [
            name
            for name, found in (
                ("orphan", self.orphans),
                ("no-objective", self.no_objective),
                ("no-benefit", self.no_benefit),
            )
            if node in found
        ]

    @property
    def count(self) -> int:
        return len(self.orphans | self.no_objective | self.no_benefit)


def flags(kinds: Mapping[Node, str], links: Iterable[tuple[Node, Node]]) -> Flags:
    """The map's problems; `kinds` gives every box its kind."""
    links = list(links)
    linked = {node for link in links for node in link}
    predecessors = _successors((target, source) for source, target in links)
    # Walking backwards from the objectives (the benefits) finds everything that leads
    # to one: two searches for the whole map instead of one per box.
    objectives = [node for node, kind in kinds.items() if kind == OBJECTIVE]
    benefits = [node for node, kind in kinds.items() if kind in BENEFITS]
    lead_to_objective = reachable(predecessors, objectives)
    lead_to_benefit = reachable(predecessors, benefits)
    return Flags(
        orphans=frozenset(node for node in kinds if node not in linked),
        no_objective=frozenset(node for node in benefits if node not in lead_to_objective),
        no_benefit=frozenset(
            node
            for node, kind in kinds.items()
            if STAGE[kind] < STAGE[INTERMEDIATE] and node not in lead_to_benefit
        ),
    )


@dataclass(frozen=True)
class Layout:
    position: dict  # node → (column, row)
    rows: int  # rows of the tallest column

    @property
    def columns(self) -> int:
        return len(STAGES)


def layout(kinds: Mapping[Node, str], links: Iterable[tuple[Node, Node]]) -> Layout:
    """A column per stage and the boxes of each column in an order that keeps arrows
    short; `kinds` in the order the boxes were made."""
    columns: list[list[Node]] = [[] for _stage in STAGES]
    for node, kind in kinds.items():
        columns[STAGE[kind]].append(node)
    neighbours: dict[Node, list[Node]] = defaultdict(list)
    for source, target in links:
        if kinds[source] != kinds[target]:
            neighbours[source].append(target)
            neighbours[target].append(source)
    row = {node: index for column in columns for index, node in enumerate(column)}
    sweep_order = list(range(1, len(columns))) + list(range(len(columns) - 2, -1, -1))
    for _sweep in range(SWEEPS):
        for index in sweep_order:

            def barycentre(node):
                rows = [row[n] for n in neighbours[node]]
                return sum(rows) / len(rows) if rows else row[node]

            column = sorted(columns[index], key=lambda node: (barycentre(node), row[node]))
            columns[index] = column
            row.update({node: place for place, node in enumerate(column)})
    position = {
        node: (index, place)
        for index, column in enumerate(columns)
        for place, node in enumerate(column)
    }
    return Layout(position=position, rows=max((len(column) for column in columns), default=0))


def _successors(links: Iterable[tuple[Node, Node]]) -> dict[Node, list[Node]]:
    successors: dict[Node, list[Node]] = defaultdict(list)
    for source, target in links:
        successors[source].append(target)
    return successors
