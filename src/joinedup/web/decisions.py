"""Decisions with their money, priorities, target metrics and SPC verdicts; the share of decided
money aligned to the strategy; board agenda focus: the API (with response models) and the
sections and decision page of the web app. Figures come from ``governance.outcomes``,
``governance.alignment`` and ``governance.review``; this module only shapes and draws them.
"""

from __future__ import annotations

import datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from joinedup.governance.outcomes import Verdict
from joinedup.governance.review import AgendaFocus
from joinedup.reference.records import system_detail
from joinedup.warehouse import Warehouse
from joinedup.web.dependencies import CurrentUser, Db, page
from joinedup.web.lookups import cached, default_threshold, found, warehouse_or_404
from joinedup.web.paging import Paging, paged

router = APIRouter()


class Commitment(BaseModel):
    organisation: str
    year: str
    amount: float


class MetricOutcome(BaseModel):
    metric: str
    title: str
    unit: str
    polarity: str
    area: str
    verdict: Verdict
    reason: str
    points_before: int
    points_after: int
    baseline_mean: float | None
    baseline_lower_limit: float | None
    baseline_upper_limit: float | None
    first_period_after: str | None


class ChartPoint(BaseModel):
    period: str
    value: float | None
    phase: str
    mean: float | None
    lower_limit: float | None
    upper_limit: float | None
    special_cause: str


class MetricOutcomeChart(MetricOutcome):
    points: list[ChartPoint]
    withheld: bool = False


class Decision(BaseModel):
    """A decision with what it commits, what it serves and aims to move, and its verdict."""

    id: int
    board: str
    meeting: int | None
    title: str
    type: str
    status: str
    date: datetime.date | None
    system: str
    value_gbp: float | None
    commitments: list[Commitment]
    priorities: list[str]
    target_metrics: list[str]
    affected: list[str]
    significant: bool
    regard: str
    flags: list[str]
    outcome: Verdict | None
    outcomes: list[MetricOutcome]


class DecisionDetail(Decision):
    outcomes: list[MetricOutcomeChart]  # type: ignore[assignment]


class PriorityShare(BaseModel):
    title: str
    gbp: float
    share: float | None


class YearAlignment(BaseModel):
    year: str
    decided_gbp: float
    aligned_gbp: float
    aligned_share: float | None
    by_priority: dict[str, PriorityShare]


class Alignment(BaseModel):
    """The share of a system's decided £ serving its strategy: in all, by priority, by year."""

    system: str
    name: str
    synthetic: bool
    decisions: int
    decisions_without_value: int
    decided_gbp: float
    aligned_gbp: float
    aligned_share: float | None
    by_priority: dict[str, PriorityShare]
    by_year: list[YearAlignment]


def _system_code(system: str) -> str:
    return found(system_detail, system).code


def judged(request: Request, db: Warehouse | None, code: str) -> list[dict[str, Any]]:
    from joinedup.governance.outcomes import judged_decisions

    warehouse = warehouse_or_404(db)
    return cached(request, ("judged_decisions", code), lambda: judged_decisions(warehouse, code))


def aligned(request: Request, db: Warehouse | None, code: str) -> dict[str, Any]:
    from joinedup.governance.alignment import alignment

    warehouse = warehouse_or_404(db)
    return cached(request, ("alignment", code), lambda: alignment(warehouse, code))


def agenda(request: Request, db: Warehouse | None, code: str) -> AgendaFocus:
    """The agenda focus of the system's ICB board (as the membership review gives it), without
    the rest of the review."""
    from joinedup.governance.boards import boards
    from joinedup.governance.review import agenda_focus

    warehouse = warehouse_or_404(db)

    def compute() -> AgendaFocus:
        icb = [
            board["code"]
            for board in boards(warehouse, code)
            if board["kind"] == "icb_board" and board["system"] == code
        ]
        return agenda_focus(warehouse, icb, datetime.date.today())

    focus: AgendaFocus = cached(request, ("agenda_focus", code), compute)
    return focus


def _detail(request: Request, db: Warehouse | None, code: str, decision_id: int) -> dict[str, Any]:
    """One decision of the system, with each target metric's chart points (withheld, with the
    values, where any period of the series rests on a count the threshold withholds)."""
    from joinedup.governance.outcomes import decision_outcome
    from joinedup.publish.reports.outcomes import series_withheld

    warehouse = warehouse_or_404(db)
    listed = {row["id"]: row for row in judged(request, db, code)}
    if decision_id not in listed:
        raise HTTPException(status_code=404, detail=f"Decision {decision_id} is not {code}'s.")

    def compute() -> dict[str, Any]:
        record = decision_outcome(warehouse, decision_id, code, chart=True)
        for outcome in record["outcomes"]:
            outcome["withheld"] = series_withheld(
                warehouse, outcome["metric"], code, default_threshold(request)
            )
            if outcome["withheld"]:
                outcome["points"] = []
        return listed[decision_id] | {"outcomes": record["outcomes"]}

    return cached(request, ("decision_detail", code, decision_id), compute)


@router.get("/api/v1/systems/{code}/decisions", tags=["governance"])
def decisions_api(
    request: Request, response: Response, db: Db, code: str, paging: Paging
) -> list[Decision]:
    """A system's decisions: value_gbp (the sum of its commitments by partner and year, else its
    value), the strategy priorities it serves, the shared metrics it aims to move, its regard
    to the strategy and, where judged, the SPC outcome (docs/governance.md)."""
    rows = [Decision.model_validate(row) for row in judged(request, db, _system_code(code))]
    return paged(rows, paging, request, response)


@router.get("/api/v1/systems/{code}/decisions/{decision_id}", tags=["governance"])
def decision_api(request: Request, db: Db, code: str, decision_id: int) -> DecisionDetail:
    """One decision with each target metric's SPC chart: points, the limits recalculated from
    the decision's date, and the special causes judged against the limits before it."""
    return DecisionDetail.model_validate(_detail(request, db, _system_code(code), decision_id))


@router.get("/api/v1/systems/{code}/alignment", tags=["governance"])
def alignment_api(request: Request, db: Db, code: str) -> Alignment:
    """The share of the system's decided £ that serves at least one priority of its integrated
    care strategy (aligned_share, 0-1), by priority and by financial year."""
    return Alignment.model_validate(aligned(request, db, _system_code(code)))


@router.get("/api/v1/systems/{code}/agenda-focus", tags=["governance"])
def agenda_api(request: Request, db: Db, code: str) -> AgendaFocus:
    """Share of the ICB board's agenda minutes that is strategic, transformational, operational
    or statutory, per quarter, with each share's trend and England's shares."""
    return agenda(request, db, _system_code(code))


def _money(value: Any) -> str:
    from joinedup.money import money

    return money(value)


def decisions_section(request: Request, db: Warehouse | None, code: str) -> dict[str, Any]:
    """The governance page's section: decisions with value, priorities, targets and verdict,
    and the aligned-£ chart with its text alternative."""
    from joinedup.publish.charts import to_svg
    from joinedup.publish.decision_charts import alignment_chart, alignment_text

    if db is None:
        return {}
    record = aligned(request, db, code)
    rows = [row | {"value_text": _money(row["value_gbp"])} for row in judged(request, db, code)]
    chart = cached(request, ("alignment_chart", code), lambda: to_svg(alignment_chart(record)))
    return {
        "decisions": rows,
        "alignment": record | {"aligned_text": _money(record["aligned_gbp"])},
        "decided_text": _money(record["decided_gbp"]),
        "chart": chart,
        "chart_text": alignment_text(record),
    }


def agenda_section(request: Request, db: Warehouse | None, code: str) -> dict[str, Any]:
    """The agenda-focus chart of a system's ICB board and its text alternative."""
    from joinedup.publish.charts import to_svg
    from joinedup.publish.decision_charts import agenda_chart, agenda_text

    if db is None:
        return {}
    focus = agenda(request, db, code)
    name = found(system_detail, code).short_name
    if not focus.quarters:
        return {"chart": None, "text": agenda_text(focus, name)}
    synthetic = bool(request.app.state.synthetic)
    chart = cached(
        request, ("agenda_chart", code), lambda: to_svg(agenda_chart(focus, name, synthetic))
    )
    return {"chart": chart, "text": agenda_text(focus, name), "focus": focus}


@router.get(
    "/systems/{code}/decisions/{decision_id}", response_class=HTMLResponse, include_in_schema=False
)
def decision_page(
    request: Request, code: str, decision_id: int, db: Db, user: CurrentUser
) -> HTMLResponse:
    from joinedup.publish.charts import to_svg
    from joinedup.publish.decision_charts import outcome_chart, outcome_text

    record = found(system_detail, code)
    detail = _detail(request, db, record.code, decision_id)
    synthetic = bool(request.app.state.synthetic)
    charts = []
    for outcome in detail["outcomes"]:
        svg = None
        if outcome["points"]:

            def draw(outcome: dict[str, Any] = outcome) -> str:
                return to_svg(outcome_chart(outcome, detail, synthetic))

            svg = cached(
                request, ("outcome_chart", record.code, decision_id, outcome["metric"]), draw
            )
        charts.append({"outcome": outcome, "svg": svg, "text": outcome_text(outcome, detail)})
    return page(
        request,
        "decision.html",
        system=record,
        user=user,
        decision=detail | {"value_text": _money(detail["value_gbp"])},
        commitments=[c | {"amount_text": _money(c["amount"])} for c in detail["commitments"]],
        charts=charts,
    )
