"""Funnel plot limits, against PHEindicatormethods' test data.

Sources, both from PHEindicatormethods' tests/testthat:

* ``testdata_funnel_prop_outputs.csv``: 95% ("2s") and 99.8% ("3s") limits, as percentages,
  around a baseline of 80.642448% (the pooled proportion of ``testdata_funnel_prop_inputs``),
  at 100 populations from 1 to 110,000.
* ``testdata_funnel_rate_outputs.csv``: limits for a directly standardised rate per 100,000
  around a baseline of 116.1720835, one row per number of events ``E``. A row's limit ``L`` is
  drawn at the population ``E / L x 100,000`` (the file gives it per year of 3 years' data), so
  the limit recomputed at that population must be ``L`` again.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.metrics.stats import StatsError, funnel_limits, wilson_ci

PROPORTION_BASELINE = 80.642448

# Population, lower 2s, upper 2s, lower 3s, upper 3s (percent): rows of the PHE file.
PROPORTION_ROWS = [
    (1, 3.204264, 100, 0, 100),
    (3, 35.933491, 100, 10.150815, 100),
    (18, 62.390093, 98.894803, 51.864359, 100),
    (41, 68.548635, 92.73626, 61.574398, 99.710497),
    (1008, 78.203374, 83.081521, 76.796814, 84.488082),
    (9998, 79.867989, 81.416907, 79.421375, 81.863521),
    (110000, 80.408963, 80.875933, 80.274317, 81.010578),
]

RATE_BASELINE = 116.1720835

# Events, lower 2s, upper 2s, lower 3s, upper 3s (per 100,000): rows of the PHE file.
RATE_ROWS = [
    (1, 20.85059119, 4588.535848, 12.58170943, 116108.569),
    (10, 63.17010446, 242.2579623, 48.13632908, 392.4043292),
    (49, 87.87248461, 157.0305612, 76.17879537, 188.6279666),
    (302, 103.7821787, 130.473974, 97.54964876, 139.7025089),
    (1360, 110.158048, 122.6021934, 106.9073359, 126.5084525),
]


def test_proportion_limits_match_phe() -> None:
    populations = [row[0] for row in PROPORTION_ROWS]
    funnel = funnel_limits(populations, PROPORTION_BASELINE, multiplier=100)
    assert funnel.limits[0.95].lower == pytest.approx([r[1] for r in PROPORTION_ROWS], abs=1e-5)
    assert funnel.limits[0.95].upper == pytest.approx([r[2] for r in PROPORTION_ROWS], abs=1e-5)
    assert funnel.limits[0.998].lower == pytest.approx([r[3] for r in PROPORTION_ROWS], abs=1e-5)
    assert funnel.limits[0.998].upper == pytest.approx([r[4] for r in PROPORTION_ROWS], abs=1e-5)


@pytest.mark.parametrize(("events", "lower95", "upper95", "lower998", "upper998"), RATE_ROWS)
def test_rate_limits_match_phe(
    events: int, lower95: float, upper95: float, lower998: float, upper998: float
) -> None:
    # PHE bisects to 1e-7 on a transformed scale, so agreement is to about 6 figures.
    for level, limit, side in [
        (0.95, lower95, "lower"),
        (0.95, upper95, "upper"),
        (0.998, lower998, "lower"),
        (0.998, upper998, "upper"),
    ]:
        population = events / limit * 100_000
        funnel = funnel_limits([population], RATE_BASELINE, kind="rate", confidence=level)
        got = getattr(funnel.limits[level], side)[0]
        assert got == pytest.approx(limit, rel=1e-5)


def test_rate_funnel_population_per_year_as_in_the_file() -> None:
    # The file's lower_2s_population_1_year for 10 events is 5276.757672 with 3 years of data.
    population_per_year = 10 / 63.17010446 * 100_000 / 3
    assert population_per_year == pytest.approx(5276.757672, rel=1e-8)


def test_outside_the_funnel_means_the_interval_excludes_the_target() -> None:
    # PHE's test areas (testdata_funnel_prop_inputs.csv) with their published significance.
    areas = [
        (35078.488, 41980, "High (0.001)"),
        (50050.7443, 61921, "Not significant"),
        (24803.6256, 31824, "Low (0.001)"),
        (26789.238, 33012, "High (0.025)"),
        (30277.5312, 37828, "Low (0.025)"),
    ]
    for numerator, denominator, published in areas:
        funnel = funnel_limits([denominator], PROPORTION_BASELINE / 100)
        value = numerator / denominator
        side95 = funnel.outside([value], 0.95)[0]
        side998 = funnel.outside([value], 0.998)[0]
        expected = {
            "High (0.001)": (1, 1),
            "High (0.025)": (1, 0),
            "Low (0.001)": (-1, -1),
            "Low (0.025)": (-1, 0),
            "Not significant": (0, 0),
        }[published]
        assert (side95, side998) == expected
        lower, upper = wilson_ci(numerator, denominator)
        assert (side95 != 0) == (not lower <= PROPORTION_BASELINE / 100 <= upper)


def test_defaults_and_edges() -> None:
    funnel = funnel_limits([0, -3, math.nan, 50], 0.5)
    assert funnel.kind == "proportion"
    assert funnel.multiplier == 1
    assert set(funnel.limits) == {0.95, 0.998}
    lower, upper = funnel.limits[0.95]
    assert np.isnan(lower[:3]).all()
    assert np.isnan(upper[:3]).all()
    assert 0 < lower[3] < 0.5 < upper[3] < 1
    assert funnel_limits([100], 100_000, kind="rate").multiplier == 100_000
    assert np.isnan(funnel_limits([10], 1.5).limits[0.95].lower).all()  # target above 100%


def test_single_level_and_bad_requests() -> None:
    assert set(funnel_limits([10], 0.2, confidence=0.9).limits) == {0.9}
    with pytest.raises(StatsError):
        funnel_limits([10], 0.2, kind="ratio")  # type: ignore[arg-type]
    with pytest.raises(StatsError):
        funnel_limits([10], 0.2, confidence=[])
    with pytest.raises(StatsError):
        funnel_limits([10], 0.2, multiplier=0)
    with pytest.raises(StatsError, match="limits are for"):
        funnel_limits([10], 0.2).outside([0.5], 0.9)


@given(
    st.floats(min_value=0.01, max_value=0.99),
    st.lists(st.integers(min_value=1, max_value=10**7), min_size=1, max_size=10),
    st.sampled_from(["proportion", "rate"]),
)
def test_limits_surround_the_target_and_nest(
    target: float, denominators: list[int], kind: str
) -> None:
    funnel = funnel_limits(denominators, target, kind=kind)  # type: ignore[arg-type]
    narrow, wide = funnel.limits[0.95], funnel.limits[0.998]
    assert (wide.lower <= narrow.lower + 1e-9).all()
    assert (narrow.lower <= target + 1e-9).all()
    assert (target <= narrow.upper + 1e-9).all()
    assert (narrow.upper <= wide.upper + 1e-9).all()
