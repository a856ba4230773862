"""Nearest neighbours: the systems (or councils) most like a given one.

Each area is described by four characteristics from :mod:`joinedup.reference`: its population
(on a natural-log scale), the share of its people aged 65 and over, its IMD 2019 average score
and the share of its population living in rural districts. Each characteristic is standardised
to z-scores over every area of the same type (population standard deviation), and the distance
between two areas is the Euclidean distance between their z-score vectors, with every
characteristic weighted 1 unless ``weights`` says otherwise::

    distance(a, b) = sqrt(sum(weight[k] * (z[a][k] - z[b][k]) ** 2 for k in CHARACTERISTICS))

The standardised matrix and every pairwise distance are computed once per area type and
cached, so looking up a comparator group costs a dictionary lookup and a slice.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from joinedup import reference
from joinedup.errors import JoinedUpError

__all__ = [
    "AREA_TYPES",
    "CHARACTERISTICS",
    "BenchmarkError",
    "Neighbour",
    "comparator_group",
    "distance",
    "nearest_neighbours",
    "resolve",
]

CHARACTERISTICS: tuple[str, ...] = (
    "log_population",
    "aged_65_plus_share",
    "imd_average_score",
    "rural_population_share",
)

AREA_TYPES: tuple[str, ...] = ("system", "council")


class BenchmarkError(JoinedUpError, ValueError):
    """A benchmarking request that cannot be answered as asked (bad area type, weights, n)."""


@dataclass(frozen=True, slots=True)
class Neighbour:
    """One of an area's nearest neighbours; ``rank`` 1 is the nearest."""

    code: str
    name: str
    distance: float
    rank: int


@dataclass(frozen=True, slots=True)
class _Areas:
    """Every area of one type, in code order, with its standardised characteristics."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    position: dict[str, int]
    z: tuple[tuple[float, ...], ...]  # z[area][characteristic], in CHARACTERISTICS order


def _check_area_type(area_type: str) -> None:
    if area_type not in AREA_TYPES:
        raise BenchmarkError(
            f"Unknown area type {area_type!r}: use one of {', '.join(map(repr, AREA_TYPES))}."
        )


def _raw(area: reference.System | reference.Council) -> tuple[float, ...]:
    return (
        math.log(area.population),
        area.aged_65_plus_share,
        area.imd_average_score,
        area.rural_population_share,
    )


def _standardise(column: Sequence[float]) -> list[float]:
    mean = statistics.fmean(column)
    spread = statistics.pstdev(column, mean)
    # A characteristic every area shares says nothing about similarity: it contributes 0.
    return [(value - mean) / spread if spread > 0 else 0.0 for value in column]


@cache
def _areas(area_type: str) -> _Areas:
    _check_area_type(area_type)
    found: Sequence[reference.System | reference.Council] = (
        reference.systems() if area_type == "system" else reference.councils()
    )
    raw = [_raw(area) for area in found]
    columns = [_standardise([row[k] for row in raw]) for k in range(len(CHARACTERISTICS))]
    return _Areas(
        codes=tuple(area.code for area in found),
        names=tuple(area.name for area in found),
        position={area.code: i for i, area in enumerate(found)},
        z=tuple(tuple(column[i] for column in columns) for i in range(len(found))),
    )


def _pair_distance(a: Sequence[float], b: Sequence[float], weights: Sequence[float]) -> float:
    return math.sqrt(sum(w * (x - y) ** 2 for w, x, y in zip(weights, a, b, strict=True)))


_EQUAL_WEIGHTS: tuple[float, ...] = (1.0,) * len(CHARACTERISTICS)


@cache
def _distances(area_type: str) -> tuple[tuple[float, ...], ...]:
    """Every pairwise distance with equal weights; exactly symmetric, zero on the diagonal."""
    areas = _areas(area_type)
    count = len(areas.codes)
    matrix = [[0.0] * count for _ in range(count)]
    for i in range(count):
        for j in range(i + 1, count):
            matrix[i][j] = matrix[j][i] = _pair_distance(areas.z[i], areas.z[j], _EQUAL_WEIGHTS)
    return tuple(tuple(row) for row in matrix)


@cache
def _ordered(area_type: str) -> tuple[tuple[tuple[str, float], ...], ...]:
    """For each area, every other area as ``(code, distance)``, nearest first, ties by code."""
    areas = _areas(area_type)
    matrix = _distances(area_type)
    return tuple(
        tuple(
            sorted(
                ((code, row[j]) for j, code in enumerate(areas.codes) if j != i),
                key=lambda item: (item[1], item[0]),
            )
        )
        for i, row in enumerate(matrix)
    )


def _weight_vector(weights: Mapping[str, float]) -> tuple[float, ...]:
    unknown = sorted(set(weights) - set(CHARACTERISTICS))
    if unknown:
        raise BenchmarkError(
            f"Unknown characteristic(s) {', '.join(map(repr, unknown))} in weights: "
            f"use {', '.join(CHARACTERISTICS)}."
        )
    vector = tuple(float(weights.get(name, 0.0)) for name in CHARACTERISTICS)
    if any(not math.isfinite(w) or w < 0 for w in vector):
        raise BenchmarkError("Weights must be finite and not negative.")
    if not any(vector):
        raise BenchmarkError("At least one characteristic needs a weight above 0.")
    return vector


def resolve(code: str, area_type: str = "system") -> str:
    """The current code of the area ``code`` names: any key :func:`reference.system` (or
    :func:`reference.council`) accepts, e.g. a retired code, an ODS code or a name.

    Raises :class:`reference.UnknownCode` for an unknown key and :class:`BenchmarkError` for an
    unknown area type.
    """
    _check_area_type(area_type)
    lookup: Callable[[str], reference.System | reference.Council] = (
        reference.system if area_type == "system" else reference.council
    )
    return lookup(code).code


def distance(
    a: str,
    b: str,
    area_type: str = "system",
    weights: Mapping[str, float] | None = None,
) -> float:
    """The distance between two areas (0 for an area and itself); see the module docstring."""
    first, second = resolve(a, area_type), resolve(b, area_type)
    areas = _areas(area_type)
    i, j = areas.position[first], areas.position[second]
    if weights is None:
        return _distances(area_type)[i][j]
    return _pair_distance(areas.z[i], areas.z[j], _weight_vector(weights))


def nearest_neighbours(
    code: str,
    n: int = 10,
    area_type: str = "system",
    weights: Mapping[str, float] | None = None,
) -> list[Neighbour]:
    """The ``n`` areas of ``area_type`` nearest to ``code``, nearest first.

    ``code`` is any key the reference lookups accept (a retired code such as E54000052, an ODS
    code, a name). The area itself is never included; equal distances are ordered by code; ``n``
    is capped at the number of other areas (41 systems, 152 councils).

    ``weights`` maps characteristic names (:data:`CHARACTERISTICS`) to non-negative weights; a
    characteristic left out gets weight 0, so ``{"log_population": 1}`` finds the areas whose
    populations are nearest in ratio. By default every characteristic has weight 1.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise BenchmarkError(f"n must be a whole number of neighbours, 0 or more, not {n!r}.")
    own = resolve(code, area_type)
    areas = _areas(area_type)
    i = areas.position[own]
    ordered: Sequence[tuple[str, float]]
    if weights is None:
        ordered = _ordered(area_type)[i]
    else:
        vector = _weight_vector(weights)
        ordered = sorted(
            (
                (other, _pair_distance(areas.z[i], areas.z[j], vector))
                for j, other in enumerate(areas.codes)
                if j != i
            ),
            key=lambda item: (item[1], item[0]),
        )
    return [
        Neighbour(
            code=other,
            name=areas.names[areas.position[other]],
            distance=dist,
            rank=place,
        )
        for place, (other, dist) in enumerate(ordered[:n], start=1)
    ]


def comparator_group(
    code: str,
    n: int = 10,
    area_type: str = "system",
    weights: Mapping[str, float] | None = None,
) -> list[str]:
    """The codes of :func:`nearest_neighbours`, nearest first."""
    return [item.code for item in nearest_neighbours(code, n, area_type, weights)]
