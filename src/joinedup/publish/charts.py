"""Charts drawn from results records (funnel plots, SPC charts, values with intervals), rendered
offline to SVG or PNG with Vega-Lite (Altair and vl-convert). Charts compute nothing: every
number comes from the record they are given."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from joinedup.errors import JoinedUpError
from joinedup.publish.drawings import drawn

if TYPE_CHECKING:
    from joinedup.core.record import Record
    from joinedup.metrics.results import Comparison, SpcChart

SYNTHETIC_NOTE = "Synthetic demonstration data"
# vl-convert lays text out with the first of these it has, and a browser draws it with the first
# it has: DejaVu Sans (on every Linux with fontconfig) is the widest of them, so a label measured
# in it fits in Arial or Helvetica too. Measured in vl-convert's own "sans-serif" and drawn in
# DejaVu Sans, long system names were cut off at the chart's left edge.
PAGE_FONT = "'DejaVu Sans', Arial, Helvetica, sans-serif"
# NHS identity colours, which keep WCAG AA contrast on white.
BLUE, GREY, ORANGE, DARK_BLUE, RED = "#005eb8", "#768692", "#ed8b00", "#003087", "#da291c"
SPECIAL_CAUSE_COLOURS = {
    "none": GREY,
    "improvement": BLUE,
    "concern": ORANGE,
    "neither": DARK_BLUE,
}
COMPARISON_COLOURS = {
    "better": BLUE,
    "similar": "#ffb81c",
    "worse": RED,
    "higher": DARK_BLUE,
    "lower": "#41b6e6",
    "not compared": GREY,
}


class ChartError(JoinedUpError):
    pass


def _title(text: str, record: Mapping[str, Any] | Record) -> dict[str, Any]:
    fields = record if isinstance(record, Mapping) else dict(record)
    subtitle = [fields.get("unit", "")]
    if fields.get("synthetic"):
        subtitle.append(SYNTHETIC_NOTE)
    return {"text": text, "subtitle": [line for line in subtitle if line]}


def _colours(field: str, title: str, colours: dict[str, str]) -> Any:
    """A colour channel with the same colour for each category in every chart."""
    from joinedup.publish.chart_library import alt

    return alt.Color(
        f"{field}:N",
        title=title,
        scale=alt.Scale(domain=list(colours), range=list(colours.values())),
    )


def _chosen_ring(rows: list[dict[str, Any]], highlight: str | None, x: Any, y: Any) -> list[Any]:
    """A black ring and the name of the one system picked out, drawn over the others."""
    from joinedup.publish.chart_library import alt

    picked = [row for row in rows if highlight is not None and row.get("system") == highlight]
    if not picked:
        return []
    data = alt.Data(values=picked)
    return [
        alt.Chart(data).mark_point(size=260, strokeWidth=3, color="#212b32").encode(x=x, y=y),
        alt.Chart(data)
        .mark_text(dx=12, align="left", fontWeight="bold", color="#212b32")
        .encode(x=x, y=y, text="name:N"),
    ]


def funnel_chart(record: Comparison, highlight: str | None = None) -> Any:
    """Every system's value against its denominator, inside 95% and 99.8% limits around England
    (a ``metrics.results.compare`` record), the ``highlight`` system ringed and named."""
    from joinedup.publish.chart_library import alt

    rows = [row.model_dump() for row in record.systems if row.value is not None]
    if not rows or not record.funnel:
        raise ChartError(f"{record.metric} has no funnel limits (not a proportion or rate).")
    data = alt.Data(values=sorted(rows, key=lambda row: row["denominator"] or 0))
    x = alt.X("denominator:Q", title="Denominator", scale=alt.Scale(type="log"))
    layers: list[Any] = [
        alt.Chart(data).mark_line(color=GREY, strokeDash=dash).encode(x=x, y=f"{field}:Q")
        for field, dash in (
            ("funnel_lower_95", [4, 2]),
            ("funnel_upper_95", [4, 2]),
            ("funnel_lower_99_8", [1, 0]),
            ("funnel_upper_99_8", [1, 0]),
        )
    ]
    layers.append(
        alt.Chart(data)
        .mark_point(filled=True, size=60)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=record.unit, scale=alt.Scale(zero=False)),
            color=_colours("comparison_with_england", "Compared with England", COMPARISON_COLOURS),
            tooltip=["name:N", "value:Q", "denominator:Q"],
        )
    )
    layers += _chosen_ring(rows, highlight, x, "value:Q")
    if record.england is not None:
        layers.append(
            alt.Chart(alt.Data(values=[{"england": record.england}]))
            .mark_rule(color=DARK_BLUE)
            .encode(y="england:Q")
        )
    return alt.layer(*layers).properties(
        title=_title(f"{record.title}, {record.period}: systems against England", record),
        width=560,
        height=340,
    )


def spc_chart(record: SpcChart) -> Any:
    """An XmR chart of one area's series (a ``metrics.results.spc_series`` record)."""
    from joinedup.publish.chart_library import alt

    points = point_rows(record)
    notes = [point for point in points if point["annotation"]]
    return spc_layers(
        alt.Data(values=points),
        target=None if record.target is None else alt.Data(values=target_rows(record)),
        notes=alt.Data(values=notes) if notes else None,
        unit=record.unit,
    ).properties(title=_title(f"{record.title}: {record.area}", record), width=560, height=300)


def point_rows(record: SpcChart) -> list[dict[str, Any]]:
    """The data of an SPC chart's points."""
    return [point.model_dump() for point in record.points]


def target_rows(record: SpcChart) -> list[dict[str, Any]]:
    """The data of an SPC chart's target line."""
    return [{"target": record.target}]


def spc_layers(points: Any, *, target: Any | None, notes: Any | None, unit: str) -> Any:
    """The layers of an XmR chart: the values, mean and limits of ``points``, the ``target``
    line and the ``notes`` (Altair data: inline, or named for a template to fill)."""
    from joinedup.publish.chart_library import alt

    x = alt.X("period:O", title="Period", sort=None, axis=alt.Axis(labelAngle=-45))
    layers: list[Any] = [
        alt.Chart(points)
        .mark_line(color=GREY)
        .encode(x=x, y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False))),
        alt.Chart(points).mark_line(color=DARK_BLUE).encode(x=x, y="mean:Q"),
        alt.Chart(points).mark_line(color=GREY, strokeDash=[4, 2]).encode(x=x, y="lower_limit:Q"),
        alt.Chart(points).mark_line(color=GREY, strokeDash=[4, 2]).encode(x=x, y="upper_limit:Q"),
        alt.Chart(points)
        .mark_point(filled=True, size=50)
        .encode(
            x=x,
            y="value:Q",
            color=_colours("special_cause", "Special cause", SPECIAL_CAUSE_COLOURS),
            tooltip=["period:N", "value:Q", "special_cause:N"],
        ),
    ]
    if target is not None:
        layers.append(
            alt.Chart(target).mark_rule(color=RED, strokeDash=[2, 2]).encode(y="target:Q")
        )
    if notes is not None:
        layers.append(
            alt.Chart(notes)
            .mark_text(dy=-14, color=DARK_BLUE, fontSize=11)
            .encode(x=x, y="value:Q", text="annotation:N")
        )
    return alt.layer(*layers)


def interval_chart(record: Comparison, highlight: str | None = None) -> Any:
    """Each system's value with its 95% interval, ranked, with England as a line and the
    ``highlight`` system ringed."""
    from joinedup.publish.chart_library import alt

    rows = [row.model_dump() for row in record.systems if row.value is not None]
    data = alt.Data(values=rows)
    y = alt.Y("name:N", sort=alt.EncodingSortField("value", order="descending"), title=None)
    layers: list[Any] = [
        alt.Chart(data).mark_rule(color=GREY).encode(y=y, x="lower_95:Q", x2="upper_95:Q"),
        alt.Chart(data)
        .mark_point(filled=True)
        .encode(
            y=y,
            x=alt.X("value:Q", title=record.unit, scale=alt.Scale(zero=False)),
            color=_colours("comparison_with_england", "Compared with England", COMPARISON_COLOURS),
        ),
    ]
    layers += _chosen_ring(rows, highlight, "value:Q", y)[:1]
    if record.england is not None:
        layers.append(
            alt.Chart(alt.Data(values=[{"england": record.england}]))
            .mark_rule(color=DARK_BLUE)
            .encode(x="england:Q")
        )
    return alt.layer(*layers).properties(
        title=_title(f"{record.title}, {record.period}", record), width=520, height=620
    )


def ranking_chart(record: dict[str, Any], title: str, highlight: str | None = None) -> Any:
    """Every system's value of one measure as ranked bars (a ``ledger.comparison`` ranking
    record whose rows carry a ``name``), England's median (or, for a record without one, its
    ``england`` value) as a line, one system picked out."""
    from joinedup.publish.chart_library import alt

    rows = [
        row | {"chosen": "chosen" if row["code"] == highlight else "other"}
        for row in record["systems"]
        if row["value"] is not None
    ]
    order = [row["name"] for row in rows]
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=400)),
            x=alt.X(
                "value:Q",
                title=record.get("unit", ""),
                axis=alt.Axis(
                    format=".1~%" if record.get("unit", "").startswith("share") else ",~r"
                ),
            ),
            color=_colours("chosen", "", {"chosen": ORANGE, "other": BLUE}).legend(None),
        )
    )
    layers: list[Any] = [bars]
    england = record.get("england_median")
    if england is None:
        england = record.get("england")
    if england is not None:
        layers.append(
            alt.Chart(alt.Data(values=[{"median": england}]))
            .mark_rule(color=DARK_BLUE, strokeDash=[4, 2])
            .encode(x="median:Q")
        )
    return alt.layer(*layers).properties(title=_title(title, record), width=420, height=640)


def segment_share_chart(area: dict[str, Any], title: str) -> Any:
    """Each segment's share of an area's people beside its share of the cost (a
    ``publish.population`` area record): where a few people account for much of the cost.
    Withheld segments are left out, never drawn as zero."""
    from joinedup.publish.chart_library import alt

    rows = []
    for segment in area["segments"]:
        if segment["share_of_people"] is None or segment["share_of_cost"] is None:
            continue
        for measure, share in (
            ("people", segment["share_of_people"]),
            ("cost", segment["share_of_cost"]),
        ):
            rows.append(
                {"segment": segment["label"], "measure": f"share of {measure}", "share": share}
            )
    order = [segment["label"] for segment in area["segments"]]
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("segment:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            yOffset=alt.YOffset("measure:N"),
            x=alt.X("share:Q", title="Share of the area", axis=alt.Axis(format="%")),
            color=_colours("measure", "", {"share of people": GREY, "share of cost": BLUE}).legend(
                orient="bottom"
            ),
        )
        .properties(title=_title(title, area), width=420, height=320)
    )


def to_svg(chart: Any) -> str:
    """The chart as SVG whose marks, axes and legends are hidden from assistive technology: every
    page gives the whole chart one text alternative (``role="img"`` and a label), and Vega's own
    mark containers, unlabelled, would be read as images without one (axe: svg-img-alt)."""
    import json

    import vl_convert

    spec = specification(chart)
    config = spec["config"] = dict(spec.get("config", {}))
    config.setdefault("font", PAGE_FONT)  # the pack sets its own (reports.charts.FONT)
    for part in ("mark", "axis", "legend"):
        config[part] = {**config.get(part, {}), "aria": False}
    svg: str = drawn("svg", json.dumps(spec), vl_convert.vegalite_to_svg)
    return svg


def specification(chart: Any) -> dict[str, Any]:
    """The Vega-Lite spec of an Altair chart, or a copy of one given as a dict (a filled
    template, ``publish.chart_templates``)."""
    if isinstance(chart, dict):
        return dict(chart)
    # Altair's JSON-schema check of the spec costs more than drawing it; vl-convert compiles the
    # spec and refuses an invalid one anyway, and the tests draw every chart.
    spec: dict[str, Any] = chart.to_dict(validate=False)
    return spec


def to_png(chart: Any) -> bytes:
    import json

    import vl_convert

    png: bytes = drawn(
        "png",
        json.dumps(specification(chart)),
        lambda spec: vl_convert.vegalite_to_png(spec, scale=2),
    )
    return png


def render(chart: Any, path: Path) -> Path:
    """Write the chart to ``path`` as SVG or PNG (by its suffix), without a network."""
    path = Path(path)
    if path.suffix.lower() == ".svg":
        path.write_text(to_svg(chart), encoding="utf-8")
    elif path.suffix.lower() == ".png":
        path.write_bytes(to_png(chart))
    else:
        raise ChartError(f"{path.name}: charts are written as .svg or .png.")
    return path
