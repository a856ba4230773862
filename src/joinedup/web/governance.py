"""Governance and priorities on the web and in the API: the membership review, decisions with
what the oversight rules say, and the per-partner appraisal of interventions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from joinedup.governance.oversight import CheckedDecision
from joinedup.governance.review import Review
from joinedup.priorities.appraisal import Appraisal
from joinedup.reference.records import system_detail
from joinedup.warehouse import Warehouse
from joinedup.web.dependencies import CurrentUser, Db, page
from joinedup.web.lookups import cached, found, warehouse_or_404
from joinedup.web.paging import Paging, paged

router = APIRouter()


def governance_records(request: Request, db: Warehouse | None, system: str) -> dict[str, Any]:
    from joinedup.governance.dates import newest_first
    from joinedup.governance.decisions import check_decisions
    from joinedup.governance.review import review
    from joinedup.priorities.appraisal import appraise

    warehouse = warehouse_or_404(db)
    code = found(system_detail, system).code
    return cached(
        request,
        ("governance", code),
        lambda: {
            "review": review(warehouse, code),
            "decisions": newest_first(check_decisions(warehouse, system=code)),
            "appraisal": appraise(warehouse, code),
        },
    )


@router.get("/api/v1/governance/review", tags=["governance"])
def review_api(request: Request, db: Db, system: str) -> Review:
    """The membership review of a system: councillors on each board, councils without a
    voice on the ICB, long service, the comparison with other systems, agenda focus."""
    record: Review = governance_records(request, db, system)["review"]
    return record


@router.get("/api/v1/governance/decisions", tags=["governance"])
def decisions_api(
    request: Request, response: Response, db: Db, system: str, paging: Paging
) -> list[CheckedDecision]:
    """A system's decisions, newest first, with what the oversight rules say: missing council
    sign-offs, conflicts of interest, regard to the strategy."""
    rows: list[CheckedDecision] = governance_records(request, db, system)["decisions"]
    return paged(rows, paging, request, response)


@router.get("/api/v1/priorities/appraisal", tags=["priorities"])
def appraisal_api(request: Request, db: Db, system: str) -> Appraisal:
    """Each intervention's net present value, whole and for each partner (who pays, who
    gains), with payback and sensitivity, by the Green Book method."""
    record: Appraisal = governance_records(request, db, system)["appraisal"]
    return record


@router.get("/systems/{code}/governance", response_class=HTMLResponse, include_in_schema=False)
def governance_page(request: Request, code: str, db: Db, user: CurrentUser) -> HTMLResponse:
    from joinedup.web.decisions import agenda_section, decisions_section

    record = found(system_detail, code)
    return page(
        request,
        "governance.html",
        system=record,
        user=user,
        **governance_records(request, db, record.code),
        decision_money=decisions_section(request, db, record.code),
        agenda=agenda_section(request, db, record.code),
    )
