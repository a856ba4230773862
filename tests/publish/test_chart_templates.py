"""A chart filled from a template draws exactly as the chart Altair builds for it."""

from __future__ import annotations

import pytest

from joinedup.metrics.results import SpcChart, SpcChartPoint
from joinedup.publish import charts
from joinedup.publish.chart_parts import with_source
from joinedup.publish.chart_templates import spc_spec


def record(periods: int, *, target: float | None, note: bool, unit: str) -> SpcChart:
    points = [
        SpcChartPoint(
            period=f"2024-{month:02d}",
            value=40 + (month * 7) % 11,
            mean=45.0 if month > 2 else None,
            lower_limit=31.5 if month > 2 else None,
            upper_limit=58.5 if month > 2 else None,
            special_cause="concern" if month == 5 else "none",
            variation=None,
            assurance=None,
            annotation="New service" if note and month == 4 else None,
        )
        for month in range(1, periods + 1)
    ]
    return SpcChart(
        metric="m", title="T", unit=unit, area="A", target=target, points=points, synthetic=True
    )


CASES = [
    (record(12, target=50.0, note=True, unit="% of people"), "Source: NHS England, SUS+"),
    (record(7, target=None, note=False, unit="rate per 1,000"), None),
    (record(9, target=44.5, note=False, unit="days"), "Source: " + "a long source " * 12),
]


@pytest.mark.parametrize(("series", "source"), CASES)
def test_a_filled_template_draws_as_altair_would(series: SpcChart, source: str | None) -> None:
    title, subtitle = f"Delayed discharge: {series.area}", [series.unit, "Synthetic"]
    built = charts.spc_chart(series).properties(
        title={"text": title, "subtitle": subtitle}, width=480, height=200
    )
    if source is not None:
        built = with_source(built, source, 480)
    filled = spc_spec(series, title=title, subtitle=subtitle, width=480, height=200, source=source)
    assert charts.to_svg(filled) == charts.to_svg(built)


def test_texts_and_data_of_one_chart_do_not_leak_into_the_next() -> None:
    first, second = CASES[0][0], record(12, target=61.0, note=True, unit="% of beds")
    one = spc_spec(first, title="One", subtitle=["x"], width=480, height=200, source="S")
    two = spc_spec(second, title="Two", subtitle=["y"], width=480, height=200, source="S")
    assert one["vconcat"][0]["title"] == {"text": "One", "subtitle": ["x"]}
    assert two["vconcat"][0]["title"] == {"text": "Two", "subtitle": ["y"]}
    assert two["datasets"]["target"] == [{"target": 61.0}]
    assert one["datasets"]["target"] == [{"target": 50.0}]
    assert "% of beds" in str(two) and "% of beds" not in str(one)


def test_a_page_chart_names_the_font_it_was_measured_in() -> None:
    """vl-convert measures labels in the first font of the list and a browser draws them in the
    first it has: DejaVu Sans first (the widest of them), so no label overruns the chart."""
    svg = charts.to_svg(charts.spc_chart(CASES[0][0]))
    assert "font-family=\"'DejaVu Sans', Arial, Helvetica, sans-serif\"" in svg
    assert 'font-family="sans-serif"' not in svg


@pytest.mark.parametrize(("series", "source"), CASES[:1])
def test_a_chart_is_the_same_spec_without_altairs_debug_mode(series: SpcChart, source: str) -> None:
    """JoinedUp builds its charts with Altair's debug mode off (``publish.chart_library``):
    it checked each part as it was made, and a chart built so is the same spec."""
    from altair.utils import schemapi

    import joinedup.publish.chart_library  # noqa: F401 - importing it turns the debug mode off

    assert schemapi.DEBUG_MODE is False
    built = charts.specification(with_source(charts.spc_chart(series), source, 640))
    with schemapi.debug_mode(True):
        checked = charts.specification(with_source(charts.spc_chart(series), source, 640))
    assert built == checked
