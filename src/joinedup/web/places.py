"""Places, what is delegated to them, councils' voice and the boards that overlap, on the web and
in the API. Every figure comes from ``joinedup.places`` and ``joinedup.governance.overlap``;
the API's pydantic models describe the records those return, so OpenAPI documents them."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from joinedup.jsonable import jsonable
from joinedup.reference.records import SystemDetail, system_detail
from joinedup.warehouse import Warehouse
from joinedup.web.dependencies import CurrentUser, Db, page
from joinedup.web.lookups import cached, found, warehouse_or_404
from joinedup.web.paging import Paging, paged

router = APIRouter()


class PlaceCouncil(BaseModel):
    code: str
    name: str
    residents_in_system: int
    split: bool  # the council's people live in more than one system


class Delegation(BaseModel):
    id: int
    place: str
    function: str
    budget_gbp: float | None
    from_date: date
    to_date: date | None  # the last day; None while it runs on
    delegated_by: str | None
    current: bool


class Place(BaseModel):
    code: str
    name: str
    system: str
    councils: list[str]
    council_details: list[PlaceCouncil]
    population: int
    board: str | None
    registered: bool  # False: a default place, none being registered for the system yet
    delegations: list[Delegation]


class BurdenBoard(BaseModel):
    board: str
    name: str
    kind: str
    system: str | None
    seats: int
    meetings: int


class Burden(BaseModel):
    from_date: date
    to_date: date
    boards: int
    seats: int
    meetings: int
    seat_meetings: int
    by_board: list[BurdenBoard]


class CouncilVoice(BaseModel):
    code: str
    name: str
    split: bool
    systems_count: int
    residents_in_system: int
    share_of_council_population: float
    population_share: float | None
    seats: int
    seat_share: float | None
    representation: float | None
    voice: bool
    burden: Burden


class SilentCouncil(BaseModel):
    code: str
    name: str
    share_of_council_population: float


class SystemVoice(BaseModel):
    system: str
    name: str
    as_of: date
    synthetic: bool
    council_seats: int
    councils: list[CouncilVoice]
    split_without_voice: list[SilentCouncil]


class PersonInBoth(BaseModel):
    person_id: int
    name: str
    icp_roles: list[str]
    hwbs: list[str]
    hwb_roles: list[str]
    organisations: list[str]


class OrganisationInBoth(BaseModel):
    code: str
    name: str
    icp_seats: int
    hwb_seats: int
    hwbs: list[str]


class HwbOverlap(BaseModel):
    code: str
    name: str
    council: str
    members: int
    also_on_icp: int
    only_on_hwb: int
    organisations: int
    organisations_on_icp: int


class Overlap(BaseModel):
    system: str
    name: str
    as_of: date
    synthetic: bool
    icp_boards: list[str]
    icp_members: int
    hwb_members: int
    people_in_both_count: int
    people_in_both: list[PersonInBoth]
    organisations_in_both_count: int
    organisations_in_both: list[OrganisationInBoth]
    by_hwb: list[HwbOverlap]
    notes: list[str]


def _system(key: str) -> SystemDetail:
    return found(system_detail, key)


def places_record(request: Request, db: Warehouse | None, code: str) -> list[dict[str, Any]]:
    from joinedup.places.places import system_places

    warehouse = warehouse_or_404(db)
    result: list[dict[str, Any]] = cached(
        request, ("places", code), lambda: system_places(warehouse, code)
    )
    return result


def voice_record(
    request: Request, db: Warehouse | None, code: str, as_of: date | None = None
) -> dict[str, Any]:
    from joinedup.places.voice import system_voice

    warehouse = warehouse_or_404(db)
    result: dict[str, Any] = cached(
        request, ("voice", code, as_of), lambda: system_voice(warehouse, code, as_of=as_of)
    )
    return result


def overlap_record(
    request: Request, db: Warehouse | None, code: str, as_of: date | None = None
) -> dict[str, Any]:
    from joinedup.governance.overlap import overlap

    warehouse = warehouse_or_404(db)
    result: dict[str, Any] = cached(
        request, ("overlap", code, as_of), lambda: overlap(warehouse, code, as_of=as_of)
    )
    return result


@router.get("/api/v1/places", tags=["places"], response_model=list[Place])
def places_api(request: Request, response: Response, db: Db, system: str, paging: Paging) -> Any:
    """A system's places (a council area or a group of councils), each with its councils, place
    board and the functions and budgets delegated to it. Until places are registered, the
    default places: one per council with at least 5% of its residents in the system."""
    return paged(
        jsonable(places_record(request, db, _system(system).code)), paging, request, response
    )


@router.get("/api/v1/places/delegations", tags=["places"], response_model=list[Delegation])
def delegations_api(
    request: Request, response: Response, db: Db, system: str, paging: Paging
) -> Any:
    """Every delegation to a system's places, by place and first day, past and current."""
    rows = [row for place in places_record(request, db, _system(system).code)
            for row in place["delegations"]]  # fmt: skip
    return paged(jsonable(rows), paging, request, response)


@router.get("/api/v1/places/voice", tags=["places"], response_model=SystemVoice)
def voice_api(request: Request, db: Db, system: str, as_of: date | None = None) -> Any:
    """Each council's seats on the system's boards against its share of the system's people,
    its board burden, and the councils split across systems with no member on its boards."""
    return jsonable(voice_record(request, db, _system(system).code, as_of))


@router.get("/api/v1/governance/overlap", tags=["governance"], response_model=Overlap)
def overlap_api(request: Request, db: Db, system: str, as_of: date | None = None) -> Any:
    """The people (the same person) and organisations on both the system's Integrated Care
    Partnership and a Health and Wellbeing Board of its councils: lists, with their counts."""
    return jsonable(overlap_record(request, db, _system(system).code, as_of))


@router.get("/systems/{code}/places", response_class=HTMLResponse, include_in_schema=False)
def places_page(request: Request, code: str, db: Db, user: CurrentUser) -> HTMLResponse:
    from joinedup.money import money

    record = _system(code)
    return page(
        request,
        "places.html",
        system=record,
        user=user,
        places=places_record(request, db, record.code),
        voice=voice_record(request, db, record.code),
        money=money,
    )


@router.get("/systems/{code}/overlap", response_class=HTMLResponse, include_in_schema=False)
def overlap_page(request: Request, code: str, db: Db, user: CurrentUser) -> HTMLResponse:
    from joinedup.publish.charts import to_svg
    from joinedup.publish.overlap_chart import overlap_chart, overlap_text

    record = _system(code)
    overlap = overlap_record(request, db, record.code)
    chart = (
        cached(request, ("overlap_chart", record.code), lambda: to_svg(overlap_chart(overlap)))
        if overlap["by_hwb"]
        else None
    )
    return page(
        request,
        "overlap.html",
        system=record,
        user=user,
        overlap=overlap,
        chart=chart,
        chart_text=overlap_text(overlap),
    )
