"""Comparison pages: all 42 systems on one headline ledger measure, or on one shared metric
with its intervals and funnel limits. The figures are the ledger's and the metrics module's,
counts of people through ``publish.figures`` first; the pages only rank them for reading."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from joinedup.errors import JoinedUpError
from joinedup.ledger.measures import fair_measures
from joinedup.reference import system as reference_system
from joinedup.web.dependencies import CurrentUser, Db, page
from joinedup.web.lookups import cached, default_threshold, warehouse_or_404

if TYPE_CHECKING:
    from joinedup.publish.figures import PublicComparison

router = APIRouter()


@router.get("/compare", response_class=HTMLResponse, include_in_schema=False)
def compare_index(request: Request, db: Db, user: CurrentUser) -> HTMLResponse:
    from joinedup.metrics.catalogue import metrics
    from joinedup.metrics.definition import national_metrics

    found = metrics(db) if db is not None else national_metrics()
    return page(
        request,
        "compare.html",
        user=user,
        measures=fair_measures(),
        metrics=sorted(found.values(), key=lambda definition: definition.title),
    )


@router.get("/compare/spend/{measure}", response_class=HTMLResponse, include_in_schema=False)
def compare_spend(
    request: Request,
    db: Db,
    user: CurrentUser,
    measure: str,
    year: str | None = None,
    system: str | None = None,
) -> HTMLResponse:
    from joinedup.ledger.comparison import MeasureTable, benchmark

    offered = {found.name: found for found in fair_measures()}
    if measure not in offered:
        listed = ", ".join(offered)
        raise HTTPException(404, f"There is no measure {measure!r}; choose one of {listed}.")
    warehouse = warehouse_or_404(db)
    label, unit = offered[measure].label, offered[measure].unit_words
    ranking = cached(
        request,
        ("ranking", measure, year),
        lambda: MeasureTable(warehouse, year).ranking(measure),
    )
    # The page's copies of the records, each system named.
    record = ranking.model_dump()
    record |= {"unit": unit, "systems": [_named(row) for row in record["systems"]]}
    chosen = system_code(system)
    picked = None
    if chosen is not None:
        compared = cached(
            request,
            ("benchmark", chosen, measure, year),
            lambda: benchmark(warehouse, chosen, measure, year),
        )
        picked = compared.model_dump()
        picked |= {
            "name": reference_system(chosen).short_name,
            "peers": [_named(peer) for peer in picked["peers"]],
        }
    from joinedup.publish.ranked_chart import ranked_svg
    from joinedup.web.home import ledger_source, measure_map, value_format

    chart = cached(
        request,
        ("ranking_chart", measure, year, chosen),
        lambda: ranked_svg(
            record,
            f"{label}, {record['financial_year']}",
            label.lower(),
            ledger_source(ranking) + ". The dashed line is England's median.",
            value_format(unit)[0],
            chosen,
        ),
    )

    peers = [peer["code"] for peer in picked["peers"]] if picked else []
    found_map = measure_map(request, db, f"ledger:{measure}", year, chosen, peers)
    return page(
        request,
        "compare_spend.html",
        map=found_map,
        map_picker=False,
        user=user,
        label=label,
        unit=unit,
        record=record,
        chosen=chosen,
        picked=picked,
        chart=chart,
    )


@router.get("/compare/metrics/{metric_id}", response_class=HTMLResponse, include_in_schema=False)
def compare_metric(
    request: Request,
    db: Db,
    user: CurrentUser,
    metric_id: str,
    period: str | None = None,
    system: str | None = None,
) -> HTMLResponse:
    from joinedup.metrics.catalogue import metric
    from joinedup.metrics.results import compare
    from joinedup.publish.charts import ChartError, funnel_chart, interval_chart, to_svg
    from joinedup.publish.figures import metric_rules, public_compare

    warehouse = warehouse_or_404(db)
    definition = cached(request, ("metric", metric_id), lambda: metric(warehouse, metric_id))
    found = cached(
        request, ("compare", metric_id, period), lambda: compare(warehouse, metric_id, period)
    )
    rules = metric_rules(definition.disclosure_threshold, default_threshold(request))
    record = public_compare(found, rules, proportion=definition.method == "proportion")

    chosen = system_code(system)

    def drawn() -> str:
        try:
            return to_svg(funnel_chart(record, chosen))
        except ChartError:  # not a proportion or rate: values with intervals instead
            return to_svg(interval_chart(record, chosen))

    chart = cached(request, ("compare_chart", metric_id, period, rules.threshold, chosen), drawn)
    found_map = None
    if any(row.value is not None for row in record.systems):
        found_map = cached(
            request,
            ("metric_map", metric_id, record.period, rules.threshold, chosen),
            lambda: _metric_map(record, definition, chosen),
        )
    return page(
        request,
        "compare_metric.html",
        map=found_map,
        map_picker=False,
        user=user,
        record=record,
        definition=definition,
        chosen=chosen,
        chart=chart,
    )


def _metric_map(record: PublicComparison, definition: Any, chosen: str | None) -> dict[str, Any]:
    """The metric's public values (withheld ones as no data) on the map, the chosen system and
    its nearest peers outlined; shaped like ``web.home.measure_map``'s for ``_map.html``."""
    from joinedup.benchmark import comparator_group
    from joinedup.ledger.comparison import PEERS
    from joinedup.metrics.definition import with_unit
    from joinedup.money import NO_DATA
    from joinedup.publish.maps import MapMeasure, map_svg

    unit = record.unit

    def shown(value: float | None) -> str:
        if value is None:
            return NO_DATA
        return with_unit(f"{value:,.1f}", unit)

    source = definition.source
    parts = [source.publisher, source.dataset, *([source.reference] if source.reference else [])]
    measure = MapMeasure(
        record.title, record.unit, shown, ",.1f", "Source: " + ", ".join(parts), record.synthetic
    )
    values = {row.system: row.value for row in record.systems}
    peers = comparator_group(chosen, PEERS) if chosen else []
    title = f"{record.title}, {record.period}"
    svg = map_svg(values, measure, title, chosen, peers)
    choice = {"label": record.title, "unit": record.unit, "published": False}
    return {"svg": svg, "choice": choice, "choices": []}


def _named(row: dict[str, Any]) -> dict[str, Any]:
    return row | {"name": reference_system(row["code"]).short_name}


def system_code(key: str | None) -> str | None:
    if not key:
        return None
    try:
        return reference_system(key).code
    except JoinedUpError as error:
        raise HTTPException(404, str(error)) from None
