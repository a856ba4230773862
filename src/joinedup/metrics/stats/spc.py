"""Statistical process control (XmR charts) the Making Data Count way, after NHSRplotthedots.

For each period of the series (a new period starts at every index in ``recalculate_at``), from
its first ``baseline`` points (all of them by default)::

    mean         = mean of the points
    MR_i         = |x_i - x_(i-1)|             moving ranges within the period
    limits       = mean -/+ 2.66 x mean(MR)    (2.66 = 3 / d2, d2 = 1.128)

With ``screen_outliers``, moving ranges of 3.267 x mean(MR) or more (3.267 = D4, the upper limit
of a moving range chart) are left out and mean(MR) recomputed once; the mean is unchanged, as in
NHSRplotthedots. Every point of the period is then tested against those limits with the four
rules of :mod:`~joinedup.metrics.stats.spc_rules`, and classified for its improvement direction
as "improvement", "concern", "neither" (no improvement direction) or "none".

Icons use NHSRplotthedots' file names (its ``inst/icons``): variation ``common_cause``,
``improvement_high``, ``improvement_low``, ``concern_high``, ``concern_low``, ``neutral_high``,
``neutral_low``; assurance ``pass``, ``fail``, ``inconsistent``. Assurance compares the target
with the period's limits: a target beyond the limits on the good side is always met ("pass"),
beyond them on the bad side never met ("fail"), within them met by chance ("inconsistent").

NHSRplotthedots draws limits on short periods and only warns below 12 points; here a period
whose limits would rest on fewer than ``minimum_points`` points (12 by default, NHSRplotthedots'
``short_group_warning`` threshold) shows no limits: mean and limits are None, no point is a
special cause, and the icons are None ("not assessed"). Missing values (NaN, None,
infinities) are skipped: they get no icon, and moving ranges join the points either side.

References: NHS England, Making Data Count (2019); Wheeler DJ, Understanding Variation (2000);
NHSRplotthedots, nhs-r-community (``ptd_spc``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final, Literal, TypeVar

import numpy as np

from ._inputs import FloatArray, Numbers, StatsError, floats, quietly
from .spc_rules import Rule, special_cause_signals

__all__ = [
    "LIMIT_FACTOR",
    "MINIMUM_POINTS",
    "SCREEN_FACTOR",
    "Improvement",
    "SpcPoint",
    "SpcSummaryRow",
    "SpecialCause",
    "spc",
    "spc_summary",
]

Improvement = Literal["increase", "decrease"] | None
SpecialCause = Literal["none", "improvement", "concern", "neither"]
V = TypeVar("V")

#: Process limits are the mean -/+ this times the mean moving range (3 / 1.128).
LIMIT_FACTOR: Final = 2.66
#: With outlier screening, moving ranges of this times their mean or more are left out (D4).
SCREEN_FACTOR: Final = 3.267
#: Fewer points than this and a period shows no limits.
MINIMUM_POINTS: Final = 12


@dataclass(frozen=True, slots=True)
class SpcPoint:
    """One point of an SPC chart.

    ``period`` counts recalculations from 0. ``mean``, ``lower_limit`` and ``upper_limit`` are
    None where the period has too few points for limits. ``rule`` names the rule that made the
    point a special cause. ``variation`` is the icon this point would show as the latest, and
    ``assurance`` the assurance icon for its period (None without a target, an improvement
    direction or limits).
    """

    index: int
    value: float
    period: int
    mean: float | None
    lower_limit: float | None
    upper_limit: float | None
    special_cause: SpecialCause
    rule: Rule | None
    variation: str | None
    assurance: str | None


@dataclass(frozen=True, slots=True)
class _Limits:
    mean: float
    lower: float
    upper: float


def _direction(improvement: Improvement) -> int:
    if improvement is None:
        return 0
    if improvement == "increase":
        return 1
    if improvement == "decrease":
        return -1
    raise StatsError(f"improvement must be 'increase', 'decrease' or None, not {improvement!r}")


def _limits(points: FloatArray, screen_outliers: bool) -> _Limits | None:
    with np.errstate(all="ignore"):
        mean = float(points.mean())
        ranges = np.abs(np.diff(points))
        average_range = float(ranges.mean())
        if screen_outliers and average_range > 0:
            kept = ranges[ranges < SCREEN_FACTOR * average_range]
            average_range = float(kept.mean()) if kept.size else average_range
        lower = mean - LIMIT_FACTOR * average_range
        upper = mean + LIMIT_FACTOR * average_range
    if not all(math.isfinite(v) for v in (mean, lower, upper)):
        return None  # beyond the range of floating point: no limits can be drawn
    return _Limits(mean, lower, upper)


def _variation(special: SpecialCause, side: int) -> str:
    if special == "none":
        return "common_cause"
    high_or_low = "high" if side > 0 else "low"
    if special == "neither":
        return f"neutral_{high_or_low}"
    return f"{special}_{high_or_low}"


def _assurance(limits: _Limits, target: float | None, improvement: int) -> str | None:
    if target is None or improvement == 0 or not math.isfinite(target):
        return None
    if target > limits.upper:
        return "fail" if improvement > 0 else "pass"
    if target < limits.lower:
        return "pass" if improvement > 0 else "fail"
    return "inconsistent"


def _period_starts(recalculate_at: Iterable[int] | None, size: int) -> list[int]:
    starts = {0}
    for index in recalculate_at or ():
        if isinstance(index, bool) or not isinstance(index, int | np.integer):
            raise StatsError(f"recalculate_at takes point indices, not {index!r}")
        if 0 < index < size:
            starts.add(int(index))
    return sorted(starts)


@quietly
def spc(
    values: Numbers,
    improvement: Improvement = "increase",
    target: float | None = None,
    recalculate_at: Iterable[int] | None = None,
    baseline: int | None = None,
    minimum_points: int = MINIMUM_POINTS,
    screen_outliers: bool = False,
    run_length: int = 7,
) -> list[SpcPoint]:
    """An XmR chart of ``values`` (in time order): one :class:`SpcPoint` per value.

    ``improvement`` is the good direction ("increase", "decrease", or None when neither is
    better). ``target`` adds assurance icons. ``recalculate_at`` lists the indices where new
    limits start (indices outside the series are ignored); ``baseline`` fixes each period's
    mean and limits on its first ``baseline`` points. ``screen_outliers`` leaves out large
    moving ranges (NHSRplotthedots does by default; here it is off unless asked for).
    ``run_length`` is the length of a shift or trend (7, or 6 under some local rules). Any
    series of numbers gives an answer: short, constant or missing values never raise.
    """
    direction = _direction(improvement)
    if run_length < 2:
        raise StatsError("run_length must be at least 2")
    if minimum_points < 1:
        raise StatsError("minimum_points must be at least 1")
    if baseline is not None and baseline < 1:
        raise StatsError("baseline must be at least 1 point")
    (series,) = floats(values)
    if series.ndim > 1:
        raise StatsError("spc takes one series of values")
    series = series.ravel()
    settings = _Settings(direction, target, baseline, minimum_points, screen_outliers, run_length)
    starts = _period_starts(recalculate_at, series.size)
    stops = [*starts[1:], series.size]
    points: list[SpcPoint] = []
    for period, (start, stop) in enumerate(zip(starts, stops, strict=True)):
        points.extend(_period(series, range(start, stop), period, settings))
    return points


@dataclass(frozen=True, slots=True)
class _Settings:
    direction: int
    target: float | None
    baseline: int | None
    minimum_points: int
    screen_outliers: bool
    run_length: int


def _period(series: FloatArray, indices: range, period: int, settings: _Settings) -> list[SpcPoint]:
    """The points of one period, with that period's mean and limits."""
    present = np.array([i for i in indices if math.isfinite(series[i])], dtype=np.intp)
    used = present if settings.baseline is None else present[: settings.baseline]
    limits = None
    if used.size >= max(settings.minimum_points, 2):
        limits = _limits(series[used], settings.screen_outliers)
    if limits is None:
        return [_unassessed(series, i, period, None) for i in indices]
    signals = special_cause_signals(
        series[present], limits.mean, limits.lower, limits.upper, settings.run_length
    )
    assurance = _assurance(limits, settings.target, settings.direction)
    position = {int(i): n for n, i in enumerate(present)}
    points = []
    for i in indices:
        if i not in position:
            points.append(_unassessed(series, i, period, limits))
            continue
        side = int(signals.direction[position[i]])
        special: SpecialCause = "none"
        if side != 0 and settings.direction == 0:
            special = "neither"
        elif side != 0:
            special = "improvement" if side == settings.direction else "concern"
        points.append(
            SpcPoint(
                index=i,
                value=float(series[i]),
                period=period,
                mean=limits.mean,
                lower_limit=limits.lower,
                upper_limit=limits.upper,
                special_cause=special,
                rule=signals.rule[position[i]],
                variation=_variation(special, side),
                assurance=assurance,
            )
        )
    return points


def _unassessed(series: FloatArray, i: int, period: int, limits: _Limits | None) -> SpcPoint:
    """A point with no icons: a missing value, or any point of a period without limits."""
    return SpcPoint(
        index=i,
        value=float(series[i]),
        period=period,
        mean=None if limits is None else limits.mean,
        lower_limit=None if limits is None else limits.lower,
        upper_limit=None if limits is None else limits.upper,
        special_cause="none",
        rule=None,
        variation=None,
        assurance=None,
    )


@dataclass(frozen=True, slots=True)
class SpcSummaryRow:
    """The latest state of one metric in one area: a row of the icon matrix."""

    metric: str
    area: str
    points: int
    latest: float | None
    mean: float | None
    lower_limit: float | None
    upper_limit: float | None
    special_cause: SpecialCause
    variation: str | None
    assurance: str | None


def _for_metric(setting: V | Mapping[str, V], metric: str, default: V) -> V:
    if isinstance(setting, Mapping):
        return setting.get(metric, default)
    return setting


@quietly
def spc_summary(
    series: Mapping[tuple[str, str], Numbers],
    improvement: Improvement | Mapping[str, Improvement] = "increase",
    target: float | Mapping[str, float | None] | None = None,
    recalculate_at: Mapping[tuple[str, str], Iterable[int]] | None = None,
    baseline: int | None = None,
    minimum_points: int = MINIMUM_POINTS,
    screen_outliers: bool = False,
    run_length: int = 7,
) -> list[SpcSummaryRow]:
    """The icon matrix: for each ``(metric, area)`` series, its latest variation and assurance.

    ``improvement`` and ``target`` are one setting for every series or a mapping from metric
    name to its setting (a metric missing from the mapping gets "increase" and no target);
    ``recalculate_at`` maps a ``(metric, area)`` key to its recalculation indices. The other
    arguments are as :func:`spc`, for every series. Rows keep the order of ``series``; an empty
    series gives a row with no values and no icons.
    """
    rows = []
    for key, values in series.items():
        metric, area = key
        chart = spc(
            values,
            improvement=_for_metric(improvement, metric, "increase"),
            target=_for_metric(target, metric, None),
            recalculate_at=(recalculate_at or {}).get(key),
            baseline=baseline,
            minimum_points=minimum_points,
            screen_outliers=screen_outliers,
            run_length=run_length,
        )
        if not chart:
            rows.append(SpcSummaryRow(metric, area, 0, None, None, None, None, "none", None, None))
            continue
        last = chart[-1]
        rows.append(
            SpcSummaryRow(
                metric=metric,
                area=area,
                points=len(chart),
                latest=last.value if math.isfinite(last.value) else None,
                mean=last.mean,
                lower_limit=last.lower_limit,
                upper_limit=last.upper_limit,
                special_cause=last.special_cause,
                variation=last.variation,
                assurance=last.assurance,
            )
        )
    return rows
