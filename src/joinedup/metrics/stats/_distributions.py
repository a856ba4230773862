"""The few SciPy functions the statistics use, typed in one place and imported when first used.

SciPy ships without type information unless ``scipy-stubs`` is installed, so each function is
given here the signature the rest of the package relies on. SciPy is imported inside them, so
importing :mod:`joinedup.metrics.stats` costs numpy only.

Each is the special function that ``scipy.stats`` itself calls for that distribution
(``norm.ppf`` is ``ndtri``, ``t.ppf`` is ``stdtrit``, ``chi2.sf`` is ``chdtrc``, ``gamma.ppf`` is
``gammaincinv``: SciPy 1.17's ``_continuous_distns``), called directly: importing
``scipy.stats`` costs some 0.4 s more than ``scipy.special`` (it builds every distribution and
its documentation), paid by every command and server that draws an interval. The only bounds
``scipy.stats`` adds that matter here are kept (tests/metrics/stats/test_stats_distributions.py
checks each against ``scipy.stats``).
"""

from __future__ import annotations

import functools
import math

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
    from scipy import special  # type: ignore[import-untyped,unused-ignore]

    return float(special.ndtri(q))


@functools.lru_cache(maxsize=1024)
def t_ppf(q: float, df: float) -> float:
    """Student's t quantile with ``df`` degrees of freedom."""
    from scipy import special  # type: ignore[import-untyped,unused-ignore]

    if q == 0:  # stdtrit gives +inf at 0; the distribution's lower bound is -inf
        return -math.inf
    return float(special.stdtrit(df, q))


def chi2_sf(x: float, df: float) -> float:
    """The upper tail of the chi-squared distribution: ``P(X > x)``."""
    from scipy import special  # type: ignore[import-untyped,unused-ignore]

    if x < 0:  # below the support: the whole distribution lies above (chdtrc gives NaN)
        return 1.0
    return float(special.chdtrc(df, x))


def gamma_ppf(q: float | ArrayLike, shape: ArrayLike) -> NDArray[np.float64]:
    """The gamma quantile; ``gamma_ppf(q, k) == chi2.ppf(q, 2k) / 2``."""
    from scipy import special  # type: ignore[import-untyped,unused-ignore]

    return np.asarray(special.gammaincinv(shape, q), dtype=np.float64)


def lower_regularised_gamma(a: ArrayLike, x: ArrayLike) -> NDArray[np.float64]:
    """P(a, x); for a whole ``k`` >= 1, ``P(k, mu)`` is ``P(X >= k)`` for X ~ Poisson(mu)."""
    from scipy import special  # type: ignore[import-untyped,unused-ignore]

    return np.asarray(special.gammainc(a, x), dtype=np.float64)


def upper_regularised_gamma(a: ArrayLike, x: ArrayLike) -> NDArray[np.float64]:
    """Q(a, x); for a whole ``k`` >= 0, ``Q(k + 1, mu)`` is ``P(X <= k)`` for X ~ Poisson(mu)."""
    from scipy import special  # type: ignore[import-untyped,unused-ignore]

    return np.asarray(special.gammaincc(a, x), dtype=np.float64)
