"""The mean of a set of values with its Student's t confidence interval (PHE ``phe_mean``).

``mean -/+ t(1 - alpha/2; n - 1) * s / sqrt(n)``, with ``s`` the sample standard deviation
(``n - 1`` divisor). Reference: Armitage P, Berry G, Matthews JNS. Statistical methods in medical
research, 4th edn. Blackwell; 2002.
"""

from __future__ import annotations

import math

import numpy as np

from ._distributions import t_ppf
from ._inputs import Estimate, Numbers, confidence_level, floats, quietly

__all__ = ["mean_ci"]


@quietly
def mean_ci(values: Numbers, confidence: float = 0.95) -> Estimate[float]:
    """The mean of ``values`` with its Student's t interval: ``(mean, lower, upper)``.

    Missing values (NaN, None) are left out; infinite ones too. With no values all three are
    NaN; with one value the mean is that value and both limits are NaN, since one value says
    nothing about spread.

    >>> [round(v, 3) for v in mean_ci([68, 86, 18, 29, 99, 74, 8, 94])]
    [59.5, 29.456, 89.544]
    """
    level = confidence_level(confidence)
    (data,) = floats(values)
    data = data.ravel()
    data = data[np.isfinite(data)]
    n = data.size
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan)
    mean = float(data.mean())
    if n == 1:
        return Estimate(mean, math.nan, math.nan)
    with np.errstate(all="ignore"):
        half_width = t_ppf(0.5 + level / 2, n - 1) * float(data.std(ddof=1)) / math.sqrt(n)
    return Estimate(mean, mean - half_width, mean + half_width)
