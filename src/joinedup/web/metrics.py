"""Shared metrics in the API: definitions, an area's latest values, comparisons across systems;
every count of people through ``publish.figures`` first."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from joinedup.metrics.definition import Metric
from joinedup.publish.figures import PublicComparison, PublicMetricSummary
from joinedup.warehouse import Warehouse
from joinedup.web.dependencies import Db
from joinedup.web.lookups import cached, default_threshold, warehouse_or_404
from joinedup.web.paging import Paging, paged

router = APIRouter()


def metric_rows(request: Request, db: Warehouse | None, code: str) -> list[PublicMetricSummary]:
    """The latest public value of every metric for an area (none without a warehouse)."""
    from joinedup.metrics.results import area_summary
    from joinedup.publish.figures import metric_rules, public_summary

    if db is None:
        return []
    rows = cached(request, ("area_summary", code), lambda: area_summary(db, code))
    return [
        public_summary(
            row,
            metric_rules(row.disclosure_threshold, default_threshold(request)),
            proportion=row.method == "proportion",
        )
        for row in rows
    ]


@router.get("/api/v1/metrics", tags=["metrics"])
def metrics_api(request: Request, response: Response, db: Db, paging: Paging) -> list[Metric]:
    """The shared metrics: the national set and every system's local metrics."""
    from joinedup.metrics.catalogue import metrics
    from joinedup.metrics.definition import national_metrics

    found = metrics(db) if db is not None else national_metrics()
    return paged(list(found.values()), paging, request, response)


@router.get("/api/v1/metrics/areas/{code}", tags=["metrics"])
def area_metrics_api(
    request: Request, response: Response, db: Db, code: str, paging: Paging
) -> list[PublicMetricSummary]:
    """The latest value of every metric for a system, council or England, against England,
    with SPC icons. Counts of 1 to 7 people (and what they would reveal) are withheld."""
    return paged(metric_rows(request, db, code), paging, request, response)


@router.get("/api/v1/metrics/{metric_id}/compare", tags=["metrics"])
def compare_api(
    request: Request, db: Db, metric_id: str, period: str | None = None
) -> PublicComparison:
    """Every system's value for one period, against England, with funnel limits."""
    from joinedup.metrics.catalogue import metric
    from joinedup.metrics.results import compare
    from joinedup.publish.figures import metric_rules, public_compare

    warehouse = warehouse_or_404(db)
    definition = cached(request, ("metric", metric_id), lambda: metric(warehouse, metric_id))
    record = cached(
        request, ("compare", metric_id, period), lambda: compare(warehouse, metric_id, period)
    )
    rules = metric_rules(definition.disclosure_threshold, default_threshold(request))
    return public_compare(record, rules, proportion=definition.method == "proportion")
