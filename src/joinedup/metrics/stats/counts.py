"""Confidence intervals for counts of events (Poisson): exact, Byar's, and PHE's choice of the two.

*Exact* (Garwood 1936; Armitage & Berry): the limits are chi-squared quantiles, written here with
the equivalent gamma quantiles ``G``::

    lower = G(alpha/2; O)          (0 when O = 0)
    upper = G(1 - alpha/2; O + 1)

*Byar's approximation* (Breslow & Day 1987), within 0.2% of exact for 95% limits from 10
events::

    lower = O (1 - 1/(9O) - z/(3 sqrt(O)))**3
    upper = (O + 1)(1 - 1/(9(O + 1)) + z/(3 sqrt(O + 1)))**3

*PHE's convention* (PHEindicatormethods ``phe_rate``: ``if_else(x < 10, exact, byars)``) uses
exact limits below 10 events and Byar's at 10 or more; :func:`count_ci` does the same.

References: Breslow NE, Day NE. Statistical methods in cancer research, volume II. IARC; 1987.
Armitage P, Berry G, Matthews JNS. Statistical methods in medical research, 4th edn. Blackwell;
2002. Garwood F. Fiducial limits for the Poisson distribution. Biometrika 1936;28:437-442.
"""

from __future__ import annotations

from typing import Any, overload

import numpy as np
from numpy.typing import NDArray

from ._distributions import gamma_ppf
from ._inputs import (
    FloatArray,
    Interval,
    Numbers,
    confidence_level,
    floats,
    is_scalar,
    quietly,
    shaped,
    z_value,
)

__all__ = ["EXACT_BELOW", "byars_ci", "count_ci", "exact_poisson_ci"]

#: Counts below this use exact Poisson limits in :func:`count_ci`; Byar's from here up (PHE).
EXACT_BELOW = 10


def _valid(count: FloatArray) -> NDArray[np.bool_]:
    return np.isfinite(count) & (count >= 0)


def byars_limits(count: FloatArray, z: float) -> Interval[FloatArray]:
    """Byar's limits for arrays. See :func:`byars_ci`."""
    valid = _valid(count)
    with np.errstate(all="ignore"):
        base = 1 - 1 / (9 * count) - z / (3 * np.sqrt(count))
        lower = np.where(count == 0, 0.0, count * base**3)
        # Like PHEindicatormethods, a negative approximate lower limit is no limit at all.
        lower = np.where(lower < 0, np.nan, lower)
        above = count + 1
        upper = above * (1 - 1 / (9 * above) + z / (3 * np.sqrt(above))) ** 3
    return Interval(np.where(valid, lower, np.nan), np.where(valid, upper, np.nan))


def exact_limits(count: FloatArray, confidence: float) -> Interval[FloatArray]:
    """Exact Poisson limits for arrays. See :func:`exact_poisson_ci`."""
    alpha = 1 - confidence_level(confidence)
    valid = _valid(count)
    safe = np.where(valid, count, 0.0)
    with np.errstate(all="ignore"):
        lower = np.where(safe > 0, gamma_ppf(alpha / 2, np.where(safe > 0, safe, 1.0)), 0.0)
        upper = gamma_ppf(1 - alpha / 2, safe + 1)
    return Interval(np.where(valid, lower, np.nan), np.where(valid, upper, np.nan))


def count_limits(count: FloatArray, confidence: float) -> Interval[FloatArray]:
    """PHE's limits for arrays: exact below :data:`EXACT_BELOW`, Byar's from it."""
    exact = exact_limits(count, confidence)
    byars = byars_limits(count, z_value(confidence))
    small = count < EXACT_BELOW
    return Interval(
        np.where(small, exact.lower, byars.lower), np.where(small, exact.upper, byars.upper)
    )


@overload
def byars_ci(count: float, confidence: float = 0.95) -> Interval[float]: ...
@overload
def byars_ci(count: Numbers, confidence: float = 0.95) -> Interval[FloatArray]: ...
@quietly
def byars_ci(count: Numbers, confidence: float = 0.95) -> Any:
    """Byar's approximate confidence interval for an observed count of events.

    Matches PHEindicatormethods' ``byars_lower``/``byars_upper``. A count of 0 has a lower limit
    of 0. For very small counts at high confidence the approximate lower limit goes below zero;
    that limit is NaN, as in PHEindicatormethods (use :func:`count_ci`, which is exact there).
    A negative or missing count gives NaN.

    >>> [round(v, 3) for v in byars_ci(68)]
    [52.802, 86.207]
    """
    (values,) = floats(count)
    limits = byars_limits(values, z_value(confidence))
    scalar = is_scalar(count)
    return Interval(shaped(limits.lower, scalar), shaped(limits.upper, scalar))


@overload
def exact_poisson_ci(count: float, confidence: float = 0.95) -> Interval[float]: ...
@overload
def exact_poisson_ci(count: Numbers, confidence: float = 0.95) -> Interval[FloatArray]: ...
@quietly
def exact_poisson_ci(count: Numbers, confidence: float = 0.95) -> Any:
    """The exact (chi-squared based) Poisson confidence interval for an observed count.

    A count of 0 gives ``(0, -ln(alpha/2))``: 3.689 at 95%. Non-whole counts are allowed (the
    gamma form is continuous). A negative or missing count gives NaN.

    >>> [round(v, 4) for v in exact_poisson_ci(1)]
    [0.0253, 5.5716]
    """
    (values,) = floats(count)
    limits = exact_limits(values, confidence)
    scalar = is_scalar(count)
    return Interval(shaped(limits.lower, scalar), shaped(limits.upper, scalar))


@overload
def count_ci(count: float, confidence: float = 0.95) -> Interval[float]: ...
@overload
def count_ci(count: Numbers, confidence: float = 0.95) -> Interval[FloatArray]: ...
@quietly
def count_ci(count: Numbers, confidence: float = 0.95) -> Any:
    """PHE's interval for a count: exact below 10 events, Byar's at 10 or more.

    >>> [round(v, 3) for v in count_ci(8)]
    [3.454, 15.763]
    """
    (values,) = floats(count)
    limits = count_limits(values, confidence)
    scalar = is_scalar(count)
    return Interval(shaped(limits.lower, scalar), shaped(limits.upper, scalar))
