"""Wilson score intervals for proportions, against published worked examples.

Sources (expected values copied from them, not computed here):

* JoinedUp's statistics issue: 65 of 100, 95% CI 0.5525 to 0.7364 (to 4 decimal places).
* PHEindicatormethods "Introduction to PHEindicatormethods" vignette (inst/doc, 2018 build),
  printed output of ``phe_proportion(df, obs, pop)`` (95%) and
  ``phe_proportion(df, obs, pop, confidence=99.8, percentage=TRUE)``, given there to 6-8
  significant figures.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.metrics.stats import StatsError, proportion_ci, wilson_ci


def test_wilson_65_of_100() -> None:
    lower, upper = wilson_ci(65, 100)
    assert lower == pytest.approx(0.5525, abs=5e-5)
    assert upper == pytest.approx(0.7364, abs=5e-5)


# PHEindicatormethods vignette, phe_proportion(df, obs, pop) at 95%, as percentages.
PHE_95 = [
    (86, 189, 38.563304, 52.621164),
    (18, 179, 6.455836, 15.334331),
    (29, 107, 19.583556, 36.209159),
    (99, 102, 91.706943, 98.994755),
    (74, 102, 63.189437, 80.271793),
    (8, 155, 2.638210, 9.853151),
    (94, 114, 74.449994, 88.346241),
]

# The same vignette at 99.8% (percentage=TRUE).
PHE_998 = [
    (68, 174, 39.08046, 28.504658, 50.79248),
    (86, 189, 45.50265, 34.795803, 56.64210),
    (18, 179, 10.05587, 5.014823, 19.14304),
    (29, 107, 27.10280, 16.118061, 41.83973),
    (99, 102, 97.05882, 86.653064, 99.40736),
    (74, 102, 72.54902, 57.419464, 83.81782),
    (8, 155, 5.16129, 1.832319, 13.69464),
    (94, 114, 82.45614, 69.079867, 90.81514),
]


@pytest.mark.parametrize(("x", "n", "lower", "upper"), PHE_95)
def test_wilson_matches_phe_vignette_95(x: int, n: int, lower: float, upper: float) -> None:
    got = wilson_ci(x, n)
    assert got.lower * 100 == pytest.approx(lower, rel=1e-6)
    assert got.upper * 100 == pytest.approx(upper, rel=1e-6)


@pytest.mark.parametrize(("x", "n", "value", "lower", "upper"), PHE_998)
def test_proportion_matches_phe_vignette_998(
    x: int, n: int, value: float, lower: float, upper: float
) -> None:
    got = proportion_ci(x, n, confidence=0.998, multiplier=100)
    assert got == pytest.approx((value, lower, upper), rel=1e-6)


def test_arrays_in_arrays_out() -> None:
    x = np.array([row[0] for row in PHE_998])
    n = np.array([row[1] for row in PHE_998])
    lower, upper = wilson_ci(x, n, confidence=99.8)  # 99.8 reads as a percentage
    assert isinstance(lower, np.ndarray)
    assert lower.shape == (8,)
    assert lower * 100 == pytest.approx([row[3] for row in PHE_998], rel=1e-6)
    assert upper * 100 == pytest.approx([row[4] for row in PHE_998], rel=1e-6)


def test_scalars_give_floats() -> None:
    lower, upper = wilson_ci(1, 2)
    assert type(lower) is float
    assert type(upper) is float


def test_none_of_n_and_all_of_n_reach_the_ends_exactly() -> None:
    assert wilson_ci(0, 50).lower == 0.0
    assert wilson_ci(50, 50).upper == 1.0
    assert 0 < wilson_ci(0, 50).upper < 0.1
    assert 0.9 < wilson_ci(50, 50).lower < 1


@pytest.mark.parametrize(("x", "n"), [(1, 0), (0, 0), (-1, 10), (11, 10), (math.nan, 10)])
def test_impossible_proportions_are_nan(x: float, n: float) -> None:
    assert all(math.isnan(v) for v in wilson_ci(x, n))
    assert all(math.isnan(v) for v in proportion_ci(x, n))


def test_missing_values_in_arrays_are_nan_only_there() -> None:
    lower, _ = wilson_ci([5, None, 5], [10, 10, 0])
    assert not math.isnan(lower[0])
    assert math.isnan(lower[1])
    assert math.isnan(lower[2])


@pytest.mark.parametrize("confidence", [0, 1, 100, -0.5, 150, math.nan])
def test_impossible_confidence_is_an_error(confidence: float) -> None:
    with pytest.raises(StatsError):
        wilson_ci(5, 10, confidence=confidence)


counts = st.integers(min_value=0, max_value=10**6)


@given(counts, counts)
def test_interval_holds_the_proportion_and_stays_in_0_1(a: int, b: int) -> None:
    x, n = min(a, b), max(a, b, 1)
    value, lower, upper = proportion_ci(x, n)
    assert 0 <= lower <= value <= upper <= 1


@given(counts, counts)
def test_998_interval_contains_the_95_interval(a: int, b: int) -> None:
    x, n = min(a, b), max(a, b, 1)
    narrow = wilson_ci(x, n, 0.95)
    wide = wilson_ci(x, n, 0.998)
    assert wide.lower <= narrow.lower + 1e-12
    assert narrow.upper <= wide.upper + 1e-12


@given(st.integers(min_value=1, max_value=10**6), st.data())
def test_limits_rise_with_the_numerator(n: int, data: st.DataObject) -> None:
    x = data.draw(st.integers(min_value=0, max_value=n - 1))
    low, high = wilson_ci(x, n), wilson_ci(x + 1, n)
    assert low.lower <= high.lower
    assert low.upper <= high.upper
