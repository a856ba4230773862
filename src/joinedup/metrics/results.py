"""Results of a shared metric: values with intervals, against England and peers, over time.

Over 400 lines: every view of a metric (one area, the 42 systems, an area's every metric, the
SPC chart and icons) is computed from the same series (``metrics.series``), and each returns its
typed record, declared beside it.

Every figure is computed here with ``metrics.stats`` (the PHEindicatormethods and Making Data
Count methods) and returned as a typed record (``joinedup.core.record``), which the CLI, the API,
the pages and the charts only draw. Counts of people are as loaded: what may be published is
``publish.figures``'s to say.
"""

from __future__ import annotations

from collections.abc import Sequence

from joinedup.benchmark import comparator_group
from joinedup.core.record import Record
from joinedup.errors import JoinedUpError
from joinedup.metrics import stats
from joinedup.metrics.catalogue import metric
from joinedup.metrics.definition import Method, Metric, Polarity
from joinedup.metrics.series import ENGLAND, Point, all_series, clean
from joinedup.metrics.values import area_of
from joinedup.reference import systems
from joinedup.warehouse import Warehouse

# ENGLAND, Point and all_series are named here too for the modules that read them from results.
__all__ = [
    "ENGLAND",
    "IMPROVEMENT",
    "Comparison",
    "IconRow",
    "MetricResult",
    "MetricSummary",
    "NoValues",
    "Point",
    "SpcChart",
    "SpcChartPoint",
    "SpcIcons",
    "SystemInFunnel",
    "SystemValue",
    "all_series",
    "area_summary",
    "compare",
    "icon_matrix",
    "show",
    "spc_series",
]

IMPROVEMENT: dict[str, stats.Improvement] = {
    "higher_is_better": "increase",
    "lower_is_better": "decrease",
    "no_judgement": None,
}


class NoValues(JoinedUpError):
    pass


class SpcIcons(Record):
    """The SPC icons of a series' latest point (None: no values to chart)."""

    variation: str | None
    assurance: str | None
    special_cause: stats.SpecialCause | None


class MetricResult(Record):
    """One area's value of a metric for one period with its 95% interval, England's value,
    significance against England, its comparator group's value, the recent trend and the SPC
    icons of its series up to the period."""

    metric: str
    title: str
    unit: str
    polarity: Polarity
    area_type: str
    area: str
    period: str
    numerator: float | None
    denominator: float | None
    value: float | None
    lower_95: float | None
    upper_95: float | None
    england: float | None
    comparison_with_england: stats.Comparison
    comparator_group: list[str]
    comparator_value: float | None
    trend: stats.Direction
    variation: str | None
    assurance: str | None
    special_cause: stats.SpecialCause | None
    synthetic: bool


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
) -> MetricResult:
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
    return MetricResult(
        metric=definition.id,
        title=definition.title,
        unit=definition.unit,
        polarity=definition.polarity,
        area_type=area_type,
        area=code,
        period=chosen.period,
        numerator=chosen.numerator,
        denominator=chosen.denominator,
        value=chosen.value,
        lower_95=chosen.lower,
        upper_95=chosen.upper,
        england=None if england is None else england.value,
        comparison_with_england=comparison,
        comparator_group=peers,
        comparator_value=_pooled(definition, peer_points) if peer_points else None,
        trend=_trend(definition, history),
        **dict(_spc_icons(definition, history)),
        synthetic=warehouse.synthetic,
    )


def _trend(definition: Metric, points: list[Point]) -> stats.Direction:
    if definition.method != "proportion" or len(points) < stats.TREND_POINTS:
        return "cannot be calculated"
    recent = points[-stats.TREND_POINTS :]
    result = stats.trend_test([p.numerator for p in recent], [p.denominator for p in recent])
    return result.direction


def _spc_icons(definition: Metric, points: list[Point]) -> SpcIcons:
    values = [p.value for p in points if p.value is not None]
    if not values:
        return SpcIcons(variation=None, assurance=None, special_cause=None)
    last = stats.spc(values, improvement=IMPROVEMENT[definition.polarity])[-1]
    return SpcIcons(
        variation=last.variation, assurance=last.assurance, special_cause=last.special_cause
    )


class SpcChartPoint(Record):
    """One period of an SPC chart: its value, the mean and process limits (None where there
    are too few points), whether it is a special cause, its icons and any note on it."""

    period: str
    value: float
    mean: float | None
    lower_limit: float | None
    upper_limit: float | None
    special_cause: stats.SpecialCause
    variation: str | None
    assurance: str | None
    annotation: str | None


class SpcChart(Record):
    """The SPC chart of one area's series of a metric, against a target if one is given."""

    metric: str
    title: str
    unit: str
    area: str
    target: float | None
    points: list[SpcChartPoint]
    synthetic: bool


def spc_series(
    warehouse: Warehouse,
    metric_id: str,
    area_key: str,
    *,
    target: float | None = None,
    recalculate_at: list[str] | None = None,
    baseline: int | None = None,
    annotations: dict[str, str] | None = None,
) -> SpcChart:
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
    return SpcChart(
        metric=definition.id,
        title=definition.title,
        unit=definition.unit,
        area=code,
        target=target,
        points=[
            SpcChartPoint(
                period=point.period,
                value=spc_point.value,
                mean=spc_point.mean,
                lower_limit=spc_point.lower_limit,
                upper_limit=spc_point.upper_limit,
                special_cause=spc_point.special_cause,
                variation=spc_point.variation,
                assurance=spc_point.assurance,
                annotation=(annotations or {}).get(point.period),
            )
            for point, spc_point in zip(points, chart, strict=True)
        ],
        synthetic=warehouse.synthetic,
    )


class SystemValue(Record):
    """A system's value of a metric for one period with its 95% interval and how it compares
    with England. The counts are as loaded; a public copy (``publish.figures``) withholds
    small ones, and the value, interval and comparison with them (None)."""

    system: str
    name: str
    numerator: float | None
    denominator: float | None
    value: float | None
    lower_95: float | None
    upper_95: float | None
    comparison_with_england: stats.Comparison | None


class SystemInFunnel(SystemValue):
    """A system's value with the funnel plot's limits at its denominator (95% and 99.8%)."""

    funnel_lower_95: float | None
    funnel_upper_95: float | None
    funnel_lower_99_8: float | None
    funnel_upper_99_8: float | None


class Comparison(Record):
    """Every system's value of a metric for one period against England's. The systems carry
    funnel limits (``SystemInFunnel``) where the method has them (a proportion or a crude rate)
    and England has a value; otherwise none does."""

    metric: str
    title: str
    unit: str
    period: str
    england: float | None
    systems: Sequence[SystemInFunnel] | Sequence[SystemValue]
    synthetic: bool

    @property
    def funnel(self) -> bool:
        """Whether the systems carry funnel limits."""
        return bool(self.systems) and isinstance(self.systems[0], SystemInFunnel)


def compare(warehouse: Warehouse, metric_id: str, period: str | None = None) -> Comparison:
    """All 42 systems for one period: value, interval, against England, and funnel limits."""
    definition = metric(warehouse, metric_id)
    series, periods = _systems_series(warehouse, definition)
    chosen = period or periods[-1]
    if chosen not in periods:
        # No data is said as no data: 42 empty rows would read as 42 systems "not compared".
        known = ", ".join(periods)
        raise NoValues(f"No data for {metric_id} in {chosen}: it has values for {known}.")
    return _compared(definition, series, chosen, warehouse.synthetic)


def comparisons(warehouse: Warehouse, metric_id: str) -> list[Comparison]:
    """:func:`compare` for every period with values, oldest first, from one reading of the
    series (each period compared apart read them all again)."""
    definition = metric(warehouse, metric_id)
    series, periods = _systems_series(warehouse, definition)
    synthetic = warehouse.synthetic
    return [_compared(definition, series, period, synthetic) for period in periods]


def _systems_series(
    warehouse: Warehouse, definition: Metric
) -> tuple[dict[tuple[str, str], list[Point]], list[str]]:
    """England's and every system's series, and their periods, oldest first."""
    wanted = {ENGLAND, *(("system", found.code) for found in systems())}
    series = all_series(warehouse, definition, wanted)
    periods = sorted(
        {p.period_start: p.period for points in series.values() for p in points}.items()
    )
    if not periods:
        raise NoValues(f"No values of {definition.id} yet.")
    return series, [name for _, name in periods]


def _compared(
    definition: Metric, series: dict[tuple[str, str], list[Point]], chosen: str, synthetic: bool
) -> Comparison:
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
    plain: list[SystemValue] = []
    funnelled: list[SystemInFunnel] = []
    for index, (code, name, point) in enumerate(points):
        row = SystemValue(
            system=code,
            name=name,
            numerator=point.numerator if point else None,
            denominator=point.denominator if point else None,
            value=point.value if point else None,
            lower_95=point.lower if point else None,
            upper_95=point.upper if point else None,
            comparison_with_england=stats.compare_with_benchmark(
                point.value if point else None,
                point.lower if point else None,
                point.upper if point else None,
                target,
                definition.polarity,
            ),
        )
        if limits is None:
            plain.append(row)
            continue
        (lower_95, upper_95), (lower_99_8, upper_99_8) = limits.limits[0.95], limits.limits[0.998]
        funnelled.append(
            SystemInFunnel(
                **dict(row),
                funnel_lower_95=clean(lower_95[index]),
                funnel_upper_95=clean(upper_95[index]),
                funnel_lower_99_8=clean(lower_99_8[index]),
                funnel_upper_99_8=clean(upper_99_8[index]),
            )
        )
    return Comparison(
        metric=definition.id,
        title=definition.title,
        unit=definition.unit,
        period=chosen,
        england=target,
        systems=funnelled if limits is not None else plain,
        synthetic=synthetic,
    )


class MetricSummary(Record):
    """The latest value of one metric for an area, against England, with the SPC icons of its
    series and the metric's own disclosure threshold (None: the default). The counts are as
    loaded; a public copy (``publish.figures``) withholds small ones, and the value, interval
    and comparison with them (None)."""

    metric: str
    title: str
    unit: str
    method: Method
    period: str
    numerator: float | None
    denominator: float | None
    value: float | None
    lower_95: float | None
    upper_95: float | None
    england: float | None
    comparison_with_england: stats.Comparison | None
    variation: str | None
    assurance: str | None
    special_cause: stats.SpecialCause | None
    disclosure_threshold: int | None


def area_summary(warehouse: Warehouse, area_key: str) -> list[MetricSummary]:
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
            MetricSummary(
                metric=definition.id,
                title=definition.title,
                unit=definition.unit,
                method=definition.method,
                period=latest.period,
                numerator=latest.numerator,
                denominator=latest.denominator,
                value=latest.value,
                lower_95=latest.lower,
                upper_95=latest.upper,
                england=None if england is None else england.value,
                comparison_with_england=stats.compare_with_benchmark(
                    latest.value,
                    latest.lower,
                    latest.upper,
                    None if england is None else england.value,
                    definition.polarity,
                ),
                **dict(_spc_icons(definition, own)),
                disclosure_threshold=definition.disclosure_threshold,
            )
        )
    return rows


class IconRow(Record):
    """A row of the SPC icon matrix: one metric in one area, its latest period and value, how
    many points its series has, and the latest point's icons (None: too few points)."""

    metric: str
    area: str
    area_type: str
    period: str | None
    value: float | None
    points: int
    special_cause: stats.SpecialCause
    variation: str | None
    assurance: str | None
    synthetic: bool


def icon_matrix(warehouse: Warehouse, system_key: str) -> list[IconRow]:
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
                IconRow(
                    metric=definition.id,
                    area=code,
                    area_type=kind,
                    period=points[-1].period if points else None,
                    value=row.latest,
                    points=row.points,
                    special_cause=row.special_cause,
                    variation=row.variation,
                    assurance=row.assurance,
                    synthetic=warehouse.synthetic,
                )
            )
    return rows
