"""Funnel plot control limits around a target, as in PHE's funnel plot methodology.

An area with denominator ``n`` lies outside the limits at level ``c`` exactly when its own
confidence interval at level ``c`` excludes the target, so the funnel answers "is this area
significantly different from the target?" at every size at once. PHE draws 95% ("2 sigma") and
99.8% ("3 sigma") limits (PHEindicatormethods ``calculate_funnel_limits``):

* **Proportions** invert the Wilson score interval: the limits at ``n`` are the two observed
  proportions whose Wilson interval just reaches the target ``pi``. With ``z`` the two-sided
  normal quantile and ``a = pi (1 + z**2/n) - z**2/(2n)``, they are the roots of
  ``(1 + z**2/n) p**2 - (2a + z**2/n) p + a**2 - z**4/(4 n**2) = 0``, kept within 0..1.
* **Rates** use exact Poisson limits. With ``mu = target x n`` the expected count, the lower
  limit is ``e/n`` for the ``e`` whose exact upper limit is ``mu`` (``P(X <= e) = alpha/2``, zero
  when even ``e = 0`` reaches it) and the upper limit is ``e/n`` for the ``e`` whose exact lower
  limit is ``mu`` (``P(X >= e) = alpha/2``), with counts extended continuously through the
  regularised incomplete gamma function. PHEindicatormethods solves the same equations by
  bisection on a grid of whole event counts.

References: Spiegelhalter DJ. Funnel plots for comparing institutional performance. Stat Med
2005;24:1185-1202. PHE, Fingertips Technical Guide, "Funnel plots".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ._distributions import lower_regularised_gamma, upper_regularised_gamma
from ._inputs import (
    FloatArray,
    Interval,
    Numbers,
    StatsError,
    confidence_level,
    floats,
    quietly,
    z_value,
)

__all__ = ["FunnelKind", "FunnelLimits", "funnel_limits"]

FunnelKind = Literal["proportion", "rate"]

_DEFAULT_MULTIPLIER: dict[str, float] = {"proportion": 1.0, "rate": 100_000.0}
_BISECTIONS = 200


@dataclass(frozen=True)
class FunnelLimits:
    """Control limits at each denominator, for each confidence level.

    ``limits[level]`` is the :class:`Interval` of lower and upper limits (arrays shaped like
    ``denominators``) on the same scale as ``target``: per ``multiplier``.
    """

    kind: FunnelKind
    target: float
    multiplier: float
    denominators: FloatArray
    limits: Mapping[float, Interval[FloatArray]]

    def outside(self, values: Numbers, confidence: float) -> FloatArray:
        """1.0 above the upper limit, -1.0 below the lower, 0.0 inside; NaN where unknown."""
        level = confidence_level(confidence)
        if level not in self.limits:
            raise StatsError(f"these limits are for {sorted(self.limits)}, not {level}")
        lower, upper = self.limits[level]
        (v,) = floats(values)
        sides = np.where(v > upper, 1.0, np.where(v < lower, -1.0, 0.0))
        known = np.isfinite(v) & np.isfinite(lower) & np.isfinite(upper)
        return np.where(known, sides, np.nan)


def _proportion_limits(n: FloatArray, target: float, z: float) -> Interval[FloatArray]:
    valid = np.isfinite(n) & (n > 0) & (0 <= target <= 1)
    with np.errstate(all="ignore"):
        z2n = z**2 / n
        a = target * (1 + z2n) - z2n / 2
        quad_a = 1 + z2n
        quad_b = -(2 * a + z2n)
        quad_c = a**2 - z2n**2 / 4
        root = np.sqrt(np.maximum(quad_b**2 - 4 * quad_a * quad_c, 0.0))
        lower = np.clip((-quad_b - root) / (2 * quad_a), 0.0, 1.0)
        upper = np.clip((-quad_b + root) / (2 * quad_a), 0.0, 1.0)
    return Interval(np.where(valid, lower, np.nan), np.where(valid, upper, np.nan))


def _bisect(
    rises: Callable[[FloatArray], FloatArray], low: FloatArray, high: FloatArray
) -> FloatArray:
    """Where the increasing function ``rises`` (applied elementwise) crosses 0, by bisection."""
    for _ in range(_BISECTIONS):
        middle = (low + high) / 2
        above = rises(middle) > 0
        high = np.where(above, middle, high)
        low = np.where(above, low, middle)
    return (low + high) / 2


def _rate_limits(n: FloatArray, rate: float, confidence: float) -> Interval[FloatArray]:
    tail = (1 - confidence) / 2
    valid = np.isfinite(n) & (n > 0) & np.isfinite(rate) & (rate >= 0)
    mu = np.where(valid, n * rate, 1.0)
    ceiling = mu + 12 * np.sqrt(mu) + 60
    floor = np.zeros_like(mu)
    # Lower limit: the count e with P(X <= e | mu) = tail; none when P(X <= 0) already exceeds it.
    lower_events = _bisect(lambda e: upper_regularised_gamma(e + 1, mu) - tail, floor, ceiling)
    lower_events = np.where(np.exp(-mu) >= tail, 0.0, lower_events)
    # Upper limit: the count e with P(X >= e | mu) = tail (decreasing in e, so negate).
    upper_events = _bisect(
        lambda e: tail - lower_regularised_gamma(np.maximum(e, 1e-300), mu), floor, ceiling
    )
    with np.errstate(all="ignore"):
        lower = np.where(valid, lower_events / n, np.nan)
        upper = np.where(valid, upper_events / n, np.nan)
    return Interval(lower, upper)


@quietly
def funnel_limits(
    denominators: Numbers,
    target: float,
    kind: FunnelKind = "proportion",
    confidence: Sequence[float] | float = (0.95, 0.998),
    multiplier: float | None = None,
) -> FunnelLimits:
    """Funnel plot control limits around ``target`` at each of ``denominators``.

    ``target`` and the limits are per ``multiplier`` (default 1 for proportions, so 0..1, and
    100,000 for rates): for percentages pass ``multiplier=100`` and a target such as 80.6.
    ``confidence`` is one level or several (PHE's 95% and 99.8% by default). A denominator that
    is 0, negative or missing, or a target outside 0..``multiplier`` for proportions (below 0
    for rates), gives NaN limits.

    >>> funnel = funnel_limits([1008], 80.642448, multiplier=100)
    >>> [round(float(v[0]), 3) for v in funnel.limits[0.95]]
    [78.203, 83.082]
    """
    if kind not in _DEFAULT_MULTIPLIER:
        raise StatsError(f"kind must be 'proportion' or 'rate', not {kind!r}")
    scale = _DEFAULT_MULTIPLIER[kind] if multiplier is None else float(multiplier)
    if not (np.isfinite(scale) and scale > 0):
        raise StatsError(f"multiplier must be a positive number, not {multiplier}")
    levels = [confidence] if isinstance(confidence, int | float) else list(confidence)
    if not levels:
        raise StatsError("give at least one confidence level")
    (n,) = floats(denominators)
    centre = float(target) / scale
    limits: dict[float, Interval[FloatArray]] = {}
    for given in levels:
        level = confidence_level(given)
        if kind == "proportion":
            lower, upper = _proportion_limits(n, centre, z_value(level))
        else:
            lower, upper = _rate_limits(n, centre, level)
        limits[level] = Interval(lower * scale, upper * scale)
    return FunnelLimits(kind, float(target), scale, n, limits)
