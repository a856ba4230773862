"""The distribution functions called as SciPy's special functions give exactly what
``scipy.stats`` gives, at the bounds too (metrics/stats/_distributions.py)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from joinedup.metrics.stats._distributions import chi2_sf, gamma_ppf, norm_ppf, t_ppf

#: Probabilities across the range, with both ends, the middle and the levels the package asks
#: for (95% and 99.8% two-sided).
LEVELS = [0.0, 1e-12, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999, 1 - 1e-12, 1.0]


@pytest.fixture(scope="module")
def stats() -> Any:
    """SciPy's statistics, the reference: imported when these tests run, not as every pytest-xdist
    worker collects them (0.5 s each; JoinedUp itself needs only ``scipy.special``)."""
    from scipy import stats as reference  # type: ignore[import-untyped,unused-ignore]

    return reference


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


@pytest.mark.parametrize("q", [*LEVELS, -0.1, 1.1, math.nan])
def test_norm_ppf_is_scipy_stats(q: float, stats: Any) -> None:
    norm_ppf.cache_clear()
    assert same(norm_ppf(q), float(stats.norm.ppf(q)))


@pytest.mark.parametrize("df", [1, 2.5, 9, 99, 1e6])
@pytest.mark.parametrize("q", LEVELS)
def test_t_ppf_is_scipy_stats(q: float, df: float, stats: Any) -> None:
    t_ppf.cache_clear()
    assert same(t_ppf(q, df), float(stats.t.ppf(q, df)))


@pytest.mark.parametrize("df", [1, 2, 7.5])
@pytest.mark.parametrize("x", [-1.0, 0.0, 1e-9, 0.5, 3.841458820694124, 50.0, math.inf, math.nan])
def test_chi2_sf_is_scipy_stats(x: float, df: float, stats: Any) -> None:
    assert same(chi2_sf(x, df), float(stats.chi2.sf(x, df)))


@pytest.mark.parametrize("shape", [0.5, 1, 3, 100, 1000.5])
def test_gamma_ppf_is_scipy_stats(shape: float, stats: Any) -> None:
    q = np.array([*LEVELS, math.nan])
    assert np.array_equal(gamma_ppf(q, shape), stats.gamma.ppf(q, shape), equal_nan=True)


def test_gamma_ppf_takes_a_shape_for_each_quantile(stats: Any) -> None:
    q, shape = np.array([0.025, 0.975, 0.5]), np.array([1.0, 8.0, 0.0])
    assert np.array_equal(gamma_ppf(q, shape), stats.gamma.ppf(q, shape), equal_nan=True)
