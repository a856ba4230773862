"""What every statistic shares: result tuples, confidence levels, float arrays, the error type.

Statistics accept a scalar or anything array-like wherever a number is expected, and answer in
kind: all-scalar arguments give Python floats, anything else numpy arrays broadcast together.
Data that cannot give an answer (a zero denominator, a negative count, NaN) gives NaN in that
position, never an exception; only a request that is wrong in itself (a confidence level of 1.5,
an unknown option, arrays of mismatched shape) raises :class:`StatsError`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Any, Generic, NamedTuple, ParamSpec, TypeVar, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from joinedup.errors import JoinedUpError

from ._distributions import norm_ppf

__all__ = [
    "Estimate",
    "FloatArray",
    "Interval",
    "Numbers",
    "StatsError",
    "confidence_level",
    "floats",
    "is_scalar",
    "quietly",
    "shaped",
    "z_value",
]

FloatArray = NDArray[np.float64]
#: What a statistic accepts where numbers are expected: a number, an array, or a sequence in
#: which None marks a missing value.
Numbers = ArrayLike | Sequence[float | None]
T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R")


class StatsError(JoinedUpError, ValueError):
    """A statistics request that cannot be answered as asked (bad option, level or shape)."""


class Interval(NamedTuple, Generic[T]):
    """A confidence interval (or control limits): ``lower`` then ``upper``."""

    lower: T
    upper: T


class Estimate(NamedTuple, Generic[T]):
    """A statistic with its confidence interval: ``value``, ``lower``, ``upper``."""

    value: T
    lower: T
    upper: T


def confidence_level(confidence: float) -> float:
    """The confidence level as a fraction: ``0.95`` and ``95`` both mean 95%.

    Any level strictly between 0 and 1 (or 1 and 100, read as a percentage) is accepted; PHE
    publishes 95% and 99.8%.
    """
    try:
        level = float(confidence)
    except (TypeError, ValueError):
        raise StatsError(f"confidence must be a number, not {confidence!r}") from None
    if 1 < level < 100:
        level /= 100
    if not (math.isfinite(level) and 0 < level < 1):
        raise StatsError(f"confidence must be between 0 and 1 (or 0 and 100%), not {confidence}")
    return level


def z_value(confidence: float) -> float:
    """The two-sided standard normal quantile for ``confidence`` (1.959964 for 95%)."""
    return norm_ppf(0.5 + confidence_level(confidence) / 2)


def floats(*values: Numbers | None) -> tuple[FloatArray, ...]:
    """The arguments as float64 arrays broadcast to one shape (``None`` becomes NaN)."""
    try:
        arrays = [np.asarray(value, dtype=np.float64) for value in values]
        return tuple(np.asarray(a, dtype=np.float64) for a in np.broadcast_arrays(*arrays))
    except (TypeError, ValueError) as error:
        raise StatsError(f"arguments must be numbers or arrays of one shape: {error}") from None


def is_scalar(*values: Numbers | None) -> bool:
    """Whether every argument is a single number (so the answer should be a float)."""
    return all(value is None or np.ndim(cast(ArrayLike, value)) == 0 for value in values)


def shaped(array: FloatArray, scalar: bool) -> Any:
    """``array`` as a Python float when the inputs were scalars, else as the array itself."""
    return float(array) if scalar else array


def quietly(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` without numpy's floating-point warnings.

    Impossible inputs are meant to give NaN here, and overflow to give no limits; the warnings
    numpy would print on the way say nothing the documented result does not.
    """

    @functools.wraps(function)
    def quiet(*args: P.args, **kwargs: P.kwargs) -> R:
        with np.errstate(all="ignore"):
            return function(*args, **kwargs)

    return quiet
