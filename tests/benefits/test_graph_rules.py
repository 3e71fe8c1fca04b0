"""The benefits map's pure rules: allowed arrows, cycles (against brute force), flags,
the layered layout and the drawn diagram."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from benefits.rules import graph
from benefits.rules.diagram import COLUMN, BoxIn, diagram

E, C, O, I, B, D = graph.STAGES  # noqa: E741 (the stages' initials read as the chain)


def test_arrows_go_forward_or_stay_in_their_stage_and_end_at_an_objective():
    assert graph.link_problem(E, C) is None
    assert graph.link_problem(E, B) is None  # a stage may be skipped
    assert graph.link_problem(I, I) is None  # a chain of intermediate benefits
    assert graph.link_problem(B, O) == "backwards"
    assert graph.link_problem(D, D) == "from-objective"
    assert graph.link_problem(D, E) == "from-objective"


def _has_cycle_brute_force(nodes, links) -> bool:
    """A cycle exists iff some ordering of the nodes is not a topological order for every
    ordering: try them all (small graphs only)."""
    for order in itertools.permutations(nodes):
        place = {node: index for index, node in enumerate(order)}
        if all(place[a] < place[b] for a, b in links):
            return False
    return True


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), max_size=8, unique=True),
    st.integers(0, 4),
    st.integers(0, 4),
)
def test_closes_cycle_agrees_with_brute_force(links, source, target):
    links = [(a, b) for a, b in links if a != b]
    if _has_cycle_brute_force(range(5), links):
        return  # the services never let a cyclic map exist
    expected = _has_cycle_brute_force(range(5), [*links, (source, target)])
    assert graph.closes_cycle(links, source, target) == expected


def test_flags_name_orphans_and_chains_that_lead_nowhere():
    kinds = {"app": E, "change": C, "faster": I, "cheaper": B, "goal": D, "alone": O}
    links = [("app", "change"), ("change", "faster"), ("cheaper", "goal")]
    found = graph.flags(kinds, links)
    assert found.orphans == {"alone"}
    assert found.no_objective == {"faster"}  # it leads to no objective
    assert found.no_benefit == {"alone"}  # app and change reach the benefit "faster"
    assert found.of("alone") == ["orphan", "no-benefit"]
    assert found.count == 2


def test_a_complete_chain_raises_no_flag():
    kinds = {1: E, 2: C, 3: O, 4: I, 5: B, 6: D}
    found = graph.flags(kinds, [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6)])
    assert found.count == 0


def test_layout_puts_each_box_in_its_stage_column_on_distinct_rows():
    kinds = {n: graph.STAGES[n % 6] for n in range(30)}
    links = [(n, n + 1) for n in range(29) if n % 6 != 5]
    placed = graph.layout(kinds, links)
    assert {placed.position[n][0] for n in range(30)} == set(range(6))
    for n in range(30):
        assert placed.position[n][0] == graph.STAGE[kinds[n]]
    for column in range(6):
        rows = [row for (col, row) in placed.position.values() if col == column]
        assert sorted(rows) == list(range(len(rows)))
    assert placed.rows == 5


def test_layout_pulls_a_box_level_with_what_it_leads_to():
    # Two chains made crosswise: the layout uncrosses them.
    kinds = {"a": E, "b": E, "x": C, "y": C}
    placed = graph.layout(kinds, [("a", "y"), ("b", "x")])
    assert placed.position["a"][1] == placed.position["y"][1]
    assert placed.position["b"][1] == placed.position["x"][1]


def test_the_diagram_draws_every_box_and_arrow_inside_its_canvas():
    boxes = [
        BoxIn(id=1, kind=E, title="Nieuw zaaksysteem"),
        BoxIn(id=2, kind=I, title="Kortere doorlooptijd van vergunningen voor evenementen"),
        BoxIn(id=3, kind=I, title="Minder bezwaren", disbenefit=True, flags=("no-objective",)),
    ]
    drawn = diagram(boxes, [(1, 2), (2, 3)])
    assert len(drawn.boxes) == 3 and len(drawn.arrows) == 2
    for box in drawn.boxes:
        assert box.x >= 0 and box.x + COLUMN <= drawn.width
        assert box.y >= 0 and box.y + drawn.box_height <= drawn.height
        assert 1 <= len(box.lines) <= 2
    long_title = next(box for box in drawn.boxes if box.id == 2)
    assert len(long_title.lines) == 2
    same_stage = drawn.arrows[1]
    assert same_stage.d.startswith(f"M{long_title.x + COLUMN},")  # an arc to its right
