"""The series of a shared metric: each area's value and 95% interval for every period.

Values come from the warehouse (``metrics.values``); a value its source gave (a Fingertips
download) is used as given, otherwise it is computed from the numerator and denominator with
``metrics.stats`` by the metric's method. ``metrics.results`` makes every view of a metric
(one area against England and its peers, the 42 systems, the SPC chart) from these series.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from joinedup.metrics import stats
from joinedup.metrics.definition import Metric
from joinedup.metrics.values import current_values
from joinedup.warehouse import Warehouse

#: The key of England's series (area type, code).
ENGLAND = ("england", "E92000001")


@dataclass(frozen=True, slots=True)
class Point:
    """One area's value for one period, with its 95% interval (NaN-free: None when unknown)."""

    period: str
    period_start: str
    numerator: float | None
    denominator: float | None
    value: float | None
    lower: float | None
    upper: float | None


def clean(number: Any) -> float | None:
    """A number as a float, None for a missing or NaN one."""
    if number is None:
        return None
    number = float(number)
    return None if math.isnan(number) else number


def estimate(definition: Metric, rows: list[dict[str, Any]]) -> Point:
    """The value and interval of one area and period from its stored rows (several for a DSR).

    A value given by its source (a Fingertips download) is used as given; otherwise it is
    computed from the numerator and denominator by the metric's method.
    """
    first = rows[0]
    label, start = first["period"], str(first["period_start"])
    if first["value"] is not None and first["age_band"] is None:
        return Point(
            label,
            start,
            first["numerator"],
            first["denominator"],
            first["value"],
            first["lower_ci"],
            first["upper_ci"],
        )
    multiplier = definition.multiplier
    if definition.method == "dsr":
        bands = {row["age_band"]: row for row in rows if row["age_band"]}
        chosen = [band for band in stats.ESP2013_BANDS if band in bands]
        weights = [stats.ESP2013[stats.ESP2013_BANDS.index(band)] for band in chosen]
        counts = [bands[band]["numerator"] for band in chosen]
        people = [bands[band]["denominator"] for band in chosen]
        rate = stats.dsr(counts, people, weights, multiplier=multiplier)
        return Point(
            label,
            start,
            float(sum(counts)),
            float(sum(people)),
            clean(rate.value),
            clean(rate.lower),
            clean(rate.upper),
        )
    numerator, denominator = first["numerator"], first["denominator"]
    found: tuple[float, float, float]
    if definition.method == "proportion":
        found = tuple(stats.proportion_ci(numerator, denominator, multiplier=multiplier))
    elif definition.method == "crude_rate":
        found = tuple(stats.rate_ci(numerator, denominator, multiplier=multiplier))
    elif definition.method == "count":
        interval = stats.count_ci(numerator)
        found = (float(numerator), interval.lower, interval.upper)
    else:  # a mean with no value given cannot be computed from counts
        found = (math.nan, math.nan, math.nan)
    return Point(
        label,
        start,
        numerator,
        denominator,
        clean(found[0]),
        clean(found[1]),
        clean(found[2]),
    )


def all_series(
    warehouse: Warehouse, definition: Metric, areas: set[tuple[str, str]] | None = None
) -> dict[tuple[str, str], list[Point]]:
    """Every area's series of the metric (or only ``areas``'), oldest period first.

    Intervals are computed for all areas and periods in one vectorised call per method.
    """
    grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    codes = None if areas is None else {code for _, code in areas}
    for row in current_values(warehouse, definition.id, codes):
        grouped[row["area_type"], row["area_code"], row["period"]].append(row)
    keys = list(grouped)
    computed = _estimate_many(definition, [grouped[key] for key in keys])
    series: dict[tuple[str, str], list[Point]] = defaultdict(list)
    for (area_type, code, _), point in zip(keys, computed, strict=True):
        series[area_type, code].append(point)
    for points in series.values():
        points.sort(key=lambda point: point.period_start)
    return dict(series)


def _estimate_many(definition: Metric, groups: list[list[dict[str, Any]]]) -> list[Point]:
    """:func:`estimate` for many groups at once (the same answers, far fewer calls)."""
    results: list[Point | None] = [None] * len(groups)
    plain = [
        i
        for i, rows in enumerate(groups)
        if not (rows[0]["value"] is not None and rows[0]["age_band"] is None)
        and definition.method in ("proportion", "crude_rate", "dsr")
    ]
    if plain and definition.method == "dsr":
        bands = [
            b for b in stats.ESP2013_BANDS if any(r["age_band"] == b for r in groups[plain[0]])
        ]
        same = [i for i in plain if sorted(r["age_band"] for r in groups[i]) == sorted(bands)]
        if same:
            lookup = [{r["age_band"]: r for r in groups[i]} for i in same]
            counts = [[rows[b]["numerator"] for b in bands] for rows in lookup]
            people = [[rows[b]["denominator"] for b in bands] for rows in lookup]
            weights = [stats.ESP2013[stats.ESP2013_BANDS.index(b)] for b in bands]
            found = stats.dsr_many(counts, people, weights, multiplier=definition.multiplier)
            for j, i in enumerate(same):
                results[i] = _point(
                    groups[i][0],
                    sum(counts[j]),
                    sum(people[j]),
                    found.value[j],
                    found.lower[j],
                    found.upper[j],
                )
    elif plain:
        numerators = [groups[i][0]["numerator"] for i in plain]
        denominators = [groups[i][0]["denominator"] for i in plain]
        if definition.method == "proportion":
            found = stats.proportion_ci(numerators, denominators, multiplier=definition.multiplier)
        else:
            found = stats.rate_ci(numerators, denominators, multiplier=definition.multiplier)
        for j, i in enumerate(plain):
            results[i] = _point(
                groups[i][0],
                numerators[j],
                denominators[j],
                found.value[j],
                found.lower[j],
                found.upper[j],
            )
    return [
        point if point is not None else estimate(definition, rows)
        for point, rows in zip(results, groups, strict=True)
    ]


def _point(row: dict[str, Any], numerator: Any, denominator: Any, *estimate: Any) -> Point:
    value, lower, upper = (clean(number) for number in estimate)
    return Point(
        row["period"],
        str(row["period_start"]),
        clean(numerator),
        clean(denominator),
        value,
        lower,
        upper,
    )
