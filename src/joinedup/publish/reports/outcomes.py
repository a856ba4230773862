"""The pack's outcomes page: the shared metrics for the council's area, judged against England
in words, with their SPC variation in words, and counts of 1 to the threshold (7) withheld.

Rows come from ``metrics.results.area_summary`` and pass through
``publish.figures.public_summary`` before anything reads them; a chart is drawn only where no
period of its series is withheld.
"""

from __future__ import annotations

from typing import Any

from joinedup.metrics.catalogue import metric
from joinedup.metrics.results import all_series, area_summary, spc_series
from joinedup.metrics.values import area_of
from joinedup.publish import charts as chart_library
from joinedup.publish.chart_templates import spc_spec
from joinedup.publish.figures import metric_rules, public_summary, withheld
from joinedup.publish.reports import charts, words
from joinedup.warehouse import Warehouse

# How many SPC charts a pack draws by default. None yet: ``metrics.results.spc_series`` reads
# every area's series to chart one (about a second on the demo warehouse, a fifth of the pack's
# time budget); once it reads only the area's, one chart costs a fifth of a second.
SPC_CHARTS = 0


def outcomes_section(
    warehouse: Warehouse,
    area_code: str,
    area_name: str,
    threshold: int,
    spc_charts: int = SPC_CHARTS,
) -> dict[str, Any]:
    """Public rows for every metric with a value for the area, and SPC charts of the first
    ``spc_charts`` metrics with SPC variation whose series withhold nothing."""
    rows = []
    for found in area_summary(warehouse, area_code):
        rules = metric_rules(found.disclosure_threshold, threshold)
        public = public_summary(found, rules, proportion=found.method == "proportion")
        # The pack's row: the public record with its comparison and variation in words.
        rows.append(
            public.model_dump()
            | {
                "judgement": words.comparison(public.comparison_with_england),
                "change": words.variation(public.variation),
            }
        )
    figures: list[charts.Figure] = []
    not_drawn: list[str] = []
    for row in rows:
        if row["variation"] is None or len(figures) >= spc_charts:
            continue
        if series_withheld(warehouse, row["metric"], area_code, threshold):
            not_drawn.append(row["title"])
            continue
        figures.append(_spc_figure(warehouse, row, area_code, area_name))
    return {
        "rows": rows,
        "periods": list(dict.fromkeys(row["period"] for row in rows)),
        "charts": figures,
        "charts_withheld": not_drawn,
        "threshold": threshold,
    }


def series_withheld(warehouse: Warehouse, metric_id: str, area_code: str, threshold: int) -> bool:
    """True when any period of the area's series rests on a disclosive count: its value (and
    the mean and limits drawn from it) would let a reader work the count out."""
    definition = metric(warehouse, metric_id)
    rules = metric_rules(definition.disclosure_threshold, threshold)
    area_type, _ = area_of(area_code)
    points = all_series(warehouse, definition, {(area_type, area_code)}).get(
        (area_type, area_code), []
    )
    return any(
        withheld(
            point.numerator, point.denominator, rules, proportion=definition.method == "proportion"
        )
        for point in points
    )


def _spc_figure(
    warehouse: Warehouse, row: dict[str, Any], area_code: str, area_name: str
) -> charts.Figure:
    record = spc_series(warehouse, row["metric"], area_code)
    points = record.points
    title = f"{row['title']}: {area_name}"
    subtitle = [row["unit"], *([chart_library.SYNTHETIC_NOTE] if record.synthetic else [])]
    chart = spc_spec(record, title=title, subtitle=subtitle, width=480, height=140)
    description = (
        f"Statistical process control chart of {len(points)} periods from "
        f"{points[0].period} to {points[-1].period}, in {row['unit']}. "
        f"The latest value is {words.value(row['value'])}; variation: {row['change']}."
    )
    return charts.figure(chart, title, description)
