"""Rendering charts: a chart whose Vega-Lite spec is unchanged is not drawn again."""

from __future__ import annotations

import altair as alt
import pytest
import vl_convert

from joinedup.publish import charts


def line(values: list[int]) -> alt.Chart:
    data = alt.Data(values=[{"x": i, "y": v} for i, v in enumerate(values)])
    return alt.Chart(data).mark_line().encode(x="x:Q", y="y:Q")


def test_the_same_chart_is_drawn_once_and_a_changed_one_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn: list[str] = []
    real = vl_convert.vegalite_to_svg

    def counting(spec: str) -> str:
        drawn.append(spec)
        return str(real(spec))

    monkeypatch.setattr(vl_convert, "vegalite_to_svg", counting)
    first = charts.to_svg(line([3, 1, 4, 1, 5, 9]))
    again = charts.to_svg(line([3, 1, 4, 1, 5, 9]))
    other = charts.to_svg(line([2, 7, 1, 8, 2, 8]))
    assert first == again and first.startswith("<svg")
    assert other != first
    assert len(drawn) == 2


def test_the_rendered_charts_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "_RENDERED_MAX", 3)
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda spec: f"<svg>{len(spec)}</svg>")
    for n in range(6):
        charts.to_svg(line([n, n + 1, n + 2]))
    assert len(charts._RENDERED) <= 3
