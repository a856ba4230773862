"""The few SciPy functions the statistics use, typed in one place and imported when first used.

SciPy ships without type information unless ``scipy-stubs`` is installed, so each function is
given here the signature the rest of the package relies on. SciPy is imported inside them, so
importing :mod:`joinedup.metrics.stats` costs numpy only.
"""

from __future__ import annotations

import functools

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "chi2_sf",
    "gamma_ppf",
    "lower_regularised_gamma",
    "norm_ppf",
    "t_ppf",
    "upper_regularised_gamma",
]


# A quantile is asked for the same few levels over and over (95%, 99.8%), and one call to SciPy's
# distribution machinery costs far more than the arithmetic it guards: remember the answers.
@functools.lru_cache(maxsize=1024)
def norm_ppf(q: float) -> float:
    """The standard normal quantile."""
    from scipy import stats  # type: ignore[import-untyped,unused-ignore]

    return float(stats.norm.ppf(q))


@functools.lru_cache(maxsize=1024)
def t_ppf(q: float, df: float) -> float:
    """Student's t quantile with ``df`` degrees of freedom."""
    from scipy import stats  # type: ignore[import-untyped,unused-ignore]

    return float(stats.t.ppf(q, df))


def chi2_sf(x: float, df: float) -> float:
    """The upper tail of the chi-squared distribution: ``P(X > x)``."""
    from scipy import stats  # type: ignore[import-untyped,unused-ignore]

    return float(stats.chi2.sf(x, df))


def gamma_ppf(q: float | ArrayLike, shape: ArrayLike) -> NDArray[np.float64]:
    """The gamma quantile; ``gamma_ppf(q, k) == chi2.ppf(q, 2k) / 2``."""
    from scipy import stats  # type: ignore[import-untyped,unused-ignore]

    return np.asarray(stats.gamma.ppf(q, shape), dtype=np.float64)


def lower_regularised_gamma(a: ArrayLike, x: ArrayLike) -> NDArray[np.float64]:
    """P(a, x); for a whole ``k`` >= 1, ``P(k, mu)`` is ``P(X >= k)`` for X ~ Poisson(mu)."""
    from scipy import special  # type: ignore[import-untyped,unused-ignore]

    return np.asarray(special.gammainc(a, x), dtype=np.float64)


def upper_regularised_gamma(a: ArrayLike, x: ArrayLike) -> NDArray[np.float64]:
    """Q(a, x); for a whole ``k`` >= 0, ``Q(k + 1, mu)`` is ``P(X <= k)`` for X ~ Poisson(mu)."""
    from scipy import special  # type: ignore[import-untyped,unused-ignore]

    return np.asarray(special.gammaincc(a, x), dtype=np.float64)
