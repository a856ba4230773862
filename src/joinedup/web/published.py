"""The published joint picture on the web: a section of the England, system and council pages,
and the open API. Real figures only (NHS England allocations, MHCLG Revenue Outturn)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse

from joinedup.core.financial_year import BadFinancialYear, parse_financial_year
from joinedup.ledger.published import PublishedRecord
from joinedup.ledger.quality import StoredReport
from joinedup.warehouse import Warehouse
from joinedup.web.dependencies import CurrentUser, Db, page
from joinedup.web.lookups import cached, warehouse_or_404
from joinedup.web.paging import Paging, paged

router = APIRouter()


class PublishedSection(PublishedRecord):
    """An area's published figures for its page, with every year there are figures for."""

    years: list[str]
    #: The year the page was asked for (``?year=``) when it has no figures for it: the page says
    #: so above the latest year's, rather than leaving the section out.
    year_not_found: str | None = None


def published_record(
    request: Request, db: Warehouse | None, scope: str, key: str, year: str | None
) -> PublishedRecord:
    from joinedup.ledger.published import latest_complete_year, published_figures, year_returns

    warehouse = warehouse_or_404(db)
    if year is None:
        year = cached(request, ("published_latest",), lambda: latest_complete_year(warehouse))
        if year is None:
            raise HTTPException(status_code=404, detail="No published figures are loaded.")
    else:
        try:
            year = parse_financial_year(year)
        except BadFinancialYear as error:
            raise HTTPException(status_code=422, detail=str(error)) from None
    chosen = year
    # A ranking asks for 42 systems' figures of one year: the year's returns are read once.
    returns = cached(
        request, ("published_returns", chosen), lambda: year_returns(warehouse, chosen)
    )
    return cached(
        request,
        ("published", scope, key, chosen),
        lambda: published_figures(warehouse, scope, key, chosen, returns=returns).record(),
    )


def published_section(
    request: Request, db: Warehouse | None, scope: str, key: str, year: str | None = None
) -> PublishedSection | None:
    """An area's published figures for its page: the ``year`` asked for (the page's ``?year=``),
    else the latest with both NHS and council figures; None when there are none. Carries the
    other years to link."""
    from joinedup.ledger.published import published_years

    not_found = None
    try:
        record = published_record(request, db, scope, key, year)
    except HTTPException:
        if year is None:
            return None
        try:  # a year with no figures, or not a year at all: the latest, saying so
            record = published_record(request, db, scope, key, None)
        except HTTPException:
            return None
        not_found = year[:20]
    warehouse = warehouse_or_404(db)
    years = cached(request, ("published_years",), lambda: published_years(warehouse))
    return PublishedSection(**dict(record), years=years, year_not_found=not_found)


@router.get("/api/v1/published", tags=["published"])
def published_api(
    request: Request,
    db: Db,
    system: str | None = None,
    council: Annotated[
        str | None, Query(description="A council code of any vintage, or its name")
    ] = None,
    year: Annotated[
        str | None,
        Query(description="Financial year, e.g. 2024-25 [default: latest with NHS and council]"),
    ] = None,
) -> PublishedRecord:
    """Published NHS allocations and council outturn of a system, a council, or England when
    neither is given: population, streams, adult and children's social care, public health,
    total and per head, prevention with its method, councils whose return is missing, sources."""
    if system and council:
        raise HTTPException(status_code=422, detail="Give system or council, not both.")
    scope = "system" if system else "council" if council else "england"
    return published_record(request, db, scope, system or council or "", year)


def quality_reports(request: Request, db: Warehouse | None) -> list[StoredReport]:
    from joinedup.ledger.quality import load_reports

    warehouse = warehouse_or_404(db)
    return cached(request, ("load_reports",), lambda: load_reports(warehouse, 20))


@router.get("/api/v1/ledger/loads", tags=["published"])
def loads_api(request: Request, response: Response, db: Db, paging: Paging) -> list[StoredReport]:
    """The data-quality reports of the latest loads of national returns, newest first: totals
    reconciled, missing returns, figures far from last year's or from other councils'."""
    return paged(quality_reports(request, db), paging, request, response)


@router.get("/ledger/quality", response_class=HTMLResponse, include_in_schema=False)
def quality_page(request: Request, db: Db, user: CurrentUser) -> HTMLResponse:
    return page(request, "quality.html", reports=quality_reports(request, db), user=user)


#: Published figures the 42 systems can be ranked on: key -> (label, unit).
PUBLISHED_MEASURES: dict[str, tuple[str, str]] = {
    "per_head_gbp": ("NHS and council money per head", "£ per resident"),
    "nhs_gbp": ("NHS allocations per head", "£ per resident"),
    "adult_social_care_gbp": ("Adult social care per head", "£ per resident"),
    "public_health_gbp": ("Public health per head", "£ per resident"),
    "prevention_share": ("Prevention share of the total", "share of the total"),
}


def _per_head(record: PublishedRecord, measure: str) -> float | None:
    value: float | None = getattr(record, measure)
    if value is None or measure in ("per_head_gbp", "prevention_share"):
        return value
    return value / record.population if record.population else None


def published_values(
    request: Request, db: Warehouse | None, measure: str, year: str | None
) -> tuple[PublishedRecord, dict[str, float | None]]:
    """England's published record and each system's value of one published measure (per head
    where it is money), for the map; 404 when no published figures are loaded."""
    from joinedup.reference import systems

    england = published_record(request, db, "england", "", year)
    chosen = england.financial_year
    values = {
        item.code: _per_head(published_record(request, db, "system", item.code, chosen), measure)
        for item in systems()
    }
    return england, values


def _shown(measure: str) -> Callable[[float | None], str]:
    from joinedup.money import NO_DATA, per_head

    if measure == "prevention_share":
        return lambda value: NO_DATA if value is None else f"{value:.1%}"
    return per_head


@router.get("/compare/published/{measure}", response_class=HTMLResponse, include_in_schema=False)
def compare_published(
    request: Request,
    db: Db,
    user: CurrentUser,
    measure: str,
    year: str | None = None,
    system: str | None = None,
) -> HTMLResponse:
    """The 42 systems ranked on a published figure (real data), with England's beside them: a
    map with the ``system`` picked and its nearest peers outlined, and the ranked bars."""
    from joinedup.benchmark import comparator_group
    from joinedup.ledger.comparison import PEERS
    from joinedup.publish.ranked_chart import ranked_svg
    from joinedup.reference import system as reference_system
    from joinedup.reference import systems
    from joinedup.web.comparisons import system_code
    from joinedup.web.home import measure_map

    if measure not in PUBLISHED_MEASURES:
        listed = ", ".join(PUBLISHED_MEASURES)
        raise HTTPException(404, f"There is no published measure {measure!r}; choose {listed}.")
    england = published_record(request, db, "england", "", year)
    records = [
        published_record(request, db, "system", item.code, england.financial_year)
        for item in systems()
    ]
    # The page's rows: each record with its value of the measure and its missing returns counted.
    rows = [
        record.model_dump()
        | {"value": _per_head(record, measure), "missing_count": len(record.missing)}
        for record in records
    ]
    ranked = sorted(rows, key=lambda row: (row["value"] is None, -(row["value"] or 0), row["code"]))
    chosen = system_code(system)
    peers = comparator_group(chosen, PEERS) if chosen else []
    label, unit = PUBLISHED_MEASURES[measure]
    year = england.financial_year
    england_value = _per_head(england, measure)
    sources = "; ".join(f"{source.publisher}, {source.title}" for source in england.sources)
    record = {
        "unit": unit,
        "england": england_value,
        "systems": [
            {
                "code": row["code"],
                "name": reference_system(row["code"]).short_name,
                "value": row["value"],
            }
            for row in ranked
        ],
    }
    chart = cached(
        request,
        ("published_ranking_chart", measure, year, chosen),
        lambda: ranked_svg(
            record,
            f"{label}, {year}",
            label.lower(),
            f"Source: {sources} (published, Open Government Licence v3.0). "
            "The dashed line is England.",
            _shown(measure),
            chosen,
        ),
    )
    ranks = [row["code"] for row in ranked if row["value"] is not None]
    return page(
        request,
        "compare_published.html",
        user=user,
        measure=measure,
        label=PUBLISHED_MEASURES[measure],
        measures=PUBLISHED_MEASURES,
        rows=ranked,
        england=england.model_dump() | {"value": england_value},
        chosen=chosen,
        chosen_name=reference_system(chosen).short_name if chosen else None,
        rank=ranks.index(chosen) + 1 if chosen in ranks else None,
        ranked_count=len(ranks),
        chart=chart,
        map=measure_map(request, db, f"published:{measure}", year, chosen, peers),
        map_picker=False,
    )
