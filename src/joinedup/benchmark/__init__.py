"""Comparator groups and peer comparison.

:func:`nearest_neighbours` finds the systems (or councils) most like a given one on four
reference characteristics; :func:`rank` places every area on a figure; and
:func:`compare_with_peers` puts one area's figure beside England and beside its comparator
group. Pure standard library; see ``docs/benchmarking.md`` for the method and its limits.
"""

from __future__ import annotations

from .neighbours import (
    AREA_TYPES,
    CHARACTERISTICS,
    BenchmarkError,
    Neighbour,
    comparator_group,
    distance,
    nearest_neighbours,
    resolve,
)
from .ranking import PeerComparison, Ranked, compare_with_peers, quintile, rank

__all__ = [
    "AREA_TYPES",
    "CHARACTERISTICS",
    "BenchmarkError",
    "Neighbour",
    "PeerComparison",
    "Ranked",
    "comparator_group",
    "compare_with_peers",
    "distance",
    "nearest_neighbours",
    "quintile",
    "rank",
    "resolve",
]
