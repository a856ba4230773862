"""Directly standardised rates (DSRs) with Dobson confidence intervals, and the 2013 ESP.

For one area with ``O_i`` events and ``n_i`` people in band ``i``, and standard population
``w_i`` (the 2013 European Standard Population by default)::

    DSR      = sum(w_i O_i / n_i) / sum(w_i)
    var(DSR) = sum(w_i**2 O_i / n_i**2) / sum(w_i)**2
    limits   = DSR + sqrt(var(DSR) / O) (O_L - O),  DSR + sqrt(var(DSR) / O) (O_U - O)

where ``O = sum(O_i)`` and ``(O_L, O_U)`` is the confidence interval of the total count (Dobson
et al 1991), everything times ``multiplier``. As in PHEindicatormethods (``calculate_dsr``):
missing band counts count as 0, ``(O_L, O_U)`` are Byar's limits, and a DSR from fewer than 10
events is not given (NaN) because it is unreliable (Morris et al 2017; Fingertips Technical
Guide). Lowering ``minimum_count`` shows such DSRs; their ``(O_L, O_U)`` are then exact Poisson
limits, as :func:`~joinedup.metrics.stats.counts.count_ci` does below 10 events.

References: Dobson AJ, Kuulasmaa K, Eberle E, Scherer J. Confidence intervals for weighted sums
of Poisson parameters. Stat Med 1991;10:457-462. Eurostat. Revision of the European Standard
Population: report of Eurostat's task force. 2013.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from ._inputs import Estimate, FloatArray, Numbers, StatsError, floats, quietly
from .counts import count_limits

__all__ = ["DSR_MINIMUM_COUNT", "ESP2013", "ESP2013_BANDS", "dsr", "dsr_many"]

#: The 2013 European Standard Population in 19 five-year bands (0-4 ... 85-89, 90+); sums to
#: 100,000. Read-only.
ESP2013: Final[FloatArray] = np.array(
    [
        5000,  # 0-4
        5500,  # 5-9
        5500,  # 10-14
        5500,  # 15-19
        6000,  # 20-24
        6000,  # 25-29
        6500,  # 30-34
        7000,  # 35-39
        7000,  # 40-44
        7000,  # 45-49
        7000,  # 50-54
        6500,  # 55-59
        6000,  # 60-64
        5500,  # 65-69
        5000,  # 70-74
        4000,  # 75-79
        2500,  # 80-84
        1500,  # 85-89
        1000,  # 90+
    ],
    dtype=np.float64,
)
ESP2013.flags.writeable = False

#: The age bands of :data:`ESP2013`, in order.
ESP2013_BANDS: Final[tuple[str, ...]] = (
    *(f"{start}-{start + 4}" for start in range(0, 90, 5)),
    "90+",
)

#: Fewer events than this and no DSR is given (PHE: "dsr NA for total count < 10").
DSR_MINIMUM_COUNT: Final = 10


@quietly
def dsr_many(
    counts: Numbers,
    populations: Numbers,
    standard_populations: Numbers = ESP2013,
    multiplier: float = 100_000,
    confidence: float = 0.95,
    minimum_count: int = DSR_MINIMUM_COUNT,
) -> Estimate[FloatArray]:
    """DSRs for many areas at once: ``counts`` and ``populations`` are areas x bands.

    ``standard_populations`` is one row of bands shared by every area, or one row per area.
    Returns ``(values, lowers, uppers)``, one entry per area. An area gets NaN for all three when
    it has fewer than ``minimum_count`` events, a population that is 0, negative or missing, a
    negative count, or standard populations that are negative or sum to 0. A total of 0 events
    (possible only with ``minimum_count`` 0) gives a DSR and lower limit of 0 and a NaN upper
    limit: Dobson's method scales by the variance per event, which is undefined without events.
    """
    events, people = floats(counts, populations)
    if events.ndim != 2:
        raise StatsError("counts and populations must be areas x bands (two dimensions)")
    (standard,) = floats(standard_populations)
    if standard.ndim not in (1, 2) or standard.shape[-1] != events.shape[1]:
        raise StatsError(
            f"standard populations need {events.shape[1]} bands, one per column of counts"
        )
    standard = np.broadcast_to(standard, events.shape)
    if minimum_count < 0:
        raise StatsError("minimum_count cannot be negative")

    events = np.where(np.isnan(events), 0.0, events)
    total_standard = standard.sum(axis=1)
    valid = (
        np.all(np.isfinite(events) & (events >= 0), axis=1)
        & np.all(np.isfinite(people) & (people > 0), axis=1)
        & np.all(np.isfinite(standard) & (standard >= 0), axis=1)
        & (total_standard > 0)
    )
    total = events.sum(axis=1)
    with np.errstate(all="ignore"):
        weight = standard / people
        value = (events * weight).sum(axis=1) / total_standard
        variance = (events * weight**2).sum(axis=1) / total_standard**2
        per_event = np.sqrt(variance / total)
        limits = count_limits(total, confidence)
        lower = np.where(total == 0, 0.0, value + per_event * (limits.lower - total))
        upper = value + per_event * (limits.upper - total)
    shown = valid & (total >= minimum_count)
    return Estimate(
        np.where(shown, value * multiplier, np.nan),
        np.where(shown, lower * multiplier, np.nan),
        np.where(shown, upper * multiplier, np.nan),
    )


@quietly
def dsr(
    counts: Numbers,
    populations: Numbers,
    standard_populations: Numbers = ESP2013,
    multiplier: float = 100_000,
    confidence: float = 0.95,
    minimum_count: int = DSR_MINIMUM_COUNT,
) -> Estimate[float]:
    """The DSR ``(value, lower, upper)`` for one area from its counts and populations by band.

    ``counts``, ``populations`` and ``standard_populations`` are one value per band, in the same
    order (the 19 bands of :data:`ESP2013` by default). Edge cases as :func:`dsr_many`.

    >>> pops = [30, 35, 35, 35, 40, 40, 45, 50, 50, 50, 60, 60, 70, 75, 70, 60, 20, 20, 15]
    >>> deaths = [1, 1, 0, 0, 0, 1, 1, 3, 3, 3, 3, 10, 10, 10, 10, 8, 8, 8, 8]
    >>> [round(v, 1) for v in dsr(deaths, pops)]
    [8283.0, 6570.8, 10289.6]
    """
    events, people = floats(counts, populations)
    if events.ndim != 1:
        raise StatsError("dsr takes one area's bands; use dsr_many for areas x bands")
    (standard,) = floats(standard_populations)
    if standard.ndim != 1:
        raise StatsError("dsr takes one row of standard populations")
    many = dsr_many(
        events[np.newaxis, :],
        people[np.newaxis, :],
        standard,
        multiplier=multiplier,
        confidence=confidence,
        minimum_count=minimum_count,
    )
    return Estimate(float(many.value[0]), float(many.lower[0]), float(many.upper[0]))
