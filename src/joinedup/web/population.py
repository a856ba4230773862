"""Population health on the web and in the open API: people, cost and activity by segment for a
system (with its places) or a council, only ever as ``publish.population`` publishes them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response

from joinedup.publish.disclosure import Rules
from joinedup.publish.population import (
    AreaFigures,
    AreaPopulation,
    BandFigures,
    PublicPopulation,
)
from joinedup.reference import UnknownCode
from joinedup.reference.records import council_detail, system_detail
from joinedup.warehouse import Warehouse
from joinedup.web.dependencies import Db
from joinedup.web.lookups import cached, default_threshold
from joinedup.web.paging import Paging, paged

router = APIRouter()
DIMENSIONS = ("age_band", "sex", "deprivation_decile")


def public(request: Request, db: Warehouse) -> PublicPopulation:
    """The warehouse's published population figures (none without runs), computed once per
    version of the data: for the pages, the API and the scrutiny packs."""
    from joinedup.publish.population import public_population

    threshold = default_threshold(request)
    found: PublicPopulation = cached(
        request,
        ("population", threshold),
        lambda: public_population(db, Rules(threshold=threshold)),
    )
    return found


def published(request: Request, db: Warehouse | None) -> PublicPopulation | None:
    """The warehouse's published population figures, or None without population runs."""
    if db is None:
        return None
    found = public(request, db)
    return found if found.runs else None


def area_section(request: Request, db: Warehouse | None, level: str, code: str) -> Any:
    """What a system's or council's page shows of population health, or None without results."""
    from joinedup.publish.charts import segment_share_chart, to_svg

    public = published(request, db)
    area = public.area(level, code) if public is not None else None
    if public is None or area is None:
        return None
    places = [_named(place) for place in public.places(**{level: code})]
    title = "Share of people and of cost by segment"
    chart = cached(
        request,
        ("population_chart", level, code, default_threshold(request)),
        lambda: to_svg(
            segment_share_chart(area.model_dump() | {"synthetic": public.synthetic}, title)
        ),
    )
    return {"area": area, "places": places, "runs": public.runs, "chart": chart}


def _named(place: AreaFigures) -> dict[str, Any]:
    """A place's figures with the names of its system and council, for a page."""
    from joinedup.reference import council, system

    return dict(place) | {
        "system_name": system(place.system_code or "").short_name,
        "council_name": council(place.council_code or "").name,
    }


def _area(code: str) -> tuple[str, str]:
    try:
        return "system", system_detail(code).code
    except UnknownCode:
        pass
    try:
        return "council", council_detail(code).code
    except UnknownCode as error:
        raise HTTPException(status_code=404, detail=str(error)) from None


@router.get("/api/v1/population/areas/{code}", tags=["population"])
def area_api(request: Request, db: Db, code: str) -> AreaPopulation:
    """People, cost in and out of hospital, cost per head, shares and activity per 1,000 people
    by population segment for a system (any of its codes) or a council, with the system's
    places or the council's part of each system. Counts of 1 to 7 people, and any count that
    the published totals would give away, are withheld (null) with everything derived from
    them."""
    level, key = _area(code)
    public = published(request, db)
    found = public.published_area(level, key) if public is not None else None
    if found is None:
        raise HTTPException(status_code=404, detail=f"No population results for {key}.")
    return found


@router.get("/api/v1/population/breakdowns/{system}", tags=["population"])
def breakdown_api(
    request: Request,
    response: Response,
    db: Db,
    system: str,
    paging: Paging,
    dimension: str = "age_band",
) -> list[BandFigures]:
    """A system's people and cost by age band, sex or deprivation decile (1 = most deprived),
    for each segment and for all segments (segment "*"), with small counts withheld."""
    if dimension not in DIMENSIONS:
        raise HTTPException(
            status_code=422, detail=f"dimension must be one of {', '.join(DIMENSIONS)}."
        )
    try:
        key = system_detail(system).code
    except UnknownCode as error:
        raise HTTPException(status_code=404, detail=str(error)) from None
    public = published(request, db)
    if public is None or (key, dimension) not in public.breakdowns:
        raise HTTPException(status_code=404, detail=f"No population results for {key}.")
    return paged(public.breakdowns[(key, dimension)], paging, request, response)
