"""Public versions of results records: every count of people passed through disclosure control.

Analysts see full figures on the command line; everything served to the public (pages, the open
API, exports, reports) goes through these functions first. A public record is the analysis
record's type with its counts as they may be published (whole numbers, or None when withheld),
the figures computed from withheld counts None, and ``withheld`` saying so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from joinedup.metrics.results import Comparison, MetricSummary, SystemInFunnel, SystemValue
from joinedup.publish.disclosure import Rules, is_disclosive, publish_count

# Figures computed from a row's counts, withheld with them.
DERIVED = ("value", "lower_95", "upper_95", "comparison_with_england")


class PublicMetricSummary(MetricSummary):
    """An area's latest value of a metric as it may be published."""

    numerator: int | None
    denominator: int | None
    withheld: bool


class PublicSystemValue(SystemValue):
    """A system's value of a metric as it may be published."""

    numerator: int | None
    denominator: int | None
    withheld: bool


class PublicSystemInFunnel(SystemInFunnel):
    """A system's value with its funnel limits as it may be published (the limits rest on
    England's value and the denominator's size, and are not withheld)."""

    numerator: int | None
    denominator: int | None
    withheld: bool


class PublicComparison(Comparison):
    """Every system's value of a metric as it may be published."""

    systems: Sequence[PublicSystemInFunnel] | Sequence[PublicSystemValue]


def metric_rules(threshold: int | None, default: int) -> Rules:
    return Rules(threshold=default if threshold is None else threshold)


def withheld(
    numerator: float | None, denominator: float | None, rules: Rules, *, proportion: bool
) -> bool:
    """Whether a value's counts may not be published. For a proportion the complement
    (denominator - numerator) is a count of people too: 95 of 100 tells that 5 were not."""
    counts = [numerator, denominator]
    if proportion and numerator is not None and denominator is not None:
        counts.append(denominator - numerator)
    return any(is_disclosive(count, rules) for count in counts)


def _disclosed(
    numerator: float | None, denominator: float | None, rules: Rules, *, proportion: bool
) -> dict[str, Any]:
    """The counts as they may be published, with ``withheld`` and, when the counts are
    withheld, the figures derived from them withheld too."""
    if withheld(numerator, denominator, rules, proportion=proportion):
        return {"numerator": None, "denominator": None, "withheld": True} | dict.fromkeys(DERIVED)
    return {
        "numerator": publish_count(numerator, rules) if numerator is not None else None,
        "denominator": publish_count(denominator, rules) if denominator is not None else None,
        "withheld": False,
    }


def public_point(row: dict[str, Any], rules: Rules, *, proportion: bool) -> dict[str, Any]:
    """A row with ``numerator`` and ``denominator`` as it may be published (a plain mapping: a
    point of a series, an export's row)."""
    changes = _disclosed(row.get("numerator"), row.get("denominator"), rules, proportion=proportion)
    return dict(row) | {
        key: value for key, value in changes.items() if key not in DERIVED or key in row
    }


def public_summary(row: MetricSummary, rules: Rules, *, proportion: bool) -> PublicMetricSummary:
    """An area's latest value of a metric as it may be published."""
    changes = _disclosed(row.numerator, row.denominator, rules, proportion=proportion)
    return PublicMetricSummary.model_validate(dict(row) | changes)


def public_compare(record: Comparison, rules: Rules, *, proportion: bool) -> PublicComparison:
    """Every system's value of a metric as it may be published."""
    systems = [
        (
            PublicSystemInFunnel if isinstance(row, SystemInFunnel) else PublicSystemValue
        ).model_validate(
            dict(row) | _disclosed(row.numerator, row.denominator, rules, proportion=proportion)
        )
        for row in record.systems
    ]
    return PublicComparison.model_validate(dict(record) | {"systems": systems})
