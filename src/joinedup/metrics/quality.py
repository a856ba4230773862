"""Quality assurance of stored metric values: completeness, consistency and outliers.

Each finding names the metric, the area and the period, and carries a severity:
``error`` (a figure that cannot be right), ``warning`` (a figure to check before publishing) or
``info`` (worth knowing). Outliers are values of the most recent periods (the last
:data:`RECENT_PERIODS`) beyond the 99.8% funnel limits around England, or, for metrics without a
funnel, more than three standard deviations from the other areas.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from joinedup.metrics.catalogue import metrics
from joinedup.metrics.definition import Metric
from joinedup.metrics.results import ENGLAND, Point, all_series
from joinedup.metrics.stats import funnel_limits
from joinedup.reference import councils_in, system, systems
from joinedup.warehouse import Warehouse

SEVERITIES = ("error", "warning", "info")
CONSISTENCY_TOLERANCE = 0.01  # England's count may differ from the systems' sum by 1%
RECENT_PERIODS = 4  # older outliers are history, not something to check before publishing


@dataclass(frozen=True, slots=True)
class Finding:
    severity: str
    check: str
    metric: str
    area: str
    period: str | None
    message: str


def quality_report(warehouse: Warehouse, system_key: str | None = None) -> list[dict[str, Any]]:
    """Every finding for every metric (of one system and its councils, if given), worst first."""
    chosen_system = system(system_key).code if system_key else None
    areas = (
        {("system", chosen_system)} | {("council", c.code) for c in councils_in(chosen_system)}
        if chosen_system
        else None
    )
    findings: list[Finding] = []
    for definition in metrics(warehouse).values():
        if chosen_system and definition.set not in ("national", chosen_system):
            continue
        series = all_series(warehouse, definition)
        findings += _completeness(definition, series, areas)
        findings += _consistency(definition, series, areas)
        findings += _outliers(definition, series, areas)
    order = {severity: index for index, severity in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: (order[f.severity], f.metric, f.area, f.period or ""))
    return [asdict(finding) for finding in findings]


def _completeness(
    definition: Metric,
    series: dict[tuple[str, str], list[Point]],
    areas: set[tuple[str, str]] | None,
) -> list[Finding]:
    findings = []
    all_periods = sorted({(p.period_start, p.period) for pts in series.values() for p in pts})
    if not all_periods:
        return [Finding("warning", "completeness", definition.id, "all", None, "no values loaded")]
    expected = [("system", s.code) for s in systems()] if areas is None else sorted(areas)
    for area in expected:
        have = {p.period for p in series.get(area, [])}
        if not have:
            findings.append(
                Finding(
                    "warning",
                    "completeness",
                    definition.id,
                    area[1],
                    None,
                    "no values for this area",
                )
            )
            continue
        missing = [label for _, label in all_periods if label not in have]
        if missing:
            shown = ", ".join(missing[:4]) + (" ..." if len(missing) > 4 else "")
            findings.append(
                Finding(
                    "warning",
                    "completeness",
                    definition.id,
                    area[1],
                    missing[0],
                    f"{len(missing)} period(s) missing: {shown}",
                )
            )
        for point in series.get(area, []):
            if point.value is None:
                findings.append(
                    Finding(
                        "info",
                        "completeness",
                        definition.id,
                        area[1],
                        point.period,
                        "no value could be calculated (too few events or a zero denominator)",
                    )
                )
    return findings


def _consistency(
    definition: Metric,
    series: dict[tuple[str, str], list[Point]],
    areas: set[tuple[str, str]] | None,
) -> list[Finding]:
    findings = []
    for (area_type, code), points in series.items():
        if areas is not None and (area_type, code) not in areas:
            continue
        for point in points:
            if (
                definition.method == "proportion"
                and point.value is not None
                and not 0 <= point.value <= definition.multiplier
            ):
                findings.append(
                    Finding(
                        "error",
                        "consistency",
                        definition.id,
                        code,
                        point.period,
                        f"a proportion of {point.value:g} is impossible",
                    )
                )
    if areas is None and definition.method in ("proportion", "crude_rate", "count", "dsr"):
        totals: dict[str, float] = defaultdict(float)
        for found in systems():
            for point in series.get(("system", found.code), []):
                totals[point.period] += point.numerator or 0
        for point in series.get(ENGLAND, []):
            summed = totals.get(point.period)
            if (
                point.numerator
                and summed
                and abs(summed - point.numerator) > (CONSISTENCY_TOLERANCE * point.numerator)
            ):
                findings.append(
                    Finding(
                        "warning",
                        "consistency",
                        definition.id,
                        ENGLAND[1],
                        point.period,
                        f"England's numerator {point.numerator:,.0f} differs from the systems' sum "
                        f"{summed:,.0f}",
                    )
                )
    return findings


def _outliers(
    definition: Metric,
    series: dict[tuple[str, str], list[Point]],
    areas: set[tuple[str, str]] | None,
) -> list[Finding]:
    findings = []
    by_period: dict[str, list[tuple[str, str, Point]]] = defaultdict(list)
    for (area_type, code), points in series.items():
        if area_type == "england":
            continue
        for point in points:
            if point.value is not None:
                by_period[point.period].append((area_type, code, point))
    england = {p.period: p.value for p in series.get(ENGLAND, [])}
    starts = {p.period: p.period_start for pts in series.values() for p in pts}
    recent = set(sorted(by_period, key=starts.__getitem__)[-RECENT_PERIODS:])
    by_period = {period: members for period, members in by_period.items() if period in recent}
    kind = {"proportion": "proportion", "crude_rate": "rate"}.get(definition.method)
    for period, members in by_period.items():
        target = england.get(period)
        flagged: list[tuple[str, str, str]] = []
        if kind is not None and target is not None:
            limits = funnel_limits(
                [p.denominator for _, _, p in members],
                target,
                kind,  # type: ignore[arg-type]
                confidence=0.998,
                multiplier=definition.multiplier,
            )
            outside = limits.outside([p.value for _, _, p in members], 0.998)
            for (area_type, code, point), side in zip(members, outside, strict=True):
                if side in (1.0, -1.0):
                    word = "above" if side > 0 else "below"
                    flagged.append(
                        (
                            area_type,
                            code,
                            f"{point.value:,.4g} is {word} the 99.8% "
                            f"funnel limit around England ({target:,.4g})",
                        )
                    )
        elif len(members) > 3:
            for area_type in ("system", "council"):
                values = [p.value for t, _, p in members if t == area_type and p.value is not None]
                if len(values) < 4:
                    continue
                mean, spread = statistics.fmean(values), statistics.pstdev(values)
                for t, code, point in members:
                    if t == area_type and spread and abs((point.value or 0) - mean) > 3 * spread:
                        flagged.append(
                            (
                                t,
                                code,
                                f"{point.value:,.4g} is more than three "
                                f"standard deviations from the mean ({mean:,.4g})",
                            )
                        )
        for area_type, code, message in flagged:
            if areas is None or (area_type, code) in areas:
                findings.append(Finding("info", "outlier", definition.id, code, period, message))
    return findings
