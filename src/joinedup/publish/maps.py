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


def with_boundaries(chart: Any, datasets: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The chart's Vega-Lite spec with the shapes its layers name (``alt.Data(name=...)``).

    The boundaries join the spec only after Altair has written it: Altair copies a chart's data
    each time layers are combined, and copying 42 polygons took ten times as long as drawing them.
    """
    spec = charts.specification(chart)
    spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return spec


def choropleth(
    values: Mapping[str, float | None],
    measure: MapMeasure,
    title: str,
    chosen: str | None = None,
    peers: Collection[str] = (),
) -> dict[str, Any]:
    """The map as a Vega-Lite spec: one linked shape per system."""
    from joinedup.publish.chart_library import alt

    with_value, without = _features(values, measure)
    datasets: dict[str, list[dict[str, Any]]] = {}

    def named(name: str, features: list[dict[str, Any]]) -> Any:
        datasets[name] = features
        return alt.Data(name=name)

    # Each shape is a link named by its description: kept for assistive technology, which
    # ``charts.to_svg`` hides the marks of other charts from.
    link = {"href": "properties.href:N", "description": "properties.label:N"}
    layers: list[Any] = []
    if with_value:
        layers.append(
            alt.Chart(named("with-value", with_value))
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
            alt.Chart(named("without-value", without))
            .mark_geoshape(fill=NO_DATA_COLOUR, stroke="white", strokeWidth=0.6, aria=True)
            .encode(tooltip=alt.Tooltip("properties.label:N", title="System"), **link)
        )
    outlines = ((set(peers), PEER_COLOUR, 2.0, "peers"), ({chosen}, CHOSEN_COLOUR, 3.0, "chosen"))
    for codes, colour, width, name in outlines:
        outlined = [
            feature for feature in boundaries("systems") if feature["properties"]["code"] in codes
        ]
        if outlined:
            layers.append(
                alt.Chart(named(name, outlined)).mark_geoshape(
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
    framed = with_source(chart, f"{measure.source}. Boundaries: {ATTRIBUTION}.", WIDTH + 120)
    return with_boundaries(framed, datasets)


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


#: Light fills for a council's systems, so the council's black outline reads over them.
SYSTEM_FILLS = ("#9ec5ea", "#ffd17a", "#b5d99c", "#cdb8e6")
COUNCIL_MAP_SIZE = 280


def council_map(
    council_code: str, council_name: str, shares: Mapping[str, float]
) -> dict[str, Any]:
    """The council's boundary outlined within the systems it belongs to (``shares``: each
    system's code and the share of the council's residents in it), each system a link."""
    from joinedup.publish.chart_library import alt

    names = {item.code: item.short_name for item in systems()}
    areas = [
        feature | {"properties": feature["properties"] | _system_link(feature, names, shares)}
        for feature in boundaries("systems")
        if feature["properties"]["code"] in shares
    ]
    order = [names[code] for code in shares]
    council = [
        feature
        for feature in boundaries("councils")
        if feature["properties"]["code"] == council_code
    ]
    fills = alt.Scale(domain=order, range=list(SYSTEM_FILLS[: len(order)]))
    layers = [
        alt.Chart(alt.Data(name="systems"))
        .mark_geoshape(stroke="white", strokeWidth=1, aria=True)
        .encode(
            color=alt.Color("properties.name:N", scale=fills, legend=None),
            href="properties.href:N",
            description="properties.label:N",
            tooltip=alt.Tooltip("properties.label:N", title="System"),
        ),
        alt.Chart(alt.Data(name="council")).mark_geoshape(
            filled=False, stroke=CHOSEN_COLOUR, strokeWidth=2.5
        ),
    ]
    subtitle = [f"within {_its_systems(len(shares))}", "black outline: the council"]
    chart = (
        alt.layer(*layers)
        .project(type="mercator")
        .properties(
            title={"text": council_name, "subtitle": subtitle},
            width=COUNCIL_MAP_SIZE,
            height=COUNCIL_MAP_SIZE,
        )
    )
    # The key is drawn as a chart of its own under the map: a Vega legend beside a concatenated
    # source line is sized wrongly and clipped.
    key_rows = [
        {"name": names[code], "text": f"{names[code]}: {share:.1%} of residents"}
        for code, share in shares.items()
    ]
    y = alt.Y("name:N", sort=order, axis=None)
    key = alt.layer(
        alt.Chart(alt.Data(values=key_rows))
        .mark_square(size=140, stroke=CHOSEN_COLOUR, strokeWidth=0.5)
        .encode(x=alt.value(7), y=y, color=alt.Color("name:N", scale=fills, legend=None)),
        alt.Chart(alt.Data(values=key_rows))
        .mark_text(align="left", fontSize=11, color=CHOSEN_COLOUR)
        .encode(x=alt.value(20), y=y, text="text:N"),
    ).properties(width=COUNCIL_MAP_SIZE + 60, height=20 * len(key_rows))
    framed = alt.vconcat(chart, key, spacing=8)
    sourced = with_source(framed, f"Boundaries: {ATTRIBUTION}.", COUNCIL_MAP_SIZE)
    return with_boundaries(sourced, {"systems": areas, "council": council})


def _system_link(
    feature: dict[str, Any], names: Mapping[str, str], shares: Mapping[str, float]
) -> dict[str, Any]:
    code = feature["properties"]["code"]
    return {
        "name": names[code],
        "href": f"/systems/{code}",
        "label": f"{names[code]}: {shares[code]:.1%} of the council's residents; open its page",
    }


def _its_systems(count: int) -> str:
    return "its integrated care system" if count == 1 else f"its {count} integrated care systems"


def council_description(council_name: str, shares: Mapping[str, float]) -> str:
    """The council's map in words: which systems surround it and how its residents divide."""
    names = {item.code: item.short_name for item in systems()}
    parts = [f"{names[code]} ({share:.1%} of its residents)" for code, share in shares.items()]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return (
        f"Map of {council_name}'s boundary, outlined in black, within {_its_systems(len(parts))}: "
        f"{listed}. Each system links to its page."
    )


def council_map_svg(council_code: str, council_name: str, shares: Mapping[str, float]) -> str:
    """The council's map as inline SVG: its systems linked, a legend, the boundaries' source
    and a text alternative."""
    chart = council_map(council_code, council_name, shares)
    title = f"{council_name} within {_its_systems(len(shares))}"
    return rendered(chart, title, council_description(council_name, shares), interactive=True)
