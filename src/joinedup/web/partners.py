"""Pages and API routes for partners: signing in, submitting spend, their own submissions.

Unpublished data (a partner's submissions and their files) is seen only by that organisation's
users and by system administrators; everyone else gets 401 or 403.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from joinedup.errors import JoinedUpError
from joinedup.ledger.submission import SubmissionRecord
from joinedup.permissions import NotPermitted, require_submit_spend
from joinedup.users import authenticate
from joinedup.web.auth import (
    LoginLimiter,
    check_csrf,
    end_session,
    require_organisation,
    require_user,
    safe_next,
    start_session,
)
from joinedup.web.dependencies import CurrentUser, Db, page, write_lock
from joinedup.web.paging import Paging, paged
from joinedup.web.security import MAX_UPLOAD_BYTES

router = APIRouter()
limiter = LoginLimiter()


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, user: CurrentUser, next: str = "/") -> HTMLResponse:
    return page(request, "login.html", user=user, next=_safe_next(next), error=None)


@router.post("/login", response_class=HTMLResponse, include_in_schema=False)
def login(
    request: Request,
    db: Db,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    check_csrf(request, csrf)
    address = request.client.host if request.client else "unknown"
    if limiter.blocked(address, email):
        return page(
            request,
            "login.html",
            status_code=429,
            next=next,
            error="Too many failed attempts: wait 15 minutes and try again.",
        )
    found = authenticate(db, email, password) if db is not None else None
    if found is None:
        limiter.failed(address, email)
        return page(
            request,
            "login.html",
            status_code=401,
            next=next,
            error="That email and password do not match an account.",
        )
    limiter.succeeded(address, email)
    start_session(request, db, found)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False)
def logout(request: Request, db: Db, csrf: Annotated[str, Form()]) -> Response:
    check_csrf(request, csrf)
    with write_lock:  # it stores the user's new session generation: a write like any other
        end_session(request, db)  # ends the session on the server too: a copied cookie is void
    return RedirectResponse("/", status_code=303)


def _safe_next(target: str) -> str:
    # Only paths on this site: never redirect a signed-in person elsewhere.
    return safe_next(target)


@router.get("/ledger/submit", response_class=HTMLResponse, include_in_schema=False)
def submit_form(request: Request, user: CurrentUser) -> Response:
    if user is None:
        return RedirectResponse("/login?next=/ledger/submit", status_code=303)
    return page(request, "submit.html", user=user, result=None, problems=None)


# A plain function: FastAPI runs it in its thread pool, so reading a workbook and writing the
# warehouse (seconds, for a large file) hold up no other request.
@router.post("/ledger/submit", response_class=HTMLResponse, include_in_schema=False)
def submit(
    request: Request,
    db: Db,
    user: CurrentUser,
    year: Annotated[str, Form()],
    csrf: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
    organisation: Annotated[str | None, Form()] = None,
) -> Response:
    from joinedup.ledger.figures import summary
    from joinedup.ledger.submission import submit as submit_file
    from joinedup.organisations import organisation as find_organisation
    from joinedup.problems import FileRejected

    check_csrf(request, csrf)
    signed = require_user(user)
    if db is None:
        raise HTTPException(status_code=404, detail="This server has no warehouse.")
    try:
        owner = find_organisation(db, organisation or signed.organisation_code or "")
    except JoinedUpError as error:
        return page(
            request,
            "submit.html",
            status_code=400,
            user=signed,
            result=None,
            problems=None,
            error=str(error),
        )
    try:
        require_submit_spend(signed, owner.code)
    except NotPermitted as refused:
        raise HTTPException(status_code=403, detail=str(refused)) from None
    content = file.file.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        return page(
            request,
            "submit.html",
            status_code=413,
            user=signed,
            result=None,
            problems=None,
            error="The file is larger than 10 MB.",
        )
    name = re.sub(r"[^A-Za-z0-9._-]", "_", Path(file.filename or "upload.xlsx").name)
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / name
        path.write_bytes(content)
        try:
            with write_lock:
                stored = submit_file(db, path, owner.code, year, submitted_by=signed.email)
        except FileRejected as rejected:
            return page(
                request,
                "submit.html",
                status_code=422,
                user=signed,
                result=None,
                problems=rejected.problems,
                file_name=name,
            )
        except JoinedUpError as error:
            return page(
                request,
                "submit.html",
                status_code=400,
                user=signed,
                result=None,
                problems=None,
                error=str(error),
            )
    area_type = "council" if owner.kind == "council" else "system"
    area = owner.code if owner.kind == "council" else owner.system_code or ""
    figures = summary(db, area_type, area, stored.financial_year)
    return page(
        request,
        "submit.html",
        user=signed,
        result=stored,
        problems=None,
        figures=figures,
        file_name=name,
    )


@router.get("/api/v1/ledger/submissions", tags=["ledger"])
def submissions_api(
    request: Request,
    response: Response,
    db: Db,
    user: CurrentUser,
    organisation: str,
    paging: Paging,
) -> list[SubmissionRecord]:
    """An organisation's submissions, current and superseded: only for that organisation's
    users and for administrators (sign in, or send `Authorization: Bearer <token>`)."""
    from joinedup.ledger.submission import history
    from joinedup.organisations import organisation as find_organisation

    signed = require_user(user)
    if db is None:
        raise HTTPException(status_code=404, detail="This server has no warehouse.")
    try:
        owner = find_organisation(db, organisation)
    except JoinedUpError:
        # The same answer as for another organisation: an unknown code reveals nothing.
        raise HTTPException(
            status_code=403, detail="This is another organisation's data."
        ) from None
    require_organisation(signed, owner.code)
    return paged(history(db, owner.code), paging, request, response)
