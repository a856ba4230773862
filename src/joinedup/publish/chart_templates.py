"""Charts drawn many times in one shape, built by Altair once and filled for each area.

A system page draws a dozen SPC charts, and Altair takes some 60 ms to build each one (it copies
and checks its objects at every step), longer than vl-convert takes to draw it. Charts of one
shape (the same layers, sizes and number of source lines) differ only in their texts and data,
so the shape is built once with named slots: texts are marked strings, data are named datasets
(Vega-Lite's ``datasets``). Each chart is then a copy of that spec with its own texts and rows,
made in well under a millisecond, and draws exactly as the chart Altair would build for it
(tests/publish/test_chart_templates.py compares the two drawings).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, Any

from joinedup.publish import charts
from joinedup.publish.chart_parts import source_lines, with_note

if TYPE_CHECKING:
    from joinedup.metrics.results import SpcChart

_MARK = "\u2063"  # an invisible separator: no title or unit contains it
_templates: dict[Hashable, dict[str, Any]] = {}
_lock = threading.Lock()


def slot(name: str) -> str:
    """A text to be filled in: the template holds this string where the text goes."""
    return f"{_MARK}{name}{_MARK}"


def _filled(node: Any, texts: Mapping[str, Any]) -> Any:
    if isinstance(node, str):
        if node.startswith(_MARK) and node.endswith(_MARK):
            return texts[node.strip(_MARK)]
        return node
    if isinstance(node, dict):
        return {key: _filled(value, texts) for key, value in node.items()}
    if isinstance(node, list):
        return [_filled(item, texts) for item in node]
    return node


def from_template(
    shape: Hashable,
    build: Callable[[], Any],
    texts: Mapping[str, Any],
    datasets: Mapping[str, list[dict[str, Any]]],
) -> dict[str, Any]:
    """The spec of the chart ``build`` makes for ``shape`` (once), its slots filled with
    ``texts`` and its named data with ``datasets``."""
    with _lock:
        template = _templates.get(shape)
    if template is None:
        template = charts.specification(build())
        with _lock:
            _templates[shape] = template
    spec: dict[str, Any] = _filled(template, texts)
    spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return spec


def spc_spec(
    record: SpcChart,
    *,
    title: str,
    subtitle: list[str],
    width: int,
    height: int,
    source: str | None = None,
) -> dict[str, Any]:
    """``charts.spc_chart(record)`` titled and sized as a page or the pack draws it, with its
    ``source`` under it (``chart_parts.with_source``) when one is given."""
    from joinedup.publish.chart_library import alt

    points = charts.point_rows(record)
    notes = [point for point in points if point["annotation"]]
    has_target = record.target is not None
    lines = source_lines(source, width) if source is not None else []
    datasets = {"points": points}
    if has_target:
        datasets["target"] = charts.target_rows(record)
    if notes:
        datasets["notes"] = notes
    if lines:
        datasets["source"] = [{"source": "\n".join(lines)}]

    def build() -> Any:
        chart = charts.spc_layers(
            alt.NamedData("points"),
            target=alt.NamedData("target") if has_target else None,
            notes=alt.NamedData("notes") if notes else None,
            unit=slot("unit"),
        ).properties(
            title={"text": slot("title"), "subtitle": slot("subtitle")},
            width=width,
            height=height,
        )
        return with_note(chart, alt.NamedData("source"), len(lines), width) if lines else chart

    return from_template(
        ("spc", has_target, bool(notes), width, height, len(lines)),
        build,
        {"unit": record.unit, "title": title, "subtitle": subtitle},
        datasets,
    )
