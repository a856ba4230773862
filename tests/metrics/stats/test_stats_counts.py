"""Confidence intervals for counts and crude rates, against PHEindicatormethods' published output.

Source: PHEindicatormethods "Introduction to PHEindicatormethods" vignette (inst/doc, 2018
build), printed output of ``phe_rate(df, obs, pop)`` (95%, per 100,000) and ``phe_rate(df, obs,
pop, type="full", confidence=99.8, multiplier=100)``; the method column there says "Byars" for
every row but 8 of 155, which is "Exact". Also the PHE Technical Guide "Confidence Intervals"
(2018): "For 95% confidence intervals, Byar's method is within 0.2% of the exact value for
numerators of 10 or more".
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.metrics.stats import (
    EXACT_BELOW,
    byars_ci,
    count_ci,
    exact_poisson_ci,
    rate_ci,
)

# (events, population, rate, lower, upper): phe_rate(df, obs, pop), per 100,000, 95%.
PHE_RATES_95 = [
    (68, 174, 39080.46, 30346.142, 49544.53),
    (86, 189, 45502.65, 36395.152, 56196.03),
    (18, 179, 10055.87, 5956.701, 15893.43),
    (29, 107, 27102.80, 18147.416, 38925.56),
    (99, 102, 97058.82, 78882.763, 118166.76),
    (74, 102, 72549.02, 56964.372, 91079.88),
    (8, 155, 5161.29, 2228.279, 10169.80),  # exact
    (94, 114, 82456.14, 66631.239, 100906.46),
]

# The same at 99.8%, per 100.
PHE_RATES_998 = [
    (68, 174, 39.08046, 26.042038, 56.07105),
    (86, 189, 45.50265, 31.822578, 62.81142),
    (18, 179, 10.05587, 4.259916, 19.77478),
    (29, 107, 27.10280, 14.132552, 46.57906),
    (99, 102, 97.05882, 69.665053, 131.16634),
    (74, 102, 72.54902, 49.230487, 102.60273),
    (8, 155, 5.16129, 1.271493, 13.64916),  # exact
    (94, 114, 82.45614, 58.634753, 112.28780),
]


@pytest.mark.parametrize(("x", "n", "rate", "lower", "upper"), PHE_RATES_95)
def test_rate_matches_phe_vignette_95(
    x: int, n: int, rate: float, lower: float, upper: float
) -> None:
    assert rate_ci(x, n) == pytest.approx((rate, lower, upper), rel=1e-6)


@pytest.mark.parametrize(("x", "n", "rate", "lower", "upper"), PHE_RATES_998)
def test_rate_matches_phe_vignette_998(
    x: int, n: int, rate: float, lower: float, upper: float
) -> None:
    got = rate_ci(x, n, multiplier=100, confidence=0.998)
    assert got == pytest.approx((rate, lower, upper), rel=1e-6)


def test_byars_and_exact_are_the_two_halves_of_count_ci() -> None:
    # 8 events is exact in PHE's output, 18 and 68 are Byar's.
    assert count_ci(8) == exact_poisson_ci(8)
    assert count_ci(18) == byars_ci(18)
    assert np.array(count_ci(8)) / 155 * 1e5 == pytest.approx([2228.279, 10169.80], rel=1e-6)
    assert np.array(byars_ci(68)) / 174 * 1e5 == pytest.approx([30346.142, 49544.53], rel=1e-6)


def test_the_switch_is_at_ten_events() -> None:
    assert EXACT_BELOW == 10
    assert count_ci(9) == exact_poisson_ci(9)
    assert count_ci(10) == byars_ci(10)
    lower, upper = count_ci([9, 10])
    assert lower[0] == exact_poisson_ci(9).lower
    assert upper[1] == byars_ci(10).upper


def test_byars_is_within_0_2_percent_of_exact_from_10_events() -> None:
    counts = np.arange(10, 5001)
    byars, exact = byars_ci(counts), exact_poisson_ci(counts)
    assert np.max(np.abs(byars.lower / exact.lower - 1)) < 0.002
    assert np.max(np.abs(byars.upper / exact.upper - 1)) < 0.002


def test_zero_events() -> None:
    # Identities rather than published figures: P(X = 0 | mu) = alpha / 2 gives mu = -ln(alpha/2).
    for level, tail in [(0.95, 0.025), (0.998, 0.001)]:
        lower, upper = exact_poisson_ci(0, level)
        assert lower == 0.0
        assert upper == pytest.approx(-math.log(tail))
    assert count_ci(0).lower == 0.0
    assert byars_ci(0).lower == 0.0
    value, lower, upper = rate_ci(0, 1000)
    assert (value, lower) == (0.0, 0.0)
    assert upper == pytest.approx(-math.log(0.025) / 1000 * 1e5)


def test_byars_lower_limit_below_zero_is_nan_like_phe() -> None:
    lower, upper = byars_ci(1, confidence=0.998)
    assert math.isnan(lower)
    assert upper > 1


@pytest.mark.parametrize("count", [-1, math.nan, math.inf])
def test_impossible_counts_are_nan(count: float) -> None:
    for interval in (byars_ci(count), exact_poisson_ci(count), count_ci(count)):
        assert all(math.isnan(v) for v in interval)


@pytest.mark.parametrize("denominator", [0, -5, math.nan])
def test_rates_without_a_denominator_are_nan(denominator: float) -> None:
    assert all(math.isnan(v) for v in rate_ci(5, denominator))


def test_rate_arrays() -> None:
    events = [row[0] for row in PHE_RATES_95]
    people = [row[1] for row in PHE_RATES_95]
    value, lower, upper = rate_ci(events, people)
    assert isinstance(value, np.ndarray)
    assert lower == pytest.approx([row[3] for row in PHE_RATES_95], rel=1e-6)
    assert upper == pytest.approx([row[4] for row in PHE_RATES_95], rel=1e-6)


events = st.integers(min_value=0, max_value=10**7)


@given(events)
def test_interval_holds_the_count(count: int) -> None:
    for interval in (count_ci(count), exact_poisson_ci(count), count_ci(count, 0.998)):
        assert 0 <= interval.lower <= count <= interval.upper


@given(events)
def test_998_interval_contains_the_95_interval(count: int) -> None:
    narrow, wide = count_ci(count), count_ci(count, 0.998)
    assert wide.lower <= narrow.lower
    assert narrow.upper <= wide.upper


@given(events, st.integers(min_value=1, max_value=10**9))
def test_rate_interval_holds_the_rate(count: int, population: int) -> None:
    value, lower, upper = rate_ci(count, population)
    assert lower <= value <= upper
