"""Ranking: competition ties, missing values, polarity, quintiles, percentiles."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.benchmark import BenchmarkError, Ranked, quintile, rank


def _ranks(result: dict[str, Ranked]) -> dict[str, int | None]:
    return {code: item.rank for code, item in result.items()}


def test_competition_ranking_shares_the_smallest_rank() -> None:
    result = rank({"a": 9.0, "b": 7.0, "c": 7.0, "d": 3.0, "e": 7.0, "f": 1.0})
    assert _ranks(result) == {"a": 1, "b": 2, "c": 2, "d": 5, "e": 2, "f": 6}
    assert {item.of for item in result.values()} == {6}


def test_missing_values_are_unranked_and_not_counted() -> None:
    result = rank({"a": 2.0, "b": None, "c": math.nan, "d": 5.0})
    assert _ranks(result) == {"a": 2, "b": None, "c": None, "d": 1}
    assert result["b"] == Ranked("b", None, None, 2, None, None)
    assert result["c"].value is None  # NaN is reported as missing
    assert {item.of for item in result.values()} == {2}
    assert list(result) == ["a", "b", "c", "d"]


def test_lower_is_better_reverses_the_order() -> None:
    values = {"a": 1.0, "b": 2.0, "c": 3.0}
    assert _ranks(rank(values, higher_is_better=False)) == {"a": 1, "b": 2, "c": 3}
    assert _ranks(rank(values, higher_is_better=True)) == {"a": 3, "b": 2, "c": 1}
    # No polarity: ordered from the highest, as for higher_is_better=True.
    assert rank(values, higher_is_better=None) == rank(values, higher_is_better=True)


def test_integers_are_accepted() -> None:
    assert _ranks(rank({"a": 1, "b": 2})) == {"a": 2, "b": 1}


def test_empty_and_all_missing() -> None:
    assert rank({}) == {}
    assert rank({"a": None}) == {"a": Ranked("a", None, None, 0, None, None)}


def test_a_single_area_is_best() -> None:
    assert rank({"a": 4.0}) == {"a": Ranked("a", 4.0, 1, 1, 1, 100.0)}


def test_quintiles_on_42_areas_hold_9_8_8_8_9() -> None:
    result = rank({f"E{i:02d}": float(i) for i in range(42)}, higher_is_better=False)
    sizes = [sum(1 for item in result.values() if item.quintile == q) for q in range(1, 6)]
    assert sizes == [9, 8, 8, 8, 9]
    assert result["E00"].quintile == 1 and result["E00"].percentile == 100.0
    assert result["E41"].quintile == 5 and result["E41"].percentile == 0.0
    # The rule is symmetric: reversing the polarity maps quintile q to 6 - q.
    reverse = rank({f"E{i:02d}": float(i) for i in range(42)}, higher_is_better=True)
    for code, item in result.items():
        assert item.quintile is not None
        assert reverse[code].quintile == 6 - item.quintile


@pytest.mark.parametrize(
    ("of", "sizes"),
    [
        (1, [1, 0, 0, 0, 0]),
        (2, [1, 0, 0, 0, 1]),
        (3, [1, 0, 1, 0, 1]),
        (5, [1, 1, 1, 1, 1]),
        (10, [2, 2, 2, 2, 2]),
        (42, [9, 8, 8, 8, 9]),
        (153, [31, 30, 31, 30, 31]),
    ],
)
def test_quintile_sizes(of: int, sizes: list[int]) -> None:
    counts = [sum(1 for r in range(1, of + 1) if quintile(r, of) == q) for q in range(1, 6)]
    assert counts == sizes


def test_quintile_refuses_a_rank_out_of_range() -> None:
    with pytest.raises(BenchmarkError):
        quintile(0, 5)
    with pytest.raises(BenchmarkError):
        quintile(6, 5)


def test_ties_share_quintile_and_percentile() -> None:
    result = rank({"a": 5.0, "b": 5.0, "c": 1.0})
    assert result["a"].quintile == result["b"].quintile == 1
    assert result["a"].percentile == result["b"].percentile == 100.0
    assert result["c"] == Ranked("c", 1.0, 3, 3, 5, 0.0)


values_strategy = st.dictionaries(
    keys=st.text(min_size=1, max_size=4),
    values=st.one_of(st.none(), st.floats(allow_nan=True), st.integers(-5, 5).map(float)),
    max_size=30,
)


@given(values=values_strategy, higher_is_better=st.sampled_from([True, False, None]))
def test_a_better_value_never_gets_a_worse_rank(
    values: dict[str, float | None], higher_is_better: bool | None
) -> None:
    result = rank(values, higher_is_better)
    ranked = {
        code: item.value
        for code, item in result.items()
        if item.rank is not None and item.value is not None
    }
    assert set(result) == set(values)
    assert {item.of for item in result.values()} <= {len(ranked)}

    def better(x: float, y: float) -> bool:
        return x < y if higher_is_better is False else x > y

    for a, x in ranked.items():
        item = result[a]
        assert item.rank == 1 + sum(1 for y in ranked.values() if better(y, x))
        assert item.quintile is not None and 1 <= item.quintile <= 5
        assert item.percentile is not None and 0.0 <= item.percentile <= 100.0
        for b, y in ranked.items():
            other = result[b]
            assert other.rank is not None and other.quintile is not None
            assert other.percentile is not None
            if better(x, y):
                assert item.rank < other.rank
                assert item.quintile <= other.quintile
                assert item.percentile > other.percentile
            elif x == y:
                assert item.rank == other.rank
    for code, value in values.items():
        if value is None or math.isnan(value):
            assert result[code].rank is None
