"""Keeping the governance registers from the web: a board secretary adds meetings, records
decisions and councils' sign-offs for their own organisation's boards (an administrator for any).

Every change goes through the governance library, so its checks and its audit log are the same
as from the command line or a spreadsheet; a rejected change is shown on the form, next to what
was typed, and nothing is stored.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from joinedup.errors import JoinedUpError
from joinedup.permissions import (
    NotPermitted,
    may_keep_board,
    may_keep_registers,
    may_sign_for_board,
)
from joinedup.users import User
from joinedup.warehouse import Warehouse
from joinedup.web.auth import check_csrf
from joinedup.web.dependencies import CurrentUser, Db, page, write_lock
from joinedup.web.lookups import warehouse_or_404

router = APIRouter()


def _signs_for(db: Warehouse, user: User, code: str) -> bool:
    """Whether the user signs off the board's decisions (``joinedup.permissions`` decides)."""
    from joinedup.governance.decisions import decisions

    return may_sign_for_board(user, decisions(db, code))


def _keeper(user: User | None) -> User:
    if user is None:
        raise HTTPException(status_code=401, detail="Sign in to keep the registers.")
    if not may_keep_registers(user):
        raise HTTPException(status_code=403, detail="Only board secretaries keep the registers.")
    return user


def _board(db: Warehouse, user: User, code: str, *, signing: bool = False) -> dict[str, Any]:
    """The board, if the user keeps it (or, ``signing``, signs off its decisions); else 403."""
    from joinedup.governance.boards import boards

    found = next((board for board in boards(db) if board["code"] == code), None)
    allowed = found is not None and (
        may_keep_board(user, found) or (signing and _signs_for(db, user, code))
    )
    # Another organisation's board and no board at all get the same answer.
    if found is None or not allowed:
        raise HTTPException(status_code=403, detail="This is another organisation's board.")
    return found


@router.get("/registers", response_class=HTMLResponse, include_in_schema=False)
def registers(request: Request, db: Db, user: CurrentUser) -> Response:
    from joinedup.governance.boards import boards

    if user is None:
        return RedirectResponse("/login?next=/registers", status_code=303)
    keeper = _keeper(user)
    warehouse = warehouse_or_404(db)
    kept = [
        board
        for board in boards(warehouse)
        if may_keep_board(keeper, board) or _signs_for(warehouse, keeper, board["code"])
    ]
    return page(request, "registers.html", user=keeper, boards=kept)


@router.get("/registers/boards/{code}", response_class=HTMLResponse, include_in_schema=False)
def board_page(request: Request, db: Db, user: CurrentUser, code: str) -> Response:
    if user is None:
        return RedirectResponse(f"/login?next=/registers/boards/{code}", status_code=303)
    return _board_page(request, warehouse_or_404(db), _keeper(user), code)


def _board_page(
    request: Request,
    db: Warehouse,
    user: User,
    code: str,
    *,
    status_code: int = 200,
    form: str | None = None,
    problems: list[str] | None = None,
    typed: dict[str, Any] | None = None,
) -> HTMLResponse:
    from joinedup.governance.dates import newest_first
    from joinedup.governance.decisions import decisions, sign_offs
    from joinedup.governance.meetings import meetings
    from joinedup.governance.oversight import DecisionType

    board = _board(db, user, code, signing=True)
    recorded = decisions(db, code)
    signed = [row for row in sign_offs(db) if row["decision"] in {d["id"] for d in recorded}]
    return page(
        request,
        "registers_board.html",
        status_code=status_code,
        user=user,
        board=board,
        keeps=may_keep_board(user, board),
        meetings=newest_first(meetings(db, code)),
        decisions=newest_first(recorded),
        sign_offs=newest_first(signed, "signed_on"),
        decision_types=[kind.value for kind in DecisionType],
        form=form,
        problems=problems or [],
        typed=typed or {},
    )


def _change(
    request: Request,
    db: Warehouse | None,
    user: User | None,
    csrf: str,
    code: str,
    form: str,
    typed: dict[str, Any],
    apply: Any,
    *,
    signing: bool = False,
) -> Response:
    """Check the form's token and the user's right, apply the change through the library, and
    either go back to the board (303) or show what was wrong (422), having stored nothing.

    ``signing``: a sign-off, whose right the library checks (the council's, not the board's)."""
    from joinedup.problems import FileRejected

    check_csrf(request, csrf)
    keeper = _keeper(user)
    warehouse = warehouse_or_404(db)
    _board(warehouse, keeper, code, signing=signing)
    try:
        with write_lock:
            apply(warehouse, keeper)
    except NotPermitted as refused:
        raise HTTPException(status_code=403, detail=str(refused)) from None
    except FileRejected as rejected:
        messages = [
            f"{problem.field}: {problem.message}" if problem.field else problem.message
            for problem in rejected.problems
        ]
        return _board_page(
            request,
            warehouse,
            keeper,
            code,
            status_code=422,
            form=form,
            problems=messages,
            typed=typed,
        )
    except (JoinedUpError, ValueError) as error:
        return _board_page(
            request,
            warehouse,
            keeper,
            code,
            status_code=422,
            form=form,
            problems=[str(error)],
            typed=typed,
        )
    return RedirectResponse(f"/registers/boards/{code}#{form}", status_code=303)


@router.post("/registers/boards/{code}/meetings", include_in_schema=False)
def add_meeting(
    request: Request,
    db: Db,
    user: CurrentUser,
    code: str,
    csrf: Annotated[str, Form()],
    on: Annotated[str, Form()],
    title: Annotated[str, Form()] = "",
) -> Response:
    from joinedup.governance.meetings import add_meeting as add

    def apply(warehouse: Warehouse, keeper: User) -> None:
        add(warehouse, code, _day(on), title=title or None, who=keeper.email)

    return _change(request, db, user, csrf, code, "meeting", {"on": on, "title": title}, apply)


@router.post("/registers/boards/{code}/decisions", include_in_schema=False)
def add_decision(
    request: Request,
    db: Db,
    user: CurrentUser,
    code: str,
    csrf: Annotated[str, Form()],
    title: Annotated[str, Form()],
    decision_type: Annotated[str, Form()],
    on: Annotated[str, Form()] = "",
    meeting: Annotated[str, Form()] = "",
    affected: Annotated[str, Form()] = "",
    significant: Annotated[bool, Form()] = False,
    value: Annotated[str, Form()] = "",
    commitments: Annotated[str, Form()] = "",
    priorities: Annotated[str, Form()] = "",
    target_metrics: Annotated[str, Form()] = "",
) -> Response:
    from joinedup.governance.commitments import parse_commitments
    from joinedup.governance.decisions import add_decision as add

    codes = _codes(affected)

    def apply(warehouse: Warehouse, keeper: User) -> None:
        add(
            warehouse,
            code,
            title,
            decision_type,
            on=_day(on) if on else None,
            meeting=int(meeting) if meeting else None,
            affected=codes,
            significant=significant,
            value=value or None,
            commitments=parse_commitments(commitments),
            priorities=_codes(priorities),
            target_metrics=_codes(target_metrics),
            who=keeper.email,
        )

    typed = {"title": title, "decision_type": decision_type, "on": on, "affected": affected}
    typed |= {"meeting": meeting, "value": value, "commitments": commitments}
    typed |= {"priorities": priorities, "target_metrics": target_metrics}
    return _change(request, db, user, csrf, code, "decision", typed, apply)


@router.post("/registers/boards/{code}/sign-offs", include_in_schema=False)
def add_sign_off(
    request: Request,
    db: Db,
    user: CurrentUser,
    code: str,
    csrf: Annotated[str, Form()],
    decision: Annotated[int, Form()],
    council: Annotated[str, Form()],
    signed_by: Annotated[str, Form()],
    on: Annotated[str, Form()] = "",
    reference: Annotated[str, Form()] = "",
) -> Response:
    from joinedup.governance.decisions import decisions
    from joinedup.governance.decisions import sign_off as record

    def apply(warehouse: Warehouse, keeper: User) -> None:
        if decision not in {found["id"] for found in decisions(warehouse, code)}:
            raise ValueError(f"Decision {decision} is not one of this board's.")
        record(
            warehouse,
            decision,
            council,
            signed_by,
            on=_day(on) if on else None,
            reference=reference or None,
            user=keeper,
        )

    typed = {"decision": decision, "council": council, "signed_by": signed_by, "on": on}
    typed |= {"reference": reference}
    return _change(request, db, user, csrf, code, "sign-off", typed, apply, signing=True)


def _codes(text: str) -> list[str]:
    """Codes typed in one box, separated by ';' or ','."""
    return [item.strip() for item in text.replace(",", ";").split(";") if item.strip()]


def _day(text: str) -> date:
    from joinedup.core.fields import parse_date

    try:
        return parse_date(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date: write it as 2025-03-31.") from None
