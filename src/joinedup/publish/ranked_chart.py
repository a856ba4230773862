"""A ranked bar chart of the 42 systems on one measure, framed for a page: its source line under
it and a text alternative that says what a reader would see (the highest and lowest, England's
value, where the chosen system ranks, how many have no data).

The bars are ``charts.ranking_chart``'s; this module only frames them and puts them in words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from joinedup.publish import charts
from joinedup.publish.chart_parts import rendered, with_source

SOURCE_WIDTH = 540


def description(
    record: dict[str, Any], label: str, shown: Callable[[float | None], str], highlight: str | None
) -> str:
    """The chart in words. ``record`` is a ranking record whose rows are in rank order."""
    ranked = [row for row in record["systems"] if row["value"] is not None]
    text = f"Bar chart of {label} ({record['unit']}) for each system, highest first"
    if not ranked:
        return text + ": no system has data."
    top, bottom = ranked[0], ranked[-1]
    text += (
        f". Highest: {top['name']}, {shown(top['value'])}."
        f" Lowest: {bottom['name']}, {shown(bottom['value'])}."
    )
    england = record.get("england_median")
    if england is not None:
        text += f" England's median, the dashed line: {shown(england)}."
    elif record.get("england") is not None:
        text += f" England, the dashed line: {shown(record['england'])}."
    picked = [index for index, row in enumerate(ranked, 1) if row["code"] == highlight]
    chosen = [row for row in record["systems"] if row["code"] == highlight]
    if picked:
        row = ranked[picked[0] - 1]
        text += f" {row['name']}, in orange: {shown(row['value'])}, ranked {picked[0]}"
        text += f" of {len(ranked)}."
    elif chosen:
        text += f" {chosen[0]['name']} has no data."
    missing = len(record["systems"]) - len(ranked)
    if missing:
        text += " 1 system has no data." if missing == 1 else f" {missing} systems have no data."
    return text


def ranked_svg(
    record: dict[str, Any],
    title: str,
    label: str,
    source: str,
    shown: Callable[[float | None], str],
    highlight: str | None = None,
) -> str:
    """The ranked bars as inline SVG with a title, the unit on the axis, a source line and a
    text alternative; ``highlight`` (a system code) in orange."""
    chart = with_source(charts.ranking_chart(record, title, highlight), source, SOURCE_WIDTH)
    return rendered(chart, title, description(record, label, shown, highlight))
