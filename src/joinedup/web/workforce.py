"""The workforce of a system: the API (``/api/v1/systems/{code}/workforce``, with a response
model so OpenAPI describes it) and the section of the system page with its charts. Figures come
from ``workforce.system_workforce``; this module only shapes and draws them."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel

from joinedup.reference.records import system_detail
from joinedup.warehouse import Warehouse
from joinedup.web.dependencies import Db
from joinedup.web.lookups import cached, found, warehouse_or_404

router = APIRouter()
Status = Literal["published", "synthetic", "no data"]


class SeriesPoint(BaseModel):
    period: str
    value: float
    area: str


class WorkforceMeasure(BaseModel):
    measure: str
    label: str
    sector: str
    unit: str
    period: str | None
    value: float | None
    #: system (held for the system), councils (combined from its councils'), region (the NHS
    #: region's: NHS vacancies are not published by system) or None (no data).
    level: Literal["system", "councils", "region"] | None
    coverage: float | None
    councils: list[str]
    status: Status
    source: str | None
    england: float | None
    england_status: Status
    england_source: str | None
    series: list[SeriesPoint]


class PayBand(BaseModel):
    band: str
    annual_gbp: float
    hourly_gbp: float
    more_than_care_worker_per_hour_gbp: float
    care_worker_share: float
    source: str
    url: str


class PayComparison(BaseModel):
    period: str
    care_worker_hourly_gbp: float
    care_worker_label: str
    care_worker_source: str
    bands: list[PayBand]
    basis: str
    status: Literal["published"]


class NationalFigure(BaseModel):
    measure: str
    period: str
    value: float
    unit: str
    label: str
    source: str
    url: str
    confidence: str
    status: Literal["published"]


class Workforce(BaseModel):
    system: str
    name: str
    region: str
    synthetic: bool
    measures: list[WorkforceMeasure]
    pay: PayComparison | None
    national: list[NationalFigure]


def workforce(request: Request, db: Warehouse | None, code: str) -> dict[str, Any]:
    from joinedup.workforce import system_workforce

    warehouse = warehouse_or_404(db)
    return cached(request, ("workforce", code), lambda: system_workforce(warehouse, code))


@router.get("/api/v1/systems/{code}/workforce", tags=["workforce"])
def workforce_api(request: Request, db: Db, code: str) -> Workforce:
    """Social care vacancy and turnover rates beside the NHS vacancy rate for one system, each
    against England with its source and status (published or synthetic), and a care worker's
    median pay per hour against NHS Agenda for Change bands 2 and 3 (docs/workforce.md)."""
    key = found(system_detail, code).code
    return Workforce.model_validate(workforce(request, db, key))


def workforce_section(request: Request, db: Warehouse | None, code: str) -> dict[str, Any]:
    """The system page's workforce section: the record, its two charts and their texts."""
    from joinedup.publish.chart_parts import rendered
    from joinedup.publish.workforce_chart import (
        pay_chart,
        pay_text,
        workforce_chart,
        workforce_rows,
        workforce_text,
    )

    if db is None:
        return {}
    record = workforce(request, db, code)
    title = f"Health and care workforce: {record['name']} and England"
    section: dict[str, Any] = {"record": record, "text": workforce_text(record), "chart": None}
    if workforce_rows(record):
        section["chart"] = cached(
            request,
            ("workforce_chart", code),
            lambda: rendered(workforce_chart(record), title, section["text"]),
        )
    pay = record["pay"]
    if pay is not None:
        section["pay_text"] = pay_text(pay)
        section["pay_chart"] = cached(
            request,
            ("workforce_pay_chart",),
            lambda: rendered(
                pay_chart(pay, record["synthetic"]),
                "A care worker's pay against NHS bands 2 and 3",
                section["pay_text"],
            ),
        )
    return section
