"""England, its systems and its councils: the pages people start from and the structure API.
Each page gathers the other modules' records (spend, metrics, population); it computes none."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from joinedup import __version__
from joinedup.publish.maps import council_map_svg
from joinedup.reference import UnknownCode, vintage
from joinedup.reference.records import (
    CouncilDetail,
    CouncilRecord,
    SystemDetail,
    SystemRecord,
    council_detail,
    council_records,
    system_detail,
    system_records,
)
from joinedup.web import planning, population
from joinedup.web.area_charts import metric_charts, spend_chart
from joinedup.web.dependencies import CurrentUser, Db, page
from joinedup.web.ledger import optional_summary
from joinedup.web.lookups import cached, default_threshold, found
from joinedup.web.metrics import metric_rows
from joinedup.web.paging import Paging, paged
from joinedup.web.published import published_section
from joinedup.web.security import policy_with_own_styles

router = APIRouter()
SORTABLE = ("code", "short_name", "region", "population")
#: The year of published figures a page shows (its other years link here); the latest by default.
PublishedYear = Annotated[str | None, Query(description="Financial year, e.g. 2023-24")]


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def england(
    request: Request,
    user: CurrentUser,
    db: Db,
    sort: str = "code",
    order: str = "asc",
    measure: str | None = None,
    year: PublishedYear = None,
) -> HTMLResponse:
    from joinedup.web.home import headline_figures, measure_map

    key = sort if sort in SORTABLE else "code"
    rows = sorted(system_records(), key=lambda row: getattr(row, key), reverse=order == "desc")
    return page(
        request,
        "england.html",
        systems=rows,
        sort=key,
        order=order,
        user=user,
        published=published_section(request, db, "england", "", year),
        map=measure_map(request, db, measure),
        headline=headline_figures(request, db),
    )


@router.get("/systems/{code}", response_class=HTMLResponse, include_in_schema=False)
def system_page(
    request: Request, code: str, db: Db, user: CurrentUser, year: PublishedYear = None
) -> HTMLResponse:
    from joinedup.web.decisions import agenda_section
    from joinedup.web.workforce import workforce_section

    record = found(system_detail, code)
    spend = optional_summary(request, db, "system", record.code)
    metrics = metric_rows(request, db, record.code)
    return page(
        request,
        "system.html",
        system=record,
        user=user,
        spend=spend,
        published=published_section(request, db, "system", record.code, year),
        metrics=metrics,
        metric_charts=metric_charts(request, db, record.code, record.short_name, metrics),
        spend_chart=spend_chart(request, spend, record.short_name),
        population=population.area_section(request, db, "system", record.code),
        agenda=agenda_section(request, db, record.code),
        headroom=planning.headroom_section(request, db, record.code),
        workforce=workforce_section(request, db, record.code),
    )


@router.get("/councils/{code}", response_class=HTMLResponse, include_in_schema=False)
def council_page(
    request: Request, code: str, db: Db, user: CurrentUser, year: PublishedYear = None
) -> HTMLResponse:
    record = found(council_detail, code)
    spend = optional_summary(request, db, "council", record.code)
    metrics = metric_rows(request, db, record.code)
    shares = {member.code: member.population_share for member in record.systems}
    return page(
        request,
        "council.html",
        council=record,
        boundary_map=cached(
            request,
            ("council_map", record.code),
            lambda: council_map_svg(record.code, record.name, shares),
        ),
        user=user,
        spend=spend,
        published=published_section(request, db, "council", record.code, year),
        metrics=metrics,
        metric_charts=metric_charts(request, db, record.code, record.name, metrics),
        spend_chart=spend_chart(request, spend, record.name),
        population=population.area_section(request, db, "council", record.code),
    )


@router.get("/councils/{code}/scrutiny-pack.{suffix}", include_in_schema=False)
def scrutiny_pack(request: Request, code: str, suffix: str, db: Db) -> Response:
    """The council's scrutiny pack, as PDF or HTML (counts of 1-7 people withheld)."""
    from joinedup.publish.reports import render_scrutiny_pack, warm
    from joinedup.publish.reports.render import render_pdf

    if suffix not in ("pdf", "html") or db is None:
        raise HTTPException(status_code=404, detail="Ask for scrutiny-pack.pdf or .html.")
    threshold = default_threshold(request)
    warehouse = db
    if suffix == "pdf":
        warm.pdf_engine()  # loads while the figures are gathered
    # A pack takes seconds to lay out: made once per version of the data, then served as is. The
    # PDF is laid out from the page, so the two formats gather the pack's figures once.
    code_key = code.strip().casefold()
    html = cached(
        request,
        ("scrutiny_pack", code_key, "html", threshold),
        lambda: render_scrutiny_pack(
            warehouse,
            code,
            format="html",
            threshold=threshold,
            population=population.public(request, warehouse),
        ),
    )
    if suffix == "pdf":
        pdf = cached(
            request, ("scrutiny_pack", code_key, "pdf", threshold), lambda: render_pdf(html)
        )
        return Response(pdf, media_type="application/pdf")
    return HTMLResponse(html, headers={"content-security-policy": policy_with_own_styles(html)})


@router.get("/api/v1/systems", tags=["structure"])
def systems_api(request: Request, response: Response, paging: Paging) -> list[SystemRecord]:
    """Every integrated care system with its region, population and councils."""
    return paged(system_records(), paging, request, response)


@router.get("/api/v1/systems/{code}", tags=["structure"])
def system_api(code: str) -> SystemDetail:
    """One system with each council's population share within it."""
    return found(system_detail, code)


@router.get("/api/v1/councils", tags=["structure"])
def councils_api(
    request: Request, response: Response, paging: Paging, system: str | None = None
) -> list[CouncilRecord]:
    """Every upper-tier council, or those with population in ``system``."""
    try:
        found_councils = council_records(system)
    except UnknownCode as error:
        raise HTTPException(status_code=404, detail=str(error)) from None
    return paged(found_councils, paging, request, response)


@router.get("/api/v1/councils/{code}", tags=["structure"])
def council_api(code: str) -> CouncilDetail:
    """One council with every system it belongs to."""
    return found(council_detail, code)


class About(BaseModel):
    """The code version, the vintages of the reference data, and whether the data are
    synthetic (demonstration data)."""

    version: str
    reference_vintage: str
    synthetic: bool


@router.get("/api/v1/about", tags=["about"])
def about(request: Request) -> About:
    """The code version, reference data vintage and whether the data are synthetic."""
    # Read once when the app was made: the shared connection is not for many threads at once.
    synthetic: bool = request.app.state.synthetic
    return About(version=__version__, reference_vintage=vintage(), synthetic=synthetic)
