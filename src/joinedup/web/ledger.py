"""The joint ledger in the API: headline spend and benchmarks (pages show the same records)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request

from joinedup.ledger.comparison import Benchmark
from joinedup.ledger.figures import Summary
from joinedup.warehouse import Warehouse
from joinedup.web.dependencies import Db
from joinedup.web.lookups import cached, warehouse_or_404

router = APIRouter()


def ledger_summary(
    request: Request, db: Warehouse | None, area_type: str, key: str, year: str | None
) -> Summary:
    from joinedup.ledger.figures import summary

    warehouse = warehouse_or_404(db)
    return cached(
        request,
        ("ledger_summary", area_type, key, year),
        lambda: summary(warehouse, area_type, key, year),
    )


def optional_summary(
    request: Request, db: Warehouse | None, area_type: str, key: str
) -> Summary | None:
    """An area's headline spend for its page, or None when the ledger has none."""
    try:
        return ledger_summary(request, db, area_type, key, None)
    except HTTPException:
        return None


@router.get("/api/v1/ledger/summary", tags=["ledger"])
def ledger_summary_api(
    request: Request,
    db: Db,
    system: str | None = None,
    council: str | None = None,
    year: Annotated[str | None, Query(description="Financial year, e.g. 2024-25")] = None,
) -> Summary:
    """Headline spend of a system, a council area, or England when neither is given."""
    if system and council:
        raise HTTPException(status_code=422, detail="Give system or council, not both.")
    area_type = "system" if system else "council" if council else "england"
    return ledger_summary(request, db, area_type, system or council or "", year)


@router.get("/api/v1/ledger/benchmark", tags=["ledger"])
def ledger_benchmark_api(
    request: Request, db: Db, system: str, measure: str, year: str | None = None
) -> Benchmark:
    """A system's headline measure ranked across England and against its nearest peers."""
    from joinedup.ledger.comparison import benchmark

    warehouse = warehouse_or_404(db)
    return cached(
        request,
        ("benchmark", system, measure, year),
        lambda: benchmark(warehouse, system, measure, year),
    )
