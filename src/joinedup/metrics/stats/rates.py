"""Crude rates per ``multiplier`` people (100,000 by default) with PHE's confidence interval.

``value = O / n * multiplier``; the limits are those of the count ``O``
(:func:`~joinedup.metrics.stats.counts.count_ci`: exact below 10 events, Byar's from 10) divided
by ``n`` and times ``multiplier``, as PHEindicatormethods' ``phe_rate`` does.
"""

from __future__ import annotations

from typing import Any, overload

import numpy as np

from ._inputs import Estimate, FloatArray, Numbers, floats, is_scalar, quietly, shaped
from .counts import count_limits

__all__ = ["rate_ci"]


@overload
def rate_ci(
    count: float, denominator: float, multiplier: float = 100_000, confidence: float = 0.95
) -> Estimate[float]: ...
@overload
def rate_ci(
    count: Numbers, denominator: Numbers, multiplier: float = 100_000, confidence: float = 0.95
) -> Estimate[FloatArray]: ...
@quietly
def rate_ci(
    count: Numbers, denominator: Numbers, multiplier: float = 100_000, confidence: float = 0.95
) -> Any:
    """A crude rate ``(value, lower, upper)`` per ``multiplier`` of the denominator.

    A denominator of 0 or below (or missing), or a negative or missing count, gives NaN for all
    three: there is no rate (PHEindicatormethods stops with an error instead).

    >>> [round(v, 1) for v in rate_ci(68, 174)]
    [39080.5, 30346.1, 49544.5]
    """
    x, n = floats(count, denominator)
    valid = np.isfinite(n) & (n > 0) & np.isfinite(x) & (x >= 0)
    limits = count_limits(x, confidence)
    with np.errstate(all="ignore"):
        scale = np.where(valid, multiplier / n, np.nan)
    scalar = is_scalar(count, denominator)
    return Estimate(
        shaped(x * scale, scalar),
        shaped(limits.lower * scale, scalar),
        shaped(limits.upper * scale, scalar),
    )
