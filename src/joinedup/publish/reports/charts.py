"""The pack's charts: Altair specifications drawn from records the analysis modules returned,
rendered offline to SVG and made accessible (a text alternative on every chart).

Nothing is computed here: each chart only draws the numbers it is given.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from typing import Any

from joinedup.publish import charts
from joinedup.publish.reports import warm

OTHERS, ENGLAND_COLOUR = "#aeb7bd", charts.DARK_BLUE
AREA_COLOURS = (charts.BLUE, charts.ORANGE, "#330072", "#007f3b")
# Text is measured by vl-convert and drawn by the page's renderer: one font keeps them agreeing
# (DejaVu Sans ships with fontconfig wherever WeasyPrint runs; a missing font is measured wide).
FONT = "DejaVu Sans"


@dataclass(frozen=True, slots=True)
class Figure:
    """An inline SVG chart with its text alternative, ready for a page."""

    svg: str
    title: str
    description: str


def per_head_chart(rows: list[dict[str, Any]], title: str) -> Any:
    """Grouped bars of spend per head: ``rows`` are ``{"area", "measure", "per_head"}``."""
    from joinedup.publish.chart_library import alt

    areas = list(dict.fromkeys(row["area"] for row in rows))
    measures = list(dict.fromkeys(row["measure"] for row in rows))
    return (
        alt.Chart({"values": rows})
        .mark_bar()
        .encode(
            y=alt.Y("measure:N", sort=measures, title=None),
            yOffset=alt.YOffset("area:N", sort=areas),
            x=alt.X("per_head:Q", title="£ per head"),
            color=alt.Color(
                "area:N",
                sort=areas,
                title=None,
                scale=alt.Scale(domain=areas, range=list(AREA_COLOURS[: len(areas)])),
                legend=alt.Legend(orient="bottom"),
            ),
        )
        .properties(title=title, width=480, height=alt.Step(6))
    )


def strip_chart(
    values: list[dict[str, Any]],
    title: str,
    axis: tuple[str | None, str],
    median: float | None,
) -> Any:
    """Every system as a grey tick along one axis, the council's systems as coloured dots named
    in the legend, the median system as a dashed line.

    ``values`` are ``{"name", "value", "highlight"}``; ``highlight`` orders the coloured ones
    (0 first, None for the grey). ``axis`` is the axis title and its d3 number format.
    """
    from joinedup.publish.chart_library import alt

    chosen = sorted(
        (row for row in values if row["highlight"] is not None), key=lambda row: row["highlight"]
    )
    own = [row["name"] for row in chosen]
    x = alt.X("value:Q", title=axis[0], scale=alt.Scale(zero=False), axis=alt.Axis(format=axis[1]))
    layers: list[Any] = [
        alt.Chart({"values": [row for row in values if row["highlight"] is None]})
        .mark_tick(color=OTHERS, thickness=2, size=22)
        .encode(x=x),
    ]
    if median is not None:
        layers.append(
            alt.Chart({"values": [{"value": median}]})
            .mark_rule(color=ENGLAND_COLOUR, strokeDash=[4, 2])
            .encode(x="value:Q")
        )
    layers.append(
        alt.Chart({"values": chosen})
        .mark_point(filled=True, size=110, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            x=x,
            color=alt.Color(
                "name:N",
                sort=own,
                title=None,
                scale=alt.Scale(domain=own, range=list(AREA_COLOURS[: len(own)])),
                legend=alt.Legend(orient="bottom", columns=1),
            ),
        )
    )
    return alt.layer(*layers).properties(title=title, width=480, height=30)


def figure(chart: Any, title: str, description: str) -> Figure:
    """The chart as inline SVG that a screen reader announces as one image with its text."""
    warm.chart_engine().join()  # one start of the engine at a time
    if isinstance(chart, dict):  # a filled template (publish.chart_templates)
        chart = {**chart, "config": {**chart.get("config", {}), "font": FONT}}
    else:
        chart = chart.configure(font=FONT)
    svg = charts.to_svg(chart)
    return Figure(accessible(svg, title, description), title, description)


def accessible(svg: str, title: str, description: str) -> str:
    """Mark the SVG as one image whose label and title are its text alternative (the chart's
    title and description), sized to its column.

    Ids are made unique per chart, since every chart of a page shares one document; the prefix
    comes from the chart's text, so the same pack renders to the same page.
    """
    prefix = "chart-" + hashlib.sha256(f"{title}\n{description}".encode()).hexdigest()[:8] + "-"
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}\1"', svg)
    label = html.escape(f"{title}. {description}", quote=True)
    opening = re.search(r"<svg\b[^>]*>", svg)
    if opening is None:
        raise charts.ChartError("the chart renderer returned no <svg> element")
    tag = opening.group(0)[:-1]
    # One class attribute: a second one on the same element would be ignored.
    if re.search(r'\bclass="', tag):
        tag = re.sub(r'\bclass="([^"]*)"', r'class="\1 chart"', tag, count=1)
    else:
        tag += ' class="chart"'
    tag += f' role="img" aria-label="{label}">'
    # The title is the whole text alternative: a tagged PDF (PDF/UA) takes a figure's alternate
    # text from it, and a browser, given the same words as the label, reads them once.
    inner = f"<title>{label}</title>"
    return svg[: opening.start()] + tag + inner + svg[opening.end() :]
