"""Every metric's intervals and significance for 10,000 areas x 60 periods, vectorised.

Baseline, in the same run: the plain division numerator / denominator over the same arrays (the
least any implementation must do).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from joinedup.metrics import stats

AREAS, PERIODS = 10_000, 60


def _time(action: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def metrics() -> list[str]:
    generator = np.random.default_rng(1)
    shape = (AREAS, PERIODS)
    denominators = generator.integers(50, 200_000, size=shape).astype(float)
    proportions = denominators * generator.uniform(0.05, 0.95, size=shape)
    numerators = np.floor(proportions)
    counts = generator.poisson(30, size=shape).astype(float)
    bands = stats.ESP2013.shape[0]
    band_counts = generator.poisson(5, size=(AREAS, bands)).astype(float)
    band_people = generator.integers(500, 20_000, size=(AREAS, bands)).astype(float)

    def baseline() -> object:
        return numerators / denominators

    def proportions_with_significance() -> object:
        value, lower, upper = stats.proportion_ci(
            numerators.ravel(), denominators.ravel(), multiplier=100
        )
        return stats.compare_with_benchmark(value, lower, upper, 50.0, "higher_is_better")

    def rates_with_significance() -> object:
        value, lower, upper = stats.rate_ci(counts.ravel(), denominators.ravel())
        return stats.compare_with_benchmark(value, lower, upper, 30.0, "lower_is_better")

    def age_standardised() -> object:
        return stats.dsr_many(band_counts, band_people)

    base = _time(baseline)
    rows = [
        ("division (baseline)", base),
        ("proportions: Wilson 95% + comparison with England", _time(proportions_with_significance)),
        ("rates: exact/Byar's 95% + comparison with England", _time(rates_with_significance)),
        (f"DSRs: Dobson 95% ({AREAS:,} areas x 19 bands)", _time(age_standardised)),
    ]
    lines = [
        f"{AREAS:,} areas x {PERIODS} periods = {AREAS * PERIODS:,} values per method "
        "(best of three runs).",
        "",
        "| computation | seconds | ratio to baseline |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {label} | {seconds:.3f} | {seconds / base:,.0f} |" for label, seconds in rows]
    return lines
