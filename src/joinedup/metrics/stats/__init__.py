"""Public-health statistics: PHEindicatormethods' methods and NHSRplotthedots' SPC in Python.

Confidence intervals for proportions (:func:`wilson_ci`), counts (:func:`count_ci`: exact below
10 events, Byar's from 10), rates (:func:`rate_ci`), directly standardised rates with Dobson
intervals (:func:`dsr`, :func:`dsr_many`, the 2013 European Standard Population :data:`ESP2013`)
and means (:func:`mean_ci`); Fingertips' benchmark comparison (:func:`compare_with_benchmark`)
and recent trend (:func:`trend_test`); funnel plot limits (:func:`funnel_limits`); and Making
Data Count SPC charts with their icons (:func:`spc`, :func:`spc_summary`).

Numbers in, numbers out: every function accepts scalars or arrays and returns floats or numpy
arrays (or records), never drawing anything. Data that cannot be answered gives NaN or None, as
each function documents; only a malformed request raises :class:`StatsError`. Methods, sources
and the published examples they are tested against: ``docs/metrics-statistics.md``.
"""

from __future__ import annotations

from ._inputs import Estimate, Interval, StatsError
from .comparison import COMPARISONS, POLARITIES, Comparison, Polarity, compare_with_benchmark
from .counts import EXACT_BELOW, byars_ci, count_ci, exact_poisson_ci
from .dsr import DSR_MINIMUM_COUNT, ESP2013, ESP2013_BANDS, dsr, dsr_many
from .funnels import FunnelKind, FunnelLimits, funnel_limits
from .means import mean_ci
from .proportions import proportion_ci, wilson_ci
from .rates import rate_ci
from .spc import (
    LIMIT_FACTOR,
    MINIMUM_POINTS,
    SCREEN_FACTOR,
    Improvement,
    SpcPoint,
    SpcSummaryRow,
    SpecialCause,
    spc,
    spc_summary,
)
from .spc_rules import RULES, Rule
from .trend import TREND_POINTS, Direction, TrendResult, trend_test

__all__ = [
    "COMPARISONS",
    "DSR_MINIMUM_COUNT",
    "ESP2013",
    "ESP2013_BANDS",
    "EXACT_BELOW",
    "LIMIT_FACTOR",
    "MINIMUM_POINTS",
    "POLARITIES",
    "RULES",
    "SCREEN_FACTOR",
    "TREND_POINTS",
    "Comparison",
    "Direction",
    "Estimate",
    "FunnelKind",
    "FunnelLimits",
    "Improvement",
    "Interval",
    "Polarity",
    "Rule",
    "SpcPoint",
    "SpcSummaryRow",
    "SpecialCause",
    "StatsError",
    "TrendResult",
    "byars_ci",
    "compare_with_benchmark",
    "count_ci",
    "dsr",
    "dsr_many",
    "exact_poisson_ci",
    "funnel_limits",
    "mean_ci",
    "proportion_ci",
    "rate_ci",
    "spc",
    "spc_summary",
    "trend_test",
    "wilson_ci",
]
