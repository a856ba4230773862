"""Means with Student's t intervals, against PHEindicatormethods' published output.

Source: PHEindicatormethods "Introduction to PHEindicatormethods" vignette (inst/doc, 2018
build): for ``obs`` = 68, 86, 18, 29, 99, 74, 8, 94, ``phe_mean(df, obs)`` prints 59.5
(29.45637 to 89.54363); grouped by year at 99.8% it prints 2015 (68, 86, 18, 29) as 50.2
(-114 to 214) and 2016 (99, 74, 8, 94) as 68.8 (-145 to 283), to three significant figures.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.metrics.stats import mean_ci

OBS = [68, 86, 18, 29, 99, 74, 8, 94]


def test_mean_matches_phe_vignette() -> None:
    assert mean_ci(OBS) == pytest.approx((59.5, 29.45637, 89.54363), rel=1e-6)


@pytest.mark.parametrize(
    ("values", "printed"),
    [(OBS[:4], (50.2, -114, 214)), (OBS[4:], (68.8, -145, 283))],
)
def test_mean_998_matches_phe_vignette_to_3_figures(
    values: list[int], printed: tuple[float, float, float]
) -> None:
    got = mean_ci(values, confidence=0.998)
    assert [float(f"{v:.3g}") for v in got] == list(printed)


def test_no_values_and_one_value() -> None:
    assert all(math.isnan(v) for v in mean_ci([]))
    value, lower, upper = mean_ci([4.5])
    assert value == 4.5
    assert math.isnan(lower)
    assert math.isnan(upper)


def test_missing_values_are_left_out() -> None:
    assert mean_ci([*OBS, math.nan, None]) == pytest.approx(mean_ci(OBS))


def test_identical_values_have_a_zero_width_interval() -> None:
    assert mean_ci([3, 3, 3]) == (3.0, 3.0, 3.0)


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(st.lists(finite, min_size=2, max_size=50))
def test_interval_holds_the_mean_and_widens_at_998(values: list[float]) -> None:
    value, lower, upper = mean_ci(values)
    tolerance = 1e-9 * (1 + abs(value))
    assert lower - tolerance <= value <= upper + tolerance
    wide = mean_ci(values, 0.998)
    assert wide.lower <= lower + tolerance
    assert upper <= wide.upper + tolerance
