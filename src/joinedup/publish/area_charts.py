"""The charts of a system's or council's page: each shared metric's SPC chart with its Making
Data Count icons and target, and spend per head by type.

The SPC series and icons are ``metrics.results.spc_series``'s; the target drawn is England's
value for the latest period (the benchmark the page compares the area with, since metric
definitions carry no target of their own), so the assurance icon says whether the area will
reliably be at England's level. Spend rows are a ``ledger.figures.summary``'s. Nothing is
computed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from joinedup.ledger.figures import Summary
from joinedup.metrics.definition import with_unit
from joinedup.money import per_head
from joinedup.publish import charts
from joinedup.publish.chart_parts import rendered, with_source
from joinedup.publish.chart_templates import spc_spec
from joinedup.publish.reports import words

if TYPE_CHECKING:
    from joinedup.metrics.results import SpcChart
    from joinedup.publish.figures import PublicMetricSummary

WIDTH = 480

#: The Making Data Count variation icons (NHSRplotthedots' names, ``metrics.stats.spc``):
#: the image's file name under /static and its text alternative.
VARIATION_ICONS: dict[str, tuple[str, str]] = {
    "common_cause": ("spc-variation-common-cause.svg", "Common cause variation: no change"),
    "improvement_high": (
        "spc-variation-improving-higher.svg",
        "Special cause improvement: unusually high, which is better",
    ),
    "improvement_low": (
        "spc-variation-improving-lower.svg",
        "Special cause improvement: unusually low, which is better",
    ),
    "concern_high": (
        "spc-variation-concern-higher.svg",
        "Special cause concern: unusually high, which is worse",
    ),
    "concern_low": (
        "spc-variation-concern-lower.svg",
        "Special cause concern: unusually low, which is worse",
    ),
    "neutral_high": (
        "spc-variation-unusually-higher.svg",
        "Special cause variation: unusually high (neither better nor worse)",
    ),
    "neutral_low": (
        "spc-variation-unusually-lower.svg",
        "Special cause variation: unusually low (neither better nor worse)",
    ),
}
ASSURANCE_ICONS: dict[str, tuple[str, str]] = {
    "pass": ("spc-assurance-always-meets.svg", "Assurance: will reliably meet the target"),
    "fail": ("spc-assurance-never-meets.svg", "Assurance: will reliably miss the target"),
    "inconsistent": (
        "spc-assurance-hit-and-miss.svg",
        "Assurance: will meet or miss the target by chance",
    ),
}


@dataclass(frozen=True, slots=True)
class Icon:
    """An icon as an image: the file under /static and its text alternative."""

    src: str
    alt: str


@dataclass(frozen=True, slots=True)
class MetricChart:
    """One metric's SPC chart for a page, with its icons and its target in words."""

    metric: str
    title: str
    svg: str | None  # None when a period is withheld: the chart would give the count away
    description: str
    variation: Icon | None
    assurance: Icon | None
    target: str


def icon(kind: str, name: str | None) -> Icon | None:
    """The variation or assurance icon of an SPC point; None when there is none to show."""
    table = VARIATION_ICONS if kind == "variation" else ASSURANCE_ICONS
    if name is None or name not in table:
        return None
    file, alt = table[name]
    return Icon(f"/static/{file}", alt)


def _source(definition: Any) -> str:
    source = definition.source
    parts = [source.publisher, source.dataset, *([source.reference] if source.reference else [])]
    return "Source: " + ", ".join(parts)


def spc_metric_chart(
    record: SpcChart, row: PublicMetricSummary, definition: Any, area_name: str
) -> MetricChart:
    """A ``metrics.results.spc_series`` record (its target England's latest value) drawn."""
    points = record.points
    last = points[-1]
    target = record.target
    title = f"{row.title}: {area_name}"
    subtitle = [row.unit, *([charts.SYNTHETIC_NOTE] if record.synthetic else [])]
    limits = last.mean is not None
    description = (
        f"{'Statistical process control' if limits else 'Run'} chart of {len(points)} periods "
        f"from {points[0].period} to {points[-1].period}, in {row.unit}. "
        f"The latest value is {words.value(last.value)}"
    )
    if limits:
        description += (
            f", with process limits {words.value(last.lower_limit)} to "
            f"{words.value(last.upper_limit)} around a mean of {words.value(last.mean)}"
        )
    description += f"; variation: {words.variation(last.variation)}."
    if target is not None:
        description += f" The dashed red line is England's latest value, {words.value(target)}."
    chart = spc_spec(
        record, title=title, subtitle=subtitle, width=WIDTH, height=200, source=_source(definition)
    )
    svg = rendered(chart, title, description)
    return MetricChart(
        metric=row.metric,
        title=title,
        svg=svg,
        description=description,
        variation=icon("variation", last.variation),
        assurance=icon("assurance", last.assurance),
        target=(
            "no target (England has no value for the period)"
            if target is None
            else f"England's latest value, {with_unit(words.value(target), row.unit)}"
        ),
    )


def withheld_chart(row: PublicMetricSummary, area_name: str) -> MetricChart:
    """The place of a chart not drawn because a period of the series is withheld."""
    return MetricChart(
        metric=row.metric,
        title=f"{row.title}: {area_name}",
        svg=None,
        description="Not drawn: a period of the series rests on 1 to 7 people.",
        variation=None,
        assurance=None,
        target="",
    )


def spend_chart(spend: Summary, area_name: str) -> tuple[str, str]:
    """Spend per head by spending type as bars, coloured in or out of hospital (a
    ``ledger.figures.summary`` record): the SVG and its text alternative."""
    from joinedup.publish.chart_library import alt

    rows: list[dict[str, Any]] = [
        {
            "type": row.label,
            "per_head": row.per_head,
            "setting": row.setting.replace("_", " "),
        }
        for row in spend.by_spending_type
        if row.per_head is not None
    ]
    year = spend.financial_year
    title = f"Spend per head by type, {year}: {area_name}"
    subtitle = ["£ per resident", *([charts.SYNTHETIC_NOTE] if spend.synthetic else [])]
    colours = {"in hospital": charts.GREY, "out of hospital": charts.BLUE}
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y(
                "type:N",
                sort=alt.EncodingSortField("per_head", order="descending"),
                title="Spending type",
                axis=alt.Axis(labelLimit=260),
            ),
            x=alt.X("per_head:Q", title="£ per resident", axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "setting:N",
                title="Setting",
                scale=alt.Scale(domain=list(colours), range=list(colours.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["type:N", alt.Tooltip("per_head:Q", format=",.2f"), "setting:N"],
        )
        .properties(
            title={"text": title, "subtitle": subtitle}, width=WIDTH - 120, height=alt.Step(16)
        )
    )
    kind = "synthetic demonstration data" if spend.synthetic else "partners' submissions"
    chart = with_source(bars, f"Source: JoinedUp joint ledger ({kind}), {year}", WIDTH)
    ranked = sorted(rows, key=lambda row: row["per_head"], reverse=True)
    description = f"Bar chart of spend per head on {len(rows)} spending types, {year}."
    if ranked:
        top = ", ".join(f"{row['type']} {per_head(row['per_head'])}" for row in ranked[:3])
        description += f" Largest: {top}. The table beside it gives every figure."
    return rendered(chart, title, description), description
