"""Proportions and their Wilson score confidence intervals (PHE's method for proportions).

Wilson (1927) inverts the normal-approximation score test, so the interval never leaves 0..1
and stays sensible for 0 of n and n of n. With ``z`` the two-sided normal quantile, ``x`` the
numerator and ``n`` the denominator::

    lower, upper = (2x + z**2 -/+ z * sqrt(z**2 + 4x(1 - x/n))) / (2(n + z**2))

References: Wilson EB. Probable inference, the law of succession, and statistical inference.
J Am Stat Assoc 1927;22:209-212. Newcombe RG, Altman DG. Proportions and their differences. In
Altman DG et al (eds), Statistics with confidence, 2nd edn. BMJ Books; 2000: 46-48.
"""

from __future__ import annotations

from typing import Any, overload

import numpy as np

from ._inputs import (
    Estimate,
    FloatArray,
    Interval,
    Numbers,
    floats,
    is_scalar,
    quietly,
    shaped,
    z_value,
)

__all__ = ["proportion_ci", "wilson_ci"]


def wilson_limits(x: FloatArray, n: FloatArray, z: float) -> Interval[FloatArray]:
    """Wilson limits on the 0..1 scale for arrays; NaN where ``x`` of ``n`` is not a proportion."""
    valid = np.isfinite(x) & np.isfinite(n) & (n > 0) & (x >= 0) & (x <= n)
    with np.errstate(all="ignore"):
        centre = 2 * x + z**2
        spread = z * np.sqrt(z**2 + 4 * x * (1 - x / n))
        scale = 2 * (n + z**2)
        lower = np.clip((centre - spread) / scale, 0.0, 1.0)
        upper = np.clip((centre + spread) / scale, 0.0, 1.0)
    # The formula gives exactly 0 and 1 at the ends; pin them against rounding.
    lower = np.where(x == 0, 0.0, lower)
    upper = np.where(x == n, 1.0, upper)
    return Interval(np.where(valid, lower, np.nan), np.where(valid, upper, np.nan))


@overload
def wilson_ci(
    numerator: float, denominator: float, confidence: float = 0.95
) -> Interval[float]: ...
@overload
def wilson_ci(
    numerator: Numbers, denominator: Numbers, confidence: float = 0.95
) -> Interval[FloatArray]: ...
@quietly
def wilson_ci(numerator: Numbers, denominator: Numbers, confidence: float = 0.95) -> Any:
    """Wilson score interval for ``numerator`` of ``denominator``, on the proportion scale (0..1).

    Matches PHEindicatormethods' ``wilson_lower``/``wilson_upper``. 0 of n gives a lower limit of
    exactly 0 and n of n an upper limit of exactly 1. A denominator of 0 (or below), a negative
    numerator, a numerator above its denominator, or a missing value gives NaN: there is no
    proportion to bound.

    >>> lower, upper = wilson_ci(65, 100)
    >>> round(lower, 4), round(upper, 4)
    (0.5525, 0.7364)
    """
    x, n = floats(numerator, denominator)
    limits = wilson_limits(x, n, z_value(confidence))
    scalar = is_scalar(numerator, denominator)
    return Interval(shaped(limits.lower, scalar), shaped(limits.upper, scalar))


@overload
def proportion_ci(
    numerator: float, denominator: float, confidence: float = 0.95, multiplier: float = 1
) -> Estimate[float]: ...
@overload
def proportion_ci(
    numerator: Numbers, denominator: Numbers, confidence: float = 0.95, multiplier: float = 1
) -> Estimate[FloatArray]: ...
@quietly
def proportion_ci(
    numerator: Numbers, denominator: Numbers, confidence: float = 0.95, multiplier: float = 1
) -> Any:
    """The proportion with its Wilson interval, all times ``multiplier`` (100 for a percentage).

    The counterpart of PHEindicatormethods' ``phe_proportion``: ``(value, lower, upper)``. Where
    :func:`wilson_ci` gives NaN limits, the value is NaN too.

    >>> [round(v, 2) for v in proportion_ci(68, 174, confidence=0.998, multiplier=100)]
    [39.08, 28.5, 50.79]
    """
    x, n = floats(numerator, denominator)
    limits = wilson_limits(x, n, z_value(confidence))
    with np.errstate(all="ignore"):
        value = np.where(np.isnan(limits.lower), np.nan, x / n)
    scalar = is_scalar(numerator, denominator)
    return Estimate(
        shaped(value * multiplier, scalar),
        shaped(limits.lower * multiplier, scalar),
        shaped(limits.upper * multiplier, scalar),
    )
