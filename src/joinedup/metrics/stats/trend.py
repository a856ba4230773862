"""Fingertips' "recent trend" for proportions: the chi-squared test for trend on the last 5 points.

With ``r_i`` of ``n_i`` at times ``t_i = 1..k`` (the most recent ``k = 5`` points), ``R`` and
``N`` the totals, the Cochran-Armitage statistic on one degree of freedom is::

    X2 = N (N sum(r_i t_i) - R sum(n_i t_i))**2
         / (R (N - R) (N sum(n_i t_i**2) - sum(n_i t_i)**2))

Fingertips calls the trend significant when ``X2`` exceeds the 99.8% point of chi-squared on 1
degree of freedom (9.5495). Its direction is the sign of the ordinary least-squares slope of the
log-odds ``log(r_i / (n_i - r_i))`` on ``t_i``; and the trend is reported only if the slope keeps
its sign when each point is left out in turn ("no outliers"). Otherwise the answer is "no
significant change". Series with fewer points, missing or impossible values, or with no events
(or only events) at all cannot be tested.

Where a point has 0 events or all events its log-odds is infinite; here those points use the
empirical log-odds ``log((r + 0.5) / (n - r + 0.5))`` for the direction (the whole series then
does, so that the points stay comparable). Fingertips does not say what it does there.

References: Armitage P. Tests for linear trends in proportions and frequencies. Biometrics
1955;11:375-386. Altman DG. Practical statistics for medical research. Chapman & Hall; 1991:
261-265. OHID, Fingertips Public Health Technical Guidance, "Fingertips trend markers"; and
PHEindicatormethods ``assign_trend_markers``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final, Literal

import numpy as np

from ._distributions import chi2_sf
from ._inputs import FloatArray, Numbers, StatsError, confidence_level, floats, quietly

__all__ = ["TREND_POINTS", "Direction", "TrendResult", "trend_test"]

Direction = Literal["increasing", "decreasing", "no significant change", "cannot be calculated"]

#: Fingertips tests the most recent five points.
TREND_POINTS: Final = 5


@dataclass(frozen=True, slots=True)
class TrendResult:
    """The recent-trend marker and how it was reached.

    ``chi_square`` and ``p_value`` are NaN when the test cannot be calculated. ``significant``
    says the statistic passed the critical value; ``consistent`` that every leave-one-out slope
    has the sign of the full slope. ``slope`` is the change in log-odds per period. ``reason``
    is a sentence for people.
    """

    direction: Direction
    chi_square: float
    p_value: float
    significant: bool
    consistent: bool
    slope: float
    points: int
    reason: str


def _cannot(reason: str, points: int) -> TrendResult:
    return TrendResult(
        "cannot be calculated", math.nan, math.nan, False, False, math.nan, points, reason
    )


def _slope(log_odds: FloatArray, times: FloatArray) -> float:
    centred = times - times.mean()
    return float((centred * (log_odds - log_odds.mean())).sum() / (centred**2).sum())


def _chi_square(r: FloatArray, n: FloatArray, t: FloatArray) -> float:
    total_n, total_r = n.sum(), r.sum()
    top = total_n * (total_n * (r * t).sum() - total_r * (n * t).sum()) ** 2
    bottom = total_r * (total_n - total_r) * (total_n * (n * t**2).sum() - (n * t).sum() ** 2)
    return float(top / bottom)


@quietly
def trend_test(
    numerators: Numbers,
    denominators: Numbers,
    points: int = TREND_POINTS,
    confidence: float = 0.998,
) -> TrendResult:
    """Test the most recent ``points`` proportions (oldest first) for a trend, as Fingertips does.

    ``numerators`` and ``denominators`` are in time order, equally spaced and not overlapping
    (single years, say). Returns "increasing" or "decreasing" for a significant, consistent
    trend, "no significant change" otherwise, and "cannot be calculated" when there are fewer
    than ``points`` values, a missing or impossible value (a denominator of 0 or below, a
    numerator below 0 or above its denominator) among them, or no events (or only events) in
    all of them.

    >>> result = trend_test([120, 135, 150, 171, 190], [1000, 1000, 1000, 1000, 1000])
    >>> result.direction, round(result.chi_square, 2)
    ('increasing', 23.88)
    """
    level = confidence_level(confidence)
    if points < 3:
        raise StatsError("a trend needs at least 3 points")
    r_all, n_all = floats(numerators, denominators)
    if r_all.ndim != 1:
        raise StatsError("trend_test takes one series of numerators and denominators")
    if r_all.size < points:
        return _cannot(f"fewer than {points} points", int(r_all.size))
    r, n = r_all[-points:], n_all[-points:]
    if not (np.all(np.isfinite(r)) and np.all(np.isfinite(n))):
        return _cannot("a value is missing", points)
    if np.any(n <= 0) or np.any(r < 0) or np.any(r > n):
        return _cannot("a numerator or denominator is impossible", points)
    if r.sum() == 0 or r.sum() == n.sum():
        return _cannot("no events, or only events: there is no variation to test", points)

    t = np.arange(1.0, points + 1)
    statistic = _chi_square(r, n, t)
    p_value = chi2_sf(statistic, 1)
    significant = p_value < 1 - level
    if np.any(r == 0) or np.any(r == n):
        log_odds = np.log((r + 0.5) / (n - r + 0.5))
    else:
        log_odds = np.log(r / (n - r))
    slope = _slope(log_odds, t)
    keep = ~np.eye(points, dtype=bool)
    consistent = all(np.sign(_slope(log_odds[row], t[row])) == np.sign(slope) != 0 for row in keep)
    if not significant:
        direction: Direction = "no significant change"
        reason = f"chi-squared {statistic:.4g} is not beyond the {level:.1%} level"
    elif not consistent:
        direction = "no significant change"
        reason = "the slope changes sign when one point is left out (an outlier)"
    else:
        direction = "increasing" if slope > 0 else "decreasing"
        reason = f"chi-squared {statistic:.4g} is beyond the {level:.1%} level, with no outlier"
    return TrendResult(
        direction, statistic, p_value, bool(significant), consistent, slope, points, reason
    )
