"""The charts of a system's or council's page, drawn once per version of the data: each shared
metric's SPC chart with its icons and target, and spend per head by type."""

from __future__ import annotations

from fastapi import HTTPException, Request

from joinedup.ledger.figures import Summary
from joinedup.publish.area_charts import MetricChart
from joinedup.publish.figures import PublicMetricSummary
from joinedup.warehouse import Warehouse
from joinedup.web.lookups import cached, default_threshold


def metric_charts(
    request: Request,
    db: Warehouse | None,
    code: str,
    area_name: str,
    rows: list[PublicMetricSummary],
) -> list[MetricChart]:
    """A chart for every metric row of the page (``web.metrics.metric_rows``), in their order;
    a series with any period resting on 1 to 7 people is not drawn, and says so."""
    if db is None:
        return []
    warehouse = db
    threshold = default_threshold(request)
    drawn = []
    for row in rows:

        def draw(row: PublicMetricSummary = row) -> MetricChart:
            from joinedup.metrics.catalogue import metric
            from joinedup.metrics.results import spc_series
            from joinedup.publish.area_charts import spc_metric_chart, withheld_chart
            from joinedup.publish.reports.outcomes import series_withheld

            if series_withheld(warehouse, row.metric, code, threshold):
                return withheld_chart(row, area_name)
            definition = metric(warehouse, row.metric)
            record = spc_series(warehouse, row.metric, code, target=row.england)
            return spc_metric_chart(record, row, definition, area_name)

        try:
            drawn.append(cached(request, ("metric_chart", code, row.metric, threshold), draw))
        except HTTPException:
            continue  # a metric without a series to draw: its row in the table says so
    return drawn


def spend_chart(request: Request, spend: Summary | None, area_name: str) -> dict[str, str] | None:
    """Spend per head by type beside the page's table, or None without spend."""
    from joinedup.publish.area_charts import spend_chart as draw

    if spend is None or not spend.by_spending_type:
        return None
    key = ("spend_chart", spend.area_type, spend.code, spend.financial_year)
    svg, description = cached(request, key, lambda: draw(spend, area_name))
    return {"svg": svg, "description": description}
