"""The Fingertips recent-trend test for proportions.

Sources:

* Altman DG. Practical statistics for medical research. Chapman & Hall 1991, pp.261-265:
  caesarean sections by mother's shoe size (<4, 4, 4.5, 5, 5.5, 6+): 5, 7, 6, 7, 8, 10
  caesareans of 22, 35, 42, 48, 54, 150 deliveries; chi-squared for trend 8.02 (1 df,
  P = 0.005), against 9.29 on 5 df for any difference. The same Cochran-Armitage statistic is
  Fingertips' test, there over the last five points at 99.8%.
* Fingertips trend markers (OHID Public Health Technical Guidance) and PHEindicatormethods
  ``assign_trend_markers``: significant when chi-squared exceeds 9.5495, the 99.8% point of
  chi-squared on 1 df; direction from the slope of the log-odds; "no significant change" when
  leaving out any one point flips the slope.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.metrics.stats import TREND_POINTS, StatsError, trend_test

CAESAREANS = [5, 7, 6, 7, 8, 10]
DELIVERIES = [22, 35, 42, 48, 54, 150]


def test_altman_shoe_size_chi_squared_for_trend() -> None:
    result = trend_test(CAESAREANS, DELIVERIES, points=6, confidence=0.95)
    assert result.chi_square == pytest.approx(8.02, abs=0.005)
    assert result.p_value == pytest.approx(0.005, abs=0.0005)
    assert result.direction == "decreasing"
    # At Fingertips' 99.8% the same data would not be flagged.
    assert trend_test(CAESAREANS, DELIVERIES, points=6).direction == "no significant change"


def test_critical_value_is_fingertips_9_5495() -> None:
    from joinedup.metrics.stats._distributions import chi2_sf

    assert chi2_sf(9.5495, 1) == pytest.approx(0.002, rel=1e-4)


def test_uses_the_most_recent_five_points() -> None:
    assert TREND_POINTS == 5
    older = [900, 10]  # would dominate if used
    result = trend_test([*older, 120, 135, 150, 171, 190], [1000] * 7)
    assert result.points == 5
    assert result == trend_test([120, 135, 150, 171, 190], [1000] * 5)


def test_increasing_and_decreasing() -> None:
    up = trend_test([120, 135, 150, 171, 190], [1000] * 5)
    assert (up.direction, up.significant, up.consistent) == ("increasing", True, True)
    assert up.slope > 0
    down = trend_test([190, 171, 150, 135, 120], [1000] * 5)
    assert down.direction == "decreasing"
    assert down.chi_square == pytest.approx(up.chi_square)


def test_one_outlying_point_is_not_a_trend() -> None:
    result = trend_test([100, 90, 80, 70, 400], [1000] * 5)
    assert result.significant
    assert not result.consistent
    assert result.direction == "no significant change"
    assert "outlier" in result.reason


def test_no_change() -> None:
    result = trend_test([100, 102, 98, 101, 99], [1000] * 5)
    assert (result.direction, result.significant) == ("no significant change", False)


@pytest.mark.parametrize(
    ("numerators", "denominators", "reason"),
    [
        ([1, 2, 3, 4], [10] * 4, "fewer than 5"),
        ([1, 2, math.nan, 4, 5], [10] * 5, "missing"),
        ([1, 2, 3, 4, 5], [10, 10, 0, 10, 10], "impossible"),
        ([1, 2, 12, 4, 5], [10] * 5, "impossible"),
        ([0, 0, 0, 0, 0], [10] * 5, "no events"),
        ([10, 10, 10, 10, 10], [10] * 5, "only events"),
    ],
)
def test_cannot_be_calculated(
    numerators: list[float], denominators: list[float], reason: str
) -> None:
    result = trend_test(numerators, denominators)
    assert result.direction == "cannot be calculated"
    assert reason in result.reason
    assert math.isnan(result.chi_square)


def test_zero_counts_use_the_empirical_log_odds() -> None:
    result = trend_test([0, 1, 2, 5, 9], [10] * 5)
    assert result.direction == "increasing"
    assert math.isfinite(result.slope)


def test_malformed_requests() -> None:
    with pytest.raises(StatsError):
        trend_test([1, 2, 3], [5, 5, 5], points=2)
    with pytest.raises(StatsError):
        trend_test([[1, 2, 3, 4, 5]], [[9, 9, 9, 9, 9]])


@given(
    st.lists(st.integers(min_value=1, max_value=10**5), min_size=5, max_size=8),
    st.data(),
)
def test_never_raises_and_reverses_with_time(denominators: list[int], data: st.DataObject) -> None:
    numerators = [data.draw(st.integers(min_value=0, max_value=n)) for n in denominators]
    forward = trend_test(numerators, denominators)
    backward = trend_test(numerators[-5:][::-1], denominators[-5:][::-1])
    assert forward.points == backward.points == 5
    flipped = {"increasing": "decreasing", "decreasing": "increasing"}
    assert backward.direction == flipped.get(forward.direction, forward.direction)
    if forward.direction != "cannot be calculated":
        assert backward.chi_square == pytest.approx(forward.chi_square)
