"""A partner's own corner of the web app: the submission template to download, its
submissions to the joint ledger (with status, lines, total, when and by whom), and what the
data-quality reports of the national returns say about it. What the command line's
``ledger template``, ``ledger history`` and ``ledger quality`` give, for the same people.

Only the organisation's own users and administrators see any of it (``require_organisation``);
an administrator names the organisation with ``?organisation=``. Nothing here writes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from joinedup.errors import JoinedUpError
from joinedup.users import User
from joinedup.warehouse import Warehouse
from joinedup.web.auth import require_organisation, require_user
from joinedup.web.dependencies import CurrentUser, Db, page
from joinedup.web.lookups import warehouse_or_404

router = APIRouter()

ANOTHER = "This is another organisation's data."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _own_organisation(db: Warehouse, user: User | None, key: str | None) -> str:
    """The organisation asked for (the user's own by default), if they may see it; 403 for
    another's, and for an unknown code too (it reveals nothing)."""
    from joinedup.organisations import organisation

    signed = require_user(user)
    wanted = key or signed.organisation_code
    if not wanted:
        raise HTTPException(status_code=400, detail="Name the organisation: ?organisation=CODE.")
    try:
        code = organisation(db, wanted).code
    except JoinedUpError:
        raise HTTPException(status_code=403, detail=ANOTHER) from None
    require_organisation(signed, code)
    return code


def _latest_year() -> str:
    """The financial year now under way: the one a partner most likely reports next."""
    from datetime import date

    today = date.today()
    start = today.year if today.month >= 4 else today.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


@router.get("/ledger/submissions", response_class=HTMLResponse, include_in_schema=False)
def submissions_page(
    request: Request, db: Db, user: CurrentUser, organisation: str | None = None
) -> Response:
    from joinedup.ledger.partner import partner_record

    if user is None:
        return RedirectResponse("/login?next=/ledger/submissions", status_code=303)
    warehouse = warehouse_or_404(db)
    code = _own_organisation(warehouse, user, organisation)
    return page(
        request,
        "submissions.html",
        user=user,
        partner=partner_record(warehouse, code),
        year=_latest_year(),
    )


@router.get(
    "/api/v1/ledger/template",
    tags=["ledger"],
    response_class=Response,
    responses={200: {"content": {XLSX: {}}, "description": "The .xlsx template."}},
)
def template_api(db: Db, user: CurrentUser, year: str, organisation: str | None = None) -> Response:
    """The spreadsheet a partner fills in to submit its spend for a financial year (as
    `joinedup ledger template` writes it): for the signed-in user's own organisation, or, for an
    administrator, the one named."""
    return _template(db, user, year, organisation)


@router.get("/ledger/template", include_in_schema=False)
def template_download(
    db: Db, user: CurrentUser, year: str, organisation: str | None = None
) -> Response:
    if user is None:
        return RedirectResponse(f"/login?next=/ledger/template?year={year}", status_code=303)
    return _template(db, user, year, organisation)


def _template(db: Warehouse | None, user: User | None, year: str, key: str | None) -> Response:
    from joinedup.core.financial_year import parse_financial_year
    from joinedup.ledger.template import write_template
    from joinedup.organisations import organisation

    warehouse = warehouse_or_404(db)
    code = _own_organisation(warehouse, user, key)
    try:
        chosen = parse_financial_year(year)
    except JoinedUpError as error:
        raise HTTPException(status_code=400, detail=str(error)) from None
    owner = organisation(warehouse, code)
    name = f"joinedup-spend-{owner.code}-{chosen}.xlsx"
    with tempfile.TemporaryDirectory() as work:
        written = write_template(Path(work) / name, owner, chosen)
        content = written.read_bytes()
    return Response(
        content,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
