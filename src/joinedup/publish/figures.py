"""Public versions of results records: every count of people passed through disclosure control.

Analysts see full figures on the command line; everything served to the public (pages, the open
API, exports, reports) goes through these functions first.
"""

from __future__ import annotations

from typing import Any

from joinedup.publish.disclosure import Rules, is_disclosive, publish_count

# Figures computed from a row's counts, withheld with them.
DERIVED = ("value", "lower_95", "upper_95", "comparison_with_england")


def metric_rules(threshold: int | None, default: int) -> Rules:
    return Rules(threshold=default if threshold is None else threshold)


def public_point(row: dict[str, Any], rules: Rules, *, proportion: bool) -> dict[str, Any]:
    """A row with ``numerator`` and ``denominator`` as it may be published.

    For a proportion the complement (denominator - numerator) is a count of people too: 95 of
    100 tells that 5 were not.
    """
    numerator, denominator = row.get("numerator"), row.get("denominator")
    counts = [numerator, denominator]
    if proportion and numerator is not None and denominator is not None:
        counts.append(denominator - numerator)
    public = dict(row)
    if any(is_disclosive(count, rules) for count in counts):
        public |= {"numerator": None, "denominator": None, "withheld": True}
        public |= {key: None for key in DERIVED if key in public}
        return public
    public["numerator"] = publish_count(numerator, rules) if numerator is not None else None
    public["denominator"] = publish_count(denominator, rules) if denominator is not None else None
    public["withheld"] = False
    return public


def public_compare(record: dict[str, Any], rules: Rules, *, proportion: bool) -> dict[str, Any]:
    return record | {
        "systems": [public_point(row, rules, proportion=proportion) for row in record["systems"]]
    }
