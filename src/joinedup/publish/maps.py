"""A map of England's 42 systems coloured by one measure, each system a link to its page.

Drawn from ONS's generalised boundaries shipped with the package (``reference.boundaries``) as a
Vega-Lite geoshape, rendered offline like every chart. The map computes nothing: it colours the
values it is given, greys the systems without one ("no data", never a zero) and outlines a
chosen system and its peers.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from joinedup.publish import charts
from joinedup.publish.chart_parts import rendered, with_source
from joinedup.reference import systems
from joinedup.reference.boundaries import ATTRIBUTION, boundaries

NO_DATA_COLOUR = "#d8dde0"
CHOSEN_COLOUR, PEER_COLOUR = "#212b32", charts.ORANGE
WIDTH, HEIGHT = 400, 460


@dataclass(frozen=True, slots=True)
class MapMeasure:
    """What the map is coloured by: a name, its unit, how a value reads in words, and the d3
    format of its legend."""

    label: str
    unit: str
    shown: Callable[[float | None], str]
    legend_format: str
    source: str
    synthetic: bool = False


def _features(
    values: Mapping[str, float | None], measure: MapMeasure
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    names = {item.code: item.short_name for item in systems()}
    with_value: list[dict[str, Any]] = []
    without: list[dict[str, Any]] = []
    for feature in boundaries("systems"):
        code = feature["properties"]["code"]
        value = values.get(code)
        properties = {
            "code": code,
            "name": names[code],
            "value": value,
            "href": f"/systems/{code}",
            "label": f"{names[code]}: {measure.shown(value)}",
        }
        (with_value if value is not None else without).append(feature | {"properties": properties})
    return with_value, without


def choropleth(
    values: Mapping[str, float | None],
    measure: MapMeasure,
    title: str,
    chosen: str | None = None,
    peers: Collection[str] = (),
) -> Any:
    """The map as an Altair chart: one linked shape per system."""
    import altair as alt

    with_value, without = _features(values, measure)
    # Each shape is a link named by its description: kept for assistive technology, which
    # ``charts.to_svg`` hides the marks of other charts from.
    link = {"href": "properties.href:N", "description": "properties.label:N"}
    layers: list[Any] = []
    if with_value:
        layers.append(
            alt.Chart(alt.Data(values=with_value))
            .mark_geoshape(stroke="white", strokeWidth=0.6, aria=True)
            .encode(
                color=alt.Color(
                    "properties.value:Q",
                    title=measure.unit,
                    scale=alt.Scale(scheme="blues", zero=False),
                    legend=alt.Legend(format=measure.legend_format, orient="left"),
                ),
                tooltip=alt.Tooltip("properties.label:N", title="System"),
                **link,
            )
        )
    if without:
        layers.append(
            alt.Chart(alt.Data(values=without))
            .mark_geoshape(fill=NO_DATA_COLOUR, stroke="white", strokeWidth=0.6, aria=True)
            .encode(tooltip=alt.Tooltip("properties.label:N", title="System"), **link)
        )
    for codes, colour, width in ((set(peers), PEER_COLOUR, 2.0), ({chosen}, CHOSEN_COLOUR, 3.0)):
        outlined = [
            feature for feature in boundaries("systems") if feature["properties"]["code"] in codes
        ]
        if outlined:
            layers.append(
                alt.Chart(alt.Data(values=outlined)).mark_geoshape(
                    filled=False, stroke=colour, strokeWidth=width
                )
            )
    subtitle = [_legend_words(values, measure, chosen, peers)]
    if measure.synthetic:
        subtitle.append(charts.SYNTHETIC_NOTE)
    chart = (
        alt.layer(*layers)
        .project(type="mercator")
        .properties(title={"text": title, "subtitle": subtitle}, width=WIDTH, height=HEIGHT)
    )
    return with_source(chart, f"{measure.source}. Boundaries: {ATTRIBUTION}.", WIDTH + 120)


def _legend_words(
    values: Mapping[str, float | None],
    measure: MapMeasure,
    chosen: str | None,
    peers: Collection[str],
) -> str:
    parts = []
    if any(values.get(item.code) is None for item in systems()):
        parts.append("grey: no data")
    if chosen:
        parts.append("black outline: the chosen system")
    if peers:
        parts.append(f"orange: its {len(peers)} nearest peers")
    return "; ".join(parts) if parts else "Darker is higher"


def description(
    values: Mapping[str, float | None],
    measure: MapMeasure,
    chosen: str | None = None,
    peers: Collection[str] = (),
) -> str:
    """The map in words: what colours it, the highest and lowest systems, what is missing."""
    names = {item.code: item.short_name for item in systems()}
    present = sorted(
        ((value, code) for code, value in values.items() if value is not None and code in names),
        reverse=True,
    )
    text = f"Map of England's {len(names)} integrated care systems coloured by {measure.label}"
    text += f" ({measure.unit}); each system links to its page."
    if present:
        (top, top_code), (bottom, bottom_code) = present[0], present[-1]
        text += (
            f" Highest: {names[top_code]}, {measure.shown(top)}."
            f" Lowest: {names[bottom_code]}, {measure.shown(bottom)}."
        )
    missing = len(names) - len(present)
    if missing:
        text += (
            f" {missing} system has no data."
            if missing == 1
            else f" {missing} systems have no data."
        )
    if chosen in names:
        text += f" Outlined: {names[chosen]}"
        if peers:
            text += " and its nearest peers, " + ", ".join(names[code] for code in peers)
        text += "."
    return text


def map_svg(
    values: Mapping[str, float | None],
    measure: MapMeasure,
    title: str,
    chosen: str | None = None,
    peers: Collection[str] = (),
) -> str:
    """The map as inline SVG: 42 linked shapes, a legend, a source line and a text alternative."""
    chart = choropleth(values, measure, title, chosen, peers)
    return rendered(chart, title, description(values, measure, chosen, peers), interactive=True)
