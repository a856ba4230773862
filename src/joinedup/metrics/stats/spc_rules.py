"""The four special-cause rules of Making Data Count, as NHSRplotthedots applies them.

Within one period of an XmR chart, with its mean and process limits:

1. **Outside the limits**: a point above the upper or below the lower process limit.
2. **Trend**: ``run_length`` (7) consecutive points each strictly higher, or each strictly
   lower, than the one before; every point of the run is flagged.
3. **Two in three**: of three consecutive points, all on the same side of the mean, at least two
   are close to the limit (beyond two thirds of the way from the mean to the limit, i.e. beyond
   two sigma, but not outside the limit); those close points are flagged.
4. **Shift**: ``run_length`` (7) consecutive points on the same side of the mean; a point on the
   mean breaks the run; every point of the run is flagged.

A point caught by more than one rule takes the first in that order (NHSRplotthedots
``ptd_special_cause_type``). Its direction is the side of the mean it lies on, except for a
trend, whose direction is the trend's; a point where a rising and a falling trend meet takes the
later trend's direction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray

from ._inputs import FloatArray

__all__ = ["RULES", "Rule", "Signals", "special_cause_signals"]

Rule = Literal["outside_limits", "trend", "two_in_three", "shift"]

#: The rules in order of precedence.
RULES: Final[tuple[Rule, ...]] = ("outside_limits", "trend", "two_in_three", "shift")


@dataclass(frozen=True, slots=True)
class Signals:
    """Per point: ``direction`` +1 (high), -1 (low) or 0 (no special cause), and the rule."""

    direction: NDArray[np.int8]
    rule: list[Rule | None]


def _runs_on_one_side(side: NDArray[np.int8], length: int) -> NDArray[np.int8]:
    marked = np.zeros(side.size, dtype=np.int8)
    for start in range(side.size - length + 1):
        window = side[start : start + length]
        if window[0] != 0 and np.all(window == window[0]):
            marked[start : start + length] = window[0]
    return marked


def _trends(values: FloatArray, length: int) -> NDArray[np.int8]:
    marked = np.zeros(values.size, dtype=np.int8)
    steps = np.sign(np.diff(values)).astype(np.int8)
    for start in range(values.size - length + 1):
        window = steps[start : start + length - 1]
        if window[0] != 0 and np.all(window == window[0]):
            marked[start : start + length] = window[0]
    return marked


def _two_in_three(side: NDArray[np.int8], close: NDArray[np.bool_]) -> NDArray[np.int8]:
    marked = np.zeros(side.size, dtype=np.int8)
    for start in range(side.size - 2):
        window = slice(start, start + 3)
        if abs(int(side[window].sum())) == 3 and int(close[window].sum()) >= 2:
            near = np.flatnonzero(close[window]) + start
            marked[near] = side[near]
    return marked


def special_cause_signals(
    values: FloatArray, mean: float, lower: float, upper: float, run_length: int
) -> Signals:
    """Apply the four rules to one period's ``values`` around its ``mean`` and limits."""
    with np.errstate(all="ignore"):
        side = np.sign(values - mean).astype(np.int8)
        outside = (values > upper) | (values < lower)
        near_upper = mean + (upper - mean) * 2 / 3
        near_lower = mean - (mean - lower) * 2 / 3
        close = ~outside & ((values > near_upper) | (values < near_lower))
    found: list[tuple[Rule, NDArray[np.int8]]] = [
        ("outside_limits", np.where(outside, side, 0).astype(np.int8)),
        ("trend", _trends(values, run_length)),
        ("two_in_three", _two_in_three(side, close)),
        ("shift", _runs_on_one_side(side, run_length)),
    ]
    direction = np.zeros(values.size, dtype=np.int8)
    rule: list[Rule | None] = [None] * values.size
    for name, marked in found:
        for index in np.flatnonzero((marked != 0) & (direction == 0)):
            direction[index] = marked[index]
            rule[index] = name
    return Signals(direction, rule)
