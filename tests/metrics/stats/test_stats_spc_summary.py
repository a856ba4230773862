"""The icon matrix: one row per metric and area with its latest SPC icons."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.metrics.stats import spc, spc_summary

STEADY = [10.0, 11] * 6
RISING = [10.0, 11] * 6 + [30.0]


def test_rows_follow_the_series_with_their_latest_icons() -> None:
    rows = spc_summary(
        {
            ("waits", "North"): RISING,
            ("waits", "South"): STEADY,
            ("uptake", "North"): RISING,
            ("uptake", "East"): [1.0, 2.0],
            ("uptake", "West"): [],
        },
        improvement={"waits": "decrease", "uptake": "increase"},
        target={"waits": 5.0},
        baseline=12,
    )
    assert [(r.metric, r.area) for r in rows] == [
        ("waits", "North"),
        ("waits", "South"),
        ("uptake", "North"),
        ("uptake", "East"),
        ("uptake", "West"),
    ]
    north = rows[0]
    assert (north.variation, north.assurance, north.special_cause) == (
        "concern_high",
        "fail",
        "concern",
    )
    assert north.latest == 30.0
    assert north.points == 13
    assert (rows[1].variation, rows[1].assurance) == ("common_cause", "fail")
    assert (rows[2].variation, rows[2].assurance) == ("improvement_high", None)
    assert (rows[3].variation, rows[3].mean) == (None, None)  # too short for limits
    assert (rows[4].points, rows[4].latest, rows[4].variation) == (0, None, None)


def test_summary_agrees_with_the_chart() -> None:
    (row,) = spc_summary({("m", "a"): RISING}, improvement=None, recalculate_at={("m", "a"): [1]})
    last = spc(RISING, improvement=None, recalculate_at=[1])[-1]
    assert (row.mean, row.lower_limit, row.upper_limit) == (
        last.mean,
        last.lower_limit,
        last.upper_limit,
    )
    assert row.variation == last.variation == "neutral_high"


finite = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=300)
@given(
    st.lists(finite, max_size=40),
    st.sampled_from(["increase", "decrease", None]),
    st.one_of(st.none(), finite),
    st.lists(st.integers(min_value=-5, max_value=45), max_size=3),
    st.one_of(st.none(), st.integers(min_value=1, max_value=30)),
    st.integers(min_value=1, max_value=20),
    st.booleans(),
    st.sampled_from([6, 7]),
)
def test_spc_never_raises_on_a_finite_series(
    values: list[float],
    improvement: str | None,
    target: float | None,
    recalculate_at: list[int],
    baseline: int | None,
    minimum_points: int,
    screen_outliers: bool,
    run_length: int,
) -> None:
    chart = spc(
        values,
        improvement=improvement,  # type: ignore[arg-type]
        target=target,
        recalculate_at=recalculate_at,
        baseline=baseline,
        minimum_points=minimum_points,
        screen_outliers=screen_outliers,
        run_length=run_length,
    )
    assert [p.index for p in chart] == list(range(len(values)))
    assert [p.value for p in chart] == values
    for point in chart:
        if point.mean is None:
            assert (point.special_cause, point.variation, point.assurance) == ("none", None, None)
            continue
        assert point.lower_limit is not None and point.upper_limit is not None
        assert math.isfinite(point.mean)
        assert point.lower_limit <= point.mean <= point.upper_limit
        assert point.variation is not None
        assert (point.special_cause == "none") == (point.rule is None)
        if improvement is None:
            assert point.special_cause in ("none", "neither")
        else:
            assert point.special_cause != "neither"
    rows = spc_summary({("m", "a"): np.array(values)}, improvement=improvement)  # type: ignore[arg-type]
    assert rows[0].points == len(values)
