"""Directly standardised rates with Dobson intervals, against PHEindicatormethods' vignette.

Source: PHEindicatormethods "PHEindicatormethods DSR function" vignette (inst/doc/
DSR-vignette.html, 2018 build), section "Zero deaths for a specific age band within a small
geography": populations ``pops2`` and deaths ``deaths2`` (none in the 10-14, 15-19 and 20-24
bands) standardised to the 2013 ESP give ``phe_dsr(df3, dths, pop)`` = 8283.016
(6570.819 to 10289.65) per 100,000 at 95%. The ESP 2013 weights are PHEindicatormethods'
``esp2013`` (data-raw/LoadTestdata.R) and Eurostat's 2013 revision.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.metrics.stats import (
    DSR_MINIMUM_COUNT,
    ESP2013,
    ESP2013_BANDS,
    StatsError,
    dsr,
    dsr_many,
)

POPS2 = [30, 35, 35, 35, 40, 40, 45, 50, 50, 50, 60, 60, 70, 75, 70, 60, 20, 20, 15]
DEATHS2 = [1, 1, 0, 0, 0, 1, 1, 3, 3, 3, 3, 10, 10, 10, 10, 8, 8, 8, 8]


def test_esp2013() -> None:
    assert ESP2013.sum() == 100_000
    assert ESP2013.size == len(ESP2013_BANDS) == 19
    assert ESP2013_BANDS[0] == "0-4"
    assert ESP2013_BANDS[-2:] == ("85-89", "90+")
    assert list(ESP2013[:4]) == [5000, 5500, 5500, 5500]
    assert list(ESP2013[-4:]) == [4000, 2500, 1500, 1000]
    with pytest.raises(ValueError, match="read-only"):
        ESP2013[0] = 1


def test_dsr_matches_phe_vignette() -> None:
    assert dsr(DEATHS2, POPS2) == pytest.approx((8283.016, 6570.819, 10289.65), rel=1e-6)


def test_dsr_many_matches_one_at_a_time() -> None:
    counts = np.array([DEATHS2, [c * 2 for c in DEATHS2], [1] * 19])
    pops = np.array([POPS2, [p * 3 for p in POPS2], [1000] * 19])
    many = dsr_many(counts, pops)
    for row in range(3):
        one = dsr(counts[row], pops[row])
        assert (many.value[row], many.lower[row], many.upper[row]) == pytest.approx(one)
    assert many.value[0] == pytest.approx(8283.016, rel=1e-6)


def test_standard_populations_per_area() -> None:
    standard = np.vstack([ESP2013, np.ones(19)])
    many = dsr_many([DEATHS2, DEATHS2], [POPS2, POPS2], standard)
    assert many.value[0] == pytest.approx(8283.016, rel=1e-6)
    assert many.value[1] == pytest.approx(dsr(DEATHS2, POPS2, np.ones(19)).value)


def test_multiplier_and_998_interval() -> None:
    per_1000 = dsr(DEATHS2, POPS2, multiplier=1000)
    assert per_1000.value == pytest.approx(82.83016, rel=1e-6)
    wide = dsr(DEATHS2, POPS2, confidence=0.998)
    assert wide.lower < 6570.819 < 10289.65 < wide.upper
    assert wide.value == pytest.approx(8283.016, rel=1e-6)


def test_fewer_than_ten_events_gives_no_dsr() -> None:
    assert DSR_MINIMUM_COUNT == 10
    nine = [0] * 18 + [9]
    assert all(math.isnan(v) for v in dsr(nine, POPS2))
    ten = [0] * 18 + [10]
    assert not any(math.isnan(v) for v in dsr(ten, POPS2))


def test_small_counts_shown_on_request_with_exact_limits() -> None:
    one = [0] * 18 + [1]
    value, lower, upper = dsr(one, POPS2, minimum_count=1)
    assert lower < value < upper
    none = dsr([0] * 19, POPS2, minimum_count=0)
    assert (none.value, none.lower) == (0.0, 0.0)
    assert math.isnan(none.upper)


def test_missing_counts_count_as_zero_like_phe() -> None:
    with_missing = [math.nan if c == 0 else c for c in DEATHS2]
    assert dsr(with_missing, POPS2) == pytest.approx(dsr(DEATHS2, POPS2))


@pytest.mark.parametrize("population", [0, -10, math.nan])
def test_a_band_without_a_population_gives_nan(population: float) -> None:
    pops = [population, *POPS2[1:]]
    assert all(math.isnan(v) for v in dsr(DEATHS2, pops))


def test_a_bad_area_does_not_spoil_the_others() -> None:
    many = dsr_many([DEATHS2, DEATHS2], [POPS2, [0, *POPS2[1:]]])
    assert many.value[0] == pytest.approx(8283.016, rel=1e-6)
    assert math.isnan(many.value[1])


def test_shapes_must_agree() -> None:
    with pytest.raises(StatsError):
        dsr(DEATHS2[:18], POPS2[:18])  # 18 bands against the 19 of ESP2013
    with pytest.raises(StatsError):
        dsr_many(DEATHS2, POPS2)  # one area given to dsr_many
    with pytest.raises(StatsError):
        dsr([DEATHS2], [POPS2])  # areas x bands given to dsr


@given(
    st.lists(st.integers(min_value=0, max_value=5000), min_size=19, max_size=19),
    st.lists(st.integers(min_value=1, max_value=10**6), min_size=19, max_size=19),
)
def test_interval_holds_the_dsr(counts: list[int], pops: list[int]) -> None:
    value, lower, upper = dsr(counts, pops)
    if sum(counts) < 10:
        assert math.isnan(value)
    else:
        # Dobson's lower limit is not clipped at 0 (nor is PHE's), so only the order is certain.
        assert lower <= value <= upper
        wide = dsr(counts, pops, confidence=0.998)
        assert wide.lower <= lower
        assert upper <= wide.upper
