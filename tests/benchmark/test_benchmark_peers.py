"""Comparing one area's figure with England and with its comparator group."""

from __future__ import annotations

import math
import random
import time

import pytest

from joinedup import reference
from joinedup.benchmark import (
    BenchmarkError,
    PeerComparison,
    Ranked,
    comparator_group,
    compare_with_peers,
    neighbours,
)

GREATER_MANCHESTER = "E54000057"
WEST_YORKSHIRE = "E54000054"
CHESHIRE_MERSEYSIDE = "E54000008"
SOUTH_YORKSHIRE = "E54000061"
BLACK_COUNTRY = "E54000062"
FRIMLEY = "E54000034"

VALUES: dict[str, float | None] = {
    GREATER_MANCHESTER: 10.0,
    WEST_YORKSHIRE: 12.0,
    CHESHIRE_MERSEYSIDE: 6.0,
    SOUTH_YORKSHIRE: None,
    BLACK_COUNTRY: 11.0,  # not among the three nearest
    FRIMLEY: 20.0,
}


def test_the_comparator_group_of_greater_manchester() -> None:
    assert comparator_group(GREATER_MANCHESTER, n=3) == [
        WEST_YORKSHIRE,
        CHESHIRE_MERSEYSIDE,
        SOUTH_YORKSHIRE,
    ]


def test_compare_with_peers_higher_is_better() -> None:
    result = compare_with_peers(GREATER_MANCHESTER, VALUES, n=3)
    assert result == PeerComparison(
        code=GREATER_MANCHESTER,
        value=10.0,
        # 20, 12, 11, 10, 6 ranked; South Yorkshire has no value.
        england_rank=Ranked(GREATER_MANCHESTER, 10.0, 4, 5, 4, 25.0),
        peers=[WEST_YORKSHIRE, CHESHIRE_MERSEYSIDE, SOUTH_YORKSHIRE],
        peer_mean=9.0,
        peer_median=9.0,
        peer_rank=2,  # 12, 10, 6
        difference_from_peer_mean=1.0,
    )


def test_compare_with_peers_lower_is_better() -> None:
    result = compare_with_peers("Greater Manchester", VALUES, higher_is_better=False, n=3)
    assert result.england_rank == Ranked(GREATER_MANCHESTER, 10.0, 2, 5, 2, 75.0)
    assert result.peer_rank == 2
    assert result.difference_from_peer_mean == 1.0  # a difference, whatever the polarity


def test_an_area_without_a_value_is_reported_unranked() -> None:
    result = compare_with_peers(SOUTH_YORKSHIRE, VALUES, n=41)
    assert result.value is None
    assert result.england_rank == Ranked(SOUTH_YORKSHIRE, None, None, 5, None, None)
    assert result.peer_rank is None and result.difference_from_peer_mean is None
    assert result.peer_mean == pytest.approx(59.0 / 5)
    assert result.peer_median == 11.0

    absent = compare_with_peers("E54000010", {GREATER_MANCHESTER: 1.0}, n=3)
    assert absent.england_rank == Ranked("E54000010", None, None, 1, None, None)


def test_peers_without_values_give_no_peer_statistics() -> None:
    result = compare_with_peers(FRIMLEY, {FRIMLEY: 3.0, GREATER_MANCHESTER: math.nan})
    assert result.peer_mean is None and result.peer_median is None
    assert result.peer_rank == 1
    assert result.difference_from_peer_mean is None


def test_retired_code_is_accepted_for_the_area() -> None:
    values = {item.code: float(item.population) for item in reference.systems()}
    by_old = compare_with_peers("E54000052", values)
    assert by_old == compare_with_peers("E54000063", values)
    assert by_old.code == "E54000063"


def test_values_must_be_keyed_by_current_codes() -> None:
    with pytest.raises(BenchmarkError, match="E54000052"):
        compare_with_peers(GREATER_MANCHESTER, {"E54000052": 1.0})
    with pytest.raises(BenchmarkError, match="not current council codes"):
        compare_with_peers("Cornwall", {GREATER_MANCHESTER: 1.0}, area_type="council")


def test_councils() -> None:
    values = {item.code: item.imd_average_score for item in reference.councils()}
    result = compare_with_peers("Cornwall", values, higher_is_better=False, area_type="council")
    assert result.england_rank.of == 153
    assert len(result.peers) == 10
    assert result.peer_rank is not None and 1 <= result.peer_rank <= 11


def test_a_thousand_comparisons_take_well_under_a_second() -> None:
    rng = random.Random(20240601)
    codes = [item.code for item in reference.systems()]
    measures = [
        {code: None if rng.random() < 0.05 else rng.uniform(0, 1000) for code in codes}
        for _ in range(50)
    ]
    pairs = [(rng.choice(measures), rng.choice(codes)) for _ in range(1000)]
    # From cold: the standardised matrix and the 42 x 42 distances are part of the cost.
    for cached in (neighbours._areas, neighbours._distances, neighbours._ordered):
        cached.cache_clear()
    start = time.perf_counter()
    for values, code in pairs:
        compare_with_peers(code, values, higher_is_better=rng.choice([True, False, None]))
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, f"1,000 comparisons took {elapsed:.3f} s"
