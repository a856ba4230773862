"""Councils' feedback on their system's leadership, on the web and in the API: the results by
system for everyone, and the short form a council's own board secretary (or an administrator)
fills in. Every submission goes through ``joinedup.governance.feedback``, so its checks, its
permission rule and its audit log are the same as from the command line."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from joinedup.errors import JoinedUpError
from joinedup.jsonable import jsonable
from joinedup.permissions import NotPermitted, may_give_feedback
from joinedup.reference.records import system_detail
from joinedup.users import User
from joinedup.warehouse import Warehouse
from joinedup.web.auth import check_csrf
from joinedup.web.dependencies import CurrentUser, Db, page, write_lock
from joinedup.web.lookups import cached, found, warehouse_or_404

router = APIRouter()


class Question(BaseModel):
    key: str
    text: str


class RatingScale(BaseModel):
    lowest: int
    highest: int


class RoundResult(BaseModel):
    id: int
    financial_year: str
    subject: str
    subject_label: str
    closes: date | None
    councils_asked: int
    responded: int
    suppressed: bool  # fewer than minimum_responses answered: no rating is shown
    note: str | None
    means: dict[str, float | None]
    comments: list[str]


class FeedbackResults(BaseModel):
    system: str
    name: str
    synthetic: bool
    minimum_responses: int
    questions: list[Question]
    scale: RatingScale
    rounds: list[RoundResult]


def results_record(request: Request, db: Warehouse | None, code: str) -> dict[str, Any]:
    from joinedup.governance.feedback import results

    warehouse = warehouse_or_404(db)
    record: dict[str, Any] = cached(request, ("feedback", code), lambda: results(warehouse, code))
    return record


@router.get("/api/v1/feedback/results", tags=["governance"], response_model=FeedbackResults)
def results_api(request: Request, db: Db, system: str) -> Any:
    """Councils' feedback on the system's ICB chair (and other subjects), round by round: the
    councils asked and responding and each question's mean rating (1-5). Where fewer than 3
    councils responded, the means and comments are withheld (null and empty) and ``note`` says
    why."""
    return jsonable(results_record(request, db, found(system_detail, system).code))


@router.get("/systems/{code}/feedback", response_class=HTMLResponse, include_in_schema=False)
def results_page(request: Request, code: str, db: Db, user: CurrentUser) -> HTMLResponse:
    from joinedup.governance.feedback import rounds

    record = found(system_detail, code)
    open_rounds = [
        item
        for item in rounds(warehouse_or_404(db), record.code)
        if item["closes"] is None or item["closes"] >= date.today()
    ]
    return page(
        request,
        "feedback.html",
        system=record,
        user=user,
        results=results_record(request, db, record.code),
        # Only someone who may answer for one of the system's councils is offered the form.
        open_rounds=open_rounds if user and _councils_for(user, record.code) else [],
    )


def _councils_for(user: User, system_code: str) -> list[dict[str, str]]:
    """The councils of the system whose feedback the user may give."""
    from joinedup.reference import councils_in

    return [
        {"code": item.code, "name": item.name}
        for item in councils_in(system_code)
        if may_give_feedback(user, item.code)
    ]


def _form(
    request: Request,
    db: Warehouse,
    user: User,
    round_id: int,
    *,
    status_code: int = 200,
    problems: list[str] | None = None,
    typed: dict[str, Any] | None = None,
) -> HTMLResponse:
    from joinedup.governance.feedback import QUESTIONS, SCALE, round_row, submissions

    try:
        item = round_row(db, round_id)
    except JoinedUpError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None
    councils = _councils_for(user, item["system"])
    if not councils:
        raise HTTPException(status_code=403, detail="Only a council's own board secretaries "
                            "(or an administrator) give its feedback.")  # fmt: skip
    earlier = [row for council in councils for row in submissions(db, round_id, council["code"])]
    return page(
        request,
        "feedback_form.html",
        status_code=status_code,
        user=user,
        round=item,
        system=found(system_detail, item["system"]),
        councils=councils,
        questions=QUESTIONS,
        scale=range(SCALE[0], SCALE[1] + 1),
        earlier=earlier,
        problems=problems or [],
        typed=typed or {},
    )


@router.get("/feedback/rounds/{round_id}", response_class=HTMLResponse, include_in_schema=False)
def form_page(request: Request, round_id: int, db: Db, user: CurrentUser) -> Response:
    if user is None:
        return RedirectResponse(f"/login?next=/feedback/rounds/{round_id}", status_code=303)
    return _form(request, warehouse_or_404(db), user, round_id)


@router.post("/feedback/rounds/{round_id}", include_in_schema=False)
def submit_form(
    request: Request,
    round_id: int,
    db: Db,
    user: CurrentUser,
    csrf: Annotated[str, Form()],
    council: Annotated[str, Form()],
    engagement: Annotated[str, Form()] = "",
    listening: Annotated[str, Form()] = "",
    priorities: Annotated[str, Form()] = "",
    overall: Annotated[str, Form()] = "",
    comments: Annotated[str, Form()] = "",
) -> Response:
    """Store a council's answers (a new submission; earlier ones are kept) and go back to the
    system's results (303), or show the form again with what was wrong (422)."""
    from joinedup.governance.feedback import round_row, submit
    from joinedup.problems import FileRejected

    check_csrf(request, csrf)
    if user is None:
        raise HTTPException(status_code=401, detail="Sign in to give your council's feedback.")
    warehouse = warehouse_or_404(db)
    ratings = {"engagement": engagement, "listening": listening, "priorities": priorities,
               "overall": overall}  # fmt: skip
    typed = ratings | {"council": council, "comments": comments}
    try:
        system_code = round_row(warehouse, round_id)["system"]
        if not may_give_feedback(user, council.strip().upper()):
            raise NotPermitted("Only a council's own board secretaries give its feedback.")
        if council.strip().upper() not in {c["code"] for c in _councils_for(user, system_code)}:
            raise NotPermitted(f"Council {council} is not asked in this round.")
        with write_lock:
            submit(warehouse, round_id, council, ratings, comments or None, user=user)
    except NotPermitted as refused:
        raise HTTPException(status_code=403, detail=str(refused)) from None
    except FileRejected as rejected:
        messages = [
            f"{problem.field}: {problem.message}" if problem.field else problem.message
            for problem in rejected.problems
        ]
        return _form(request, warehouse, user, round_id, status_code=422, problems=messages,
                     typed=typed)  # fmt: skip
    except JoinedUpError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None
    return RedirectResponse(f"/systems/{system_code}/feedback?submitted=1", status_code=303)
