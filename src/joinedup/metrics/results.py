"""Results of a shared metric: values with intervals, against England and peers, over time.

Over 400 lines: every figure of a metric's results (value, interval, England, peers, trend) is
computed from the same loaded values, which the views share.

Values come from the warehouse (``metrics.values``); every figure is computed here with
``metrics.stats`` (the PHEindicatormethods and Making Data Count methods) and returned as plain
records, which the CLI, the API, the pages and the charts only draw.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from joinedup.benchmark import comparator_group
from joinedup.errors import JoinedUpError
from joinedup.metrics import stats
from joinedup.metrics.catalogue import metric
from joinedup.metrics.definition import Metric
from joinedup.metrics.values import area_of, current_values
from joinedup.reference import systems
from joinedup.warehouse import Warehouse

ENGLAND = ("england", "E92000001")
IMPROVEMENT: dict[str, stats.Improvement] = {
    "higher_is_better": "increase",
    "lower_is_better": "decrease",
    "no_judgement": None,
}


class NoValues(JoinedUpError):
    pass


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


def _clean(number: Any) -> float | None:
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
            _clean(rate.value),
            _clean(rate.lower),
            _clean(rate.upper),
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
        _clean(found[0]),
        _clean(found[1]),
        _clean(found[2]),
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
    value, lower, upper = (_clean(number) for number in estimate)
    return Point(
        row["period"],
        str(row["period_start"]),
        _clean(numerator),
        _clean(denominator),
        value,
        lower,
        upper,
    )


def _pooled(definition: Metric, points: list[Point]) -> float | None:
    """A group's value from its members' counts (for proportions and crude rates)."""
    numerator = sum(p.numerator or 0 for p in points)
    denominator = sum(p.denominator or 0 for p in points)
    if not denominator or definition.method not in ("proportion", "crude_rate"):
        values = [p.value for p in points if p.value is not None]
        return sum(values) / len(values) if values else None
    return numerator / denominator * definition.multiplier


def show(
    warehouse: Warehouse, metric_id: str, area_key: str, period: str | None = None
) -> dict[str, Any]:
    """One area's value of a metric with its interval, England, its comparator group,
    significance against England, the recent trend and the SPC icons."""
    definition = metric(warehouse, metric_id)
    area_type, code = area_of(area_key)
    peers = comparator_group(code, area_type=area_type) if area_type != "england" else []
    wanted = {(area_type, code), ENGLAND, *((area_type, peer) for peer in peers)}
    series = all_series(warehouse, definition, wanted)
    own = series.get((area_type, code), [])
    if not own:
        raise NoValues(f"No values of {metric_id} for {code}; load some with `metrics load`.")
    chosen = own[-1] if period is None else next((p for p in own if p.period == period), None)
    if chosen is None:
        known = ", ".join(p.period for p in own)
        raise NoValues(f"No value of {metric_id} for {code} in {period}; it has {known}.")
    england = next((p for p in series.get(ENGLAND, []) if p.period == chosen.period), None)
    peer_points = [
        p for peer in peers for p in series.get((area_type, peer), []) if p.period == chosen.period
    ]
    comparison = stats.compare_with_benchmark(
        chosen.value,
        chosen.lower,
        chosen.upper,
        None if england is None else england.value,
        definition.polarity,
    )
    history = [p for p in own if p.period_start <= chosen.period_start]
    return {
        "metric": definition.id,
        "title": definition.title,
        "unit": definition.unit,
        "polarity": definition.polarity,
        "area_type": area_type,
        "area": code,
        "period": chosen.period,
        "numerator": chosen.numerator,
        "denominator": chosen.denominator,
        "value": chosen.value,
        "lower_95": chosen.lower,
        "upper_95": chosen.upper,
        "england": None if england is None else england.value,
        "comparison_with_england": comparison,
        "comparator_group": peers,
        "comparator_value": _pooled(definition, peer_points) if peer_points else None,
        "trend": _trend(definition, history),
        **_spc_icons(definition, history),
        "synthetic": warehouse.synthetic,
    }


def _trend(definition: Metric, points: list[Point]) -> str:
    if definition.method != "proportion" or len(points) < stats.TREND_POINTS:
        return "cannot be calculated"
    recent = points[-stats.TREND_POINTS :]
    result = stats.trend_test([p.numerator for p in recent], [p.denominator for p in recent])
    return str(result.direction)


def _spc_icons(definition: Metric, points: list[Point]) -> dict[str, Any]:
    values = [p.value for p in points if p.value is not None]
    if not values:
        return {"variation": None, "assurance": None, "special_cause": None}
    last = stats.spc(values, improvement=IMPROVEMENT[definition.polarity])[-1]
    return {
        "variation": last.variation,
        "assurance": last.assurance,
        "special_cause": last.special_cause,
    }


def spc_series(
    warehouse: Warehouse,
    metric_id: str,
    area_key: str,
    *,
    target: float | None = None,
    recalculate_at: list[str] | None = None,
    baseline: int | None = None,
    annotations: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The SPC chart of one area's series: a record per period with limits and special causes.

    ``baseline`` fixes the limits on the first so many points; ``annotations`` maps a period to
    a note drawn on the chart (a new service opened, a change of definition)."""
    definition = metric(warehouse, metric_id)
    area_type, code = area_of(area_key)
    points = [
        p
        for p in all_series(warehouse, definition, {(area_type, code)}).get((area_type, code), [])
        if p.value is not None
    ]
    if not points:
        raise NoValues(f"No values of {metric_id} for {code}.")
    labels = [p.period for p in points]
    unknown = [
        label for label in [*(recalculate_at or []), *(annotations or {})] if label not in labels
    ]
    if unknown:
        raise NoValues(
            f"{', '.join(unknown)} is not a period of the series ({labels[0]} to {labels[-1]})."
        )
    chart = stats.spc(
        [p.value for p in points],
        improvement=IMPROVEMENT[definition.polarity],
        target=target,
        recalculate_at=[labels.index(label) for label in recalculate_at or []],
        baseline=baseline,
    )
    return {
        "metric": definition.id,
        "title": definition.title,
        "unit": definition.unit,
        "area": code,
        "target": target,
        "points": [
            {
                "period": point.period,
                "value": spc_point.value,
                "mean": spc_point.mean,
                "lower_limit": spc_point.lower_limit,
                "upper_limit": spc_point.upper_limit,
                "special_cause": spc_point.special_cause,
                "variation": spc_point.variation,
                "assurance": spc_point.assurance,
                "annotation": (annotations or {}).get(point.period),
            }
            for point, spc_point in zip(points, chart, strict=True)
        ],
        "synthetic": warehouse.synthetic,
    }


def compare(warehouse: Warehouse, metric_id: str, period: str | None = None) -> dict[str, Any]:
    """All 42 systems for one period: value, interval, against England, and funnel limits."""
    definition = metric(warehouse, metric_id)
    wanted = {ENGLAND, *(("system", found.code) for found in systems())}
    series = all_series(warehouse, definition, wanted)
    periods = sorted(
        {p.period_start: p.period for points in series.values() for p in points}.items()
    )
    if not periods:
        raise NoValues(f"No values of {metric_id} yet.")
    chosen = period or periods[-1][1]
    if chosen not in {name for _, name in periods}:
        # No data is said as no data: 42 empty rows would read as 42 systems "not compared".
        known = ", ".join(name for _, name in periods)
        raise NoValues(f"No data for {metric_id} in {chosen}: it has values for {known}.")
    england = next((p for p in series.get(ENGLAND, []) if p.period == chosen), None)
    points: list[tuple[str, str, Point | None]] = [
        (
            found.code,
            found.short_name,
            next((p for p in series.get(("system", found.code), []) if p.period == chosen), None),
        )
        for found in systems()
    ]
    target = england.value if england is not None else None
    funnel_kind: stats.FunnelKind | None = (
        "proportion"
        if definition.method == "proportion"
        else "rate"
        if definition.method == "crude_rate"
        else None
    )
    limits = None
    if target is not None and funnel_kind is not None:
        denominators = [point.denominator if point else None for _, _, point in points]
        limits = stats.funnel_limits(
            denominators, target, funnel_kind, multiplier=definition.multiplier
        )
    records = []
    for index, (code, name, point) in enumerate(points):
        record: dict[str, Any] = {"system": code, "name": name}
        record |= {
            "numerator": point.numerator if point else None,
            "denominator": point.denominator if point else None,
            "value": point.value if point else None,
            "lower_95": point.lower if point else None,
            "upper_95": point.upper if point else None,
            "comparison_with_england": stats.compare_with_benchmark(
                point.value if point else None,
                point.lower if point else None,
                point.upper if point else None,
                target,
                definition.polarity,
            ),
        }
        if limits is not None:
            for level, name in ((0.95, "95"), (0.998, "99_8")):
                lower, upper = limits.limits[level]
                record[f"funnel_lower_{name}"] = _clean(lower[index])
                record[f"funnel_upper_{name}"] = _clean(upper[index])
        records.append(record)
    return {
        "metric": definition.id,
        "title": definition.title,
        "unit": definition.unit,
        "period": chosen,
        "england": target,
        "systems": records,
        "synthetic": warehouse.synthetic,
    }


def area_summary(warehouse: Warehouse, area_key: str) -> list[dict[str, Any]]:
    """The latest value of every metric for one area, against England, with its SPC icons
    (the table a system or council page shows)."""
    from joinedup.metrics.catalogue import metrics

    area_type, code = area_of(area_key)
    rows = []
    for definition in metrics(warehouse).values():
        if definition.set not in ("national", code):
            continue
        series = all_series(warehouse, definition, {(area_type, code), ENGLAND})
        own = series.get((area_type, code), [])
        if not own:
            continue
        latest = own[-1]
        england = next((p for p in series.get(ENGLAND, []) if p.period == latest.period), None)
        rows.append(
            {
                "metric": definition.id,
                "title": definition.title,
                "unit": definition.unit,
                "method": definition.method,
                "period": latest.period,
                "numerator": latest.numerator,
                "denominator": latest.denominator,
                "value": latest.value,
                "lower_95": latest.lower,
                "upper_95": latest.upper,
                "england": None if england is None else england.value,
                "comparison_with_england": stats.compare_with_benchmark(
                    latest.value,
                    latest.lower,
                    latest.upper,
                    None if england is None else england.value,
                    definition.polarity,
                ),
                **_spc_icons(definition, own),
                "disclosure_threshold": definition.disclosure_threshold,
            }
        )
    return rows


def icon_matrix(warehouse: Warehouse, system_key: str) -> list[dict[str, Any]]:
    """The SPC icon matrix boards read: for every metric, the system and each of its councils,
    the latest period's variation and assurance icons."""
    from joinedup.metrics.catalogue import metrics
    from joinedup.reference import councils_in, system

    found = system(system_key)
    areas = [("system", found.code)] + [("council", c.code) for c in councils_in(found.code)]
    rows = []
    for definition in metrics(warehouse).values():
        if definition.set not in ("national", found.code):
            continue
        series = all_series(warehouse, definition, set(areas))
        values = {
            (definition.id, code): [
                p.value for p in series.get((kind, code), []) if p.value is not None
            ]
            for kind, code in areas
        }
        summary = stats.spc_summary(values, improvement=IMPROVEMENT[definition.polarity])
        for (kind, code), row in zip(areas, summary, strict=True):
            points = series.get((kind, code), [])
            rows.append(
                {
                    "metric": definition.id,
                    "area": code,
                    "area_type": kind,
                    "period": points[-1].period if points else None,
                    "value": row.latest,
                    "points": row.points,
                    "special_cause": row.special_cause,
                    "variation": row.variation,
                    "assurance": row.assurance,
                    "synthetic": warehouse.synthetic,
                }
            )
    return rows
