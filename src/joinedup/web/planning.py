"""The prevention-shift planner and local headroom on the web and in the API.

``/api/v1/systems/{code}/plan`` and ``/api/v1/systems/{code}/headroom`` answer with the records
of :mod:`joinedup.priorities.planner` and :mod:`joinedup.governance.headroom`, described by the
pydantic models below (so OpenAPI shows them). ``/systems/{code}/plan`` is the planner's page;
analysts of the system's partners (and administrators) save scenarios on it
(:func:`joinedup.permissions.may_plan`), through the same library as the command line, so the
checks and the audit log are the same.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from joinedup.errors import JoinedUpError
from joinedup.permissions import NotPermitted, may_plan, require_plan
from joinedup.reference.records import SystemDetail, system_detail
from joinedup.users import User
from joinedup.warehouse import Warehouse
from joinedup.web.auth import check_csrf
from joinedup.web.dependencies import CurrentUser, Db, page, write_lock
from joinedup.web.lookups import cached, found, warehouse_or_404

router = APIRouter()


class PartnerValue(BaseModel):
    organisation: str
    name: str
    npv: float
    role: str
    payback_year: int | None


class Segment(BaseModel):
    code: str
    label: str
    per_1000: float | None = None


class PlannedTransfer(BaseModel):
    from_partner: str
    from_partner_name: str
    from_type: str
    from_type_label: str
    to_partner: str
    to_partner_name: str
    to_type: str
    to_type_label: str
    gbp_per_year: float
    years: int
    start_year: int
    benefit_per_pound: float
    benefit_lag: int
    prevention_gbp_per_year: float
    prevention_shift_pp: float | None
    partners: list[PartnerValue]
    npv: float
    segments: list[Segment]
    segments_basis: str | None


class PlanScenario(BaseModel):
    name: str
    description: str | None
    saved: bool
    saved_by: str | None
    saved_at: datetime | None
    first_year: str
    transfers: list[PlannedTransfer]
    partners: list[PartnerValue]
    npv: float
    payback_year: int | None
    pays: list[str]
    gains: list[str]
    prevention_gbp_per_year: float
    prevention_shift_pp: float | None
    share_of_goal: float | None
    segments: list[Segment]


class PathYear(BaseModel):
    financial_year: str
    target_share: float | None
    prevention_gbp: float
    above_today_gbp: float
    move_this_year_gbp: float


class Plan(BaseModel):
    """A system's prevention-shift plan: money in pounds, shares from 0 to 1."""

    system: str
    name: str
    synthetic: bool
    financial_year: str
    total_spend: float
    prevention_spend: float
    prevention_share: float | None
    gbp_for_1pp: float
    goal_pp: float
    path: list[PathYear]
    discount_rate: float
    scenarios: list[PlanScenario]


class HeadroomYear(BaseModel):
    financial_year: str
    local_share_of_spend: float | None
    local_share_of_agenda: float | None


class Reason(BaseModel):
    direction: Literal["national", "local"]
    reason: str
    amount: float
    unit: str | None = None


class Headroom(BaseModel):
    """Local shares from 0 to 1; agenda by minutes where any are recorded, else by items."""

    system: str
    name: str
    synthetic: bool
    financial_year: str | None
    local_share_of_spend: float | None
    local_spend: float
    national_spend: float
    local_share_of_agenda: float | None
    agenda_financial_year: str | None
    agenda_basis: Literal["minutes", "items"]
    local_agenda: int
    national_agenda: int
    agenda_items_without_minutes: int
    by_year: list[HeadroomYear]
    spend_reasons: list[Reason]
    agenda_reasons: list[Reason]
    rule: str


def plan_record(request: Request, db: Warehouse | None, code: str) -> dict[str, Any]:
    from joinedup.priorities.planner import plan

    warehouse = warehouse_or_404(db)
    return cached(request, ("plan", code), lambda: plan(warehouse, code))


def headroom_record(request: Request, db: Warehouse | None, code: str) -> dict[str, Any]:
    from joinedup.governance.headroom import headroom

    warehouse = warehouse_or_404(db)
    return cached(request, ("headroom", code), lambda: headroom(warehouse, code))


def headroom_section(request: Request, db: Warehouse | None, code: str) -> dict[str, Any] | None:
    """The system page's headroom figures, or None without a warehouse."""
    if db is None:
        return None
    return headroom_record(request, db, code)


@router.get("/api/v1/systems/{code}/plan", tags=["priorities"], response_model=Plan)
def plan_api(request: Request, db: Db, code: str) -> dict[str, Any]:
    """The prevention-shift planner: today's prevention share of total joint spend, the £ to
    move for +1 percentage point (1% of the latest year's total), the five-year path, and the
    saved scenarios with each partner's NPV and the population segments they reach."""
    return plan_record(request, db, found(system_detail, code).code)


@router.get("/api/v1/systems/{code}/headroom", tags=["governance"], response_model=Headroom)
def headroom_api(request: Request, db: Db, code: str) -> dict[str, Any]:
    """National direction and local headroom: the local share of the system's joint spend and
    of its boards' agenda time, by year, with what was counted national and why."""
    return headroom_record(request, db, found(system_detail, code).code)


def _chart(request: Request, record: dict[str, Any]) -> dict[str, str]:
    from joinedup.publish.charts import to_svg
    from joinedup.publish.planning_chart import path_chart, path_text

    svg = cached(request, ("plan_chart", record["system"]), lambda: to_svg(path_chart(record)))
    return {"svg": svg, "text": path_text(record)}


@router.get("/systems/{code}/plan", response_class=HTMLResponse, include_in_schema=False)
def planner_page(request: Request, code: str, db: Db, user: CurrentUser) -> HTMLResponse:
    return _planner_page(request, db, user, found(system_detail, code))


def _planner_page(
    request: Request,
    db: Warehouse | None,
    user: User | None,
    system: SystemDetail,
    *,
    status_code: int = 200,
    problems: list[str] | None = None,
    typed: dict[str, Any] | None = None,
) -> HTMLResponse:
    from joinedup.ledger.taxonomy import spending_types
    from joinedup.money import money
    from joinedup.priorities.interventions import partner_codes

    warehouse = warehouse_or_404(db)
    record = plan_record(request, db, system.code)
    partners = partner_codes(warehouse, system.code)
    return page(
        request,
        "planner.html",
        status_code=status_code,
        system=system,
        user=user,
        plan=record,
        chart=_chart(request, record),
        may_save=user is not None and may_plan(user, partners),
        partners=partners,
        compared_partners=list(
            dict.fromkeys(p["organisation"] for s in record["scenarios"] for p in s["partners"])
        ),
        types={code: kind.label for code, kind in spending_types().items() if kind.headline},
        problems=problems or [],
        typed=typed or {},
        money=money,
    )


class ScenarioForm(BaseModel):
    csrf: str
    name: str
    description: str = ""
    from_partner: str
    from_type: str
    to_partner: str
    to_type: str
    gbp_per_year: str
    years: str
    start_year: str = "0"
    benefit_per_pound: str = "0"
    benefit_lag: str = "1"
    add: bool = False  # add the transfer to a saved scenario of that name, not replace it


@router.post("/systems/{code}/plan/scenarios", include_in_schema=False)
def save_scenario_form(
    request: Request, db: Db, user: CurrentUser, code: str, form: Annotated[ScenarioForm, Form()]
) -> Response:
    """Save a scenario of one transfer (or add the transfer to a saved one): CSRF, then the
    right to plan for this system, then the library's checks; a refusal stores nothing."""
    from joinedup.priorities.interventions import partner_codes
    from joinedup.priorities.scenarios import Scenario, load_scenarios, parse_transfer
    from joinedup.priorities.scenarios import save_scenario as save

    check_csrf(request, form.csrf)
    system = found(system_detail, code)
    if user is None:
        raise HTTPException(status_code=401, detail="Sign in to save a scenario.")
    warehouse = warehouse_or_404(db)
    try:
        require_plan(user, system.code, partner_codes(warehouse, system.code))
    except NotPermitted as refused:
        raise HTTPException(status_code=403, detail=str(refused)) from None
    typed = form.model_dump(exclude={"csrf"})
    try:
        transfer = parse_transfer(
            f"from={form.from_partner.strip()}:{form.from_type.strip()} "
            f"to={form.to_partner.strip()}:{form.to_type.strip()} "
            f"gbp={_word(form.gbp_per_year)} years={_word(form.years)} "
            f"start={_word(form.start_year)} return={_word(form.benefit_per_pound)} "
            f"lag={_word(form.benefit_lag)}"
        )
        with write_lock:
            saved = {s.name: s for s in load_scenarios(warehouse, system.code)}
            earlier = (
                saved[form.name.strip()].transfers
                if form.add and form.name.strip() in saved
                else ()
            )
            scenario = Scenario(
                system.code,
                form.name.strip(),
                (*earlier, transfer),
                form.description.strip() or None,
            )
            save(warehouse, scenario, who=user.email)
    except JoinedUpError as error:
        return _planner_page(
            request, warehouse, user, system, status_code=422, problems=[str(error)], typed=typed
        )
    return RedirectResponse(f"/systems/{system.code}/plan#scenarios", status_code=303)


def _word(text: str) -> str:
    """A form value as one word of a transfer (spaces would split it)."""
    return "".join(text.split()) or "0"
