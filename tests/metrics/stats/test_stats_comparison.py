"""Benchmark comparison as Fingertips shows it: by the value's confidence interval.

Fingertips (OHID, Public Health Technical Guidance, "Benchmarking") rates an area "better",
"similar" or "worse" than the benchmark when its confidence interval lies wholly on the good
side, includes the benchmark, or lies wholly on the bad side; "higher" and "lower" where no
direction is better; and does not compare a value without an interval.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from joinedup.metrics.stats import COMPARISONS, StatsError, compare_with_benchmark


@pytest.mark.parametrize(
    ("interval", "higher", "lower", "neither"),
    [
        ((12.0, 14.0), "better", "worse", "higher"),
        ((8.0, 12.0), "similar", "similar", "similar"),
        ((7.0, 9.0), "worse", "better", "lower"),
        ((10.0, 12.0), "similar", "similar", "similar"),  # touching the benchmark
        ((8.0, 10.0), "similar", "similar", "similar"),
    ],
)
def test_each_polarity(
    interval: tuple[float, float], higher: str, lower: str, neither: str
) -> None:
    low, high = interval
    value = (low + high) / 2
    assert compare_with_benchmark(value, low, high, 10.0, "higher_is_better") == higher
    assert compare_with_benchmark(value, low, high, 10.0, "lower_is_better") == lower
    assert compare_with_benchmark(value, low, high, 10.0, "no_judgement") == neither


@pytest.mark.parametrize("missing", [None, math.nan])
def test_anything_missing_is_not_compared(missing: float | None) -> None:
    assert compare_with_benchmark(missing, 1, 2, 3, "higher_is_better") == "not compared"
    assert compare_with_benchmark(1.5, missing, 2, 3, "higher_is_better") == "not compared"
    assert compare_with_benchmark(1.5, 1, missing, 3, "higher_is_better") == "not compared"
    assert compare_with_benchmark(1.5, 1, 2, missing, "higher_is_better") == "not compared"


def test_vectorised() -> None:
    got = compare_with_benchmark(
        [13, 10, 8, None], [12, 8, 7, 1], [14, 12, 9, 2], 10, "lower_is_better"
    )
    assert isinstance(got, np.ndarray)
    assert got.tolist() == ["worse", "similar", "better", "not compared"]
    assert set(got.tolist()) <= set(COMPARISONS)


def test_unknown_polarity_is_an_error() -> None:
    with pytest.raises(StatsError, match="polarity"):
        compare_with_benchmark(1, 0, 2, 1, "rag")  # type: ignore[call-overload]
