"""Secondary suppression across linked sums: places inside systems, segments inside areas."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from joinedup.publish.disclosure import Rules, is_disclosive, protect_linked

Cell = tuple[str, str]


def table(cells: dict[Cell, int]) -> tuple[dict[Cell, int], list[tuple[Cell, list[Cell]]]]:
    """A table of rows x columns with its row, column and grand totals, and the sums linking
    them (a row's total is written (row, '*'), a column's ('*', column), the whole ('*', '*'))."""
    rows = sorted({row for row, _ in cells})
    columns = sorted({column for _, column in cells})
    counts = dict(cells)
    sums: list[tuple[Cell, list[Cell]]] = []
    for row in rows:
        parts = [(row, column) for column in columns if (row, column) in cells]
        counts[(row, "*")] = sum(cells[part] for part in parts)
        sums.append(((row, "*"), parts))
    for column in columns:
        parts = [(row, column) for row in rows if (row, column) in cells]
        counts[("*", column)] = sum(cells[part] for part in parts)
        sums.append((("*", column), parts))
    counts[("*", "*")] = sum(cells.values())
    sums.append((("*", "*"), [(row, "*") for row in rows]))
    sums.append((("*", "*"), [("*", column) for column in columns]))
    return counts, sums


def recoverable(
    published: dict[Cell, int | None],
    counts: dict[Cell, int],
    sums: list[tuple[Cell, list[Cell]]],
) -> list[Cell]:
    """Withheld non-zero counts that one published sum gives away by subtraction."""
    found = []
    for total, parts in sums:
        hidden = [key for key in (total, *parts) if published.get(key) is None and counts[key]]
        if len(hidden) == 1:
            found.append(hidden[0])
    return found


def test_one_small_place_hides_a_second_in_its_row_and_its_column() -> None:
    cells = {
        ("Cheshire", "healthy"): 400,
        ("Cheshire", "end_of_life"): 3,
        ("Wirral", "healthy"): 380,
        ("Wirral", "end_of_life"): 12,
    }
    counts, sums = table(cells)
    published = protect_linked(counts, sums)
    assert published[("Cheshire", "end_of_life")] is None
    # Without a second withheld cell in each sum, Cheshire's 3 would be 403 - 400, or 15 - 12.
    assert published[("Wirral", "end_of_life")] is None
    assert published[("Cheshire", "healthy")] is None
    assert published[("Wirral", "healthy")] is None  # its column would otherwise give it away
    assert published[("*", "*")] == 795
    assert recoverable(published, counts, sums) == []


def test_a_lone_cell_beside_zeros_withholds_its_total() -> None:
    counts = {"total": 4, "a": 4, "b": 0}
    published = protect_linked(counts, [("total", ["a", "b"])])
    assert published == {"total": None, "a": None, "b": 0}


def test_nothing_small_means_nothing_withheld() -> None:
    counts, sums = table({("a", "x"): 10, ("a", "y"): 20, ("b", "x"): 0, ("b", "y"): 30})
    assert protect_linked(counts, sums) == counts


def test_the_chain_carries_across_levels() -> None:
    # Segment counts of two places, the system's segments, and the system's whole population:
    # a cell withheld at the place level must leave no single gap at the system level.
    counts = {
        "system": 120,
        "system/a": 60,
        "system/b": 60,
        "place1": 62,
        "place1/a": 2,
        "place1/b": 60,
        "place2": 58,
        "place2/a": 58,
        "place2/b": 0,
    }
    sums = [
        ("system", ["system/a", "system/b"]),
        ("place1", ["place1/a", "place1/b"]),
        ("place2", ["place2/a", "place2/b"]),
        ("system/a", ["place1/a", "place2/a"]),
        ("system/b", ["place1/b", "place2/b"]),
    ]
    published = protect_linked(counts, sums)
    assert published["place1/a"] is None
    for total, parts in sums:
        hidden = [key for key in (total, *parts) if published[key] is None and counts[key]]
        assert len(hidden) != 1, (total, hidden)


names = st.sampled_from(["a", "b", "c", "d", "e"])
grids = st.dictionaries(st.tuples(names, names), st.integers(0, 60), min_size=1, max_size=25)
rules = st.builds(Rules, threshold=st.integers(0, 10), rounding=st.sampled_from([1, 1, 5]))


@given(grids, rules)
def test_no_withheld_count_is_given_away_by_any_sum(cells: dict[Cell, int], chosen: Rules) -> None:
    counts, sums = table(cells)
    published = protect_linked(counts, sums, chosen)
    assert set(published) == set(counts)
    for key, value in published.items():
        assert value is None or not is_disclosive(value, chosen)
        if is_disclosive(counts[key], chosen):
            assert value is None
    assert recoverable(published, counts, sums) == []
