"""What every ``/api/`` response shares: pages, CSV on request, and ETags.

* A list is served a page at a time (``?page=1&per_page=100``): each route that answers with one
  declares it (joinedup.web.paging); its ``X-Total-Count`` and ``Link`` headers are kept here.
* ``?format=csv`` gives CSV: a list as one row per item; an object as the rows of its main list
  (e.g. a comparison's systems) or, failing that, one row of its plain fields. Nested values are
  written as JSON in their cell.
* Every response carries an ``ETag``; a request with a matching ``If-None-Match`` gets 304.
* The answer to a GET by someone not signed in, from a route that answers with figures
  (``lookups.cached``), is kept until a write changes what figures read, and a later GET of the
  same address is answered from it without routing: the route's dependencies, the figure's
  validation against its response model, JSON written, read and written again and hashed made
  an API figure cost twice ``/about`` (the load bench's baseline).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from typing import Any

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from joinedup.textsafety import neutralise
from joinedup.warehouse import Warehouse
from joinedup.web.drawn_pages import LONGEST_QUERY
from joinedup.web.figure_reads import FIGURE_READS
from joinedup.web.lookups import kept_version

#: Headers a route sets that the rewritten response keeps (a list's page: joinedup.web.paging).
_KEPT = ("X-Total-Count", "Link")


def to_csv(data: Any) -> str:
    rows: list[Any]
    if isinstance(data, list):
        rows = data
    elif isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        rows = lists[0] if lists else [{k: v for k, v in data.items() if not isinstance(v, list)}]
    else:
        rows = [{"value": data}]
    rows = [row if isinstance(row, dict) else {"value": row} for row in rows]
    fields: list[str] = []
    for row in rows:
        fields += [key for key in row if key not in fields]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                # Text a spreadsheet would run as a formula is quoted (joinedup.textsafety).
                key: json.dumps(value) if isinstance(value, (list, dict)) else neutralise(value)
                for key, value in row.items()
            }
        )
    return out.getvalue()


class ApiResponses:
    """Sends the API's GET requests through :class:`_Rewritten`, and every other request (the
    pages, forms and files) straight on: Starlette's ``BaseHTTPMiddleware``, which rewriting a
    response needs, costs each request a task group and streams, a fifth of the time a cached
    page took to serve."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.rewritten = _Rewritten(app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _is_api_get(Request(scope)):
            await self.rewritten(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def _is_api_get(request: Request) -> bool:
    return request.url.path.startswith("/api/v1/") and request.method == "GET"


#: An answer reads what a page may: anything but accounts (it is kept only for people not
#: signed in, and whatever figures its route drew).
_ANSWER_READS = FIGURE_READS["page"]


@dataclass(frozen=True, slots=True)
class _Answer:
    body: bytes
    media: str
    headers: dict[str, str]


class _Rewritten(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        key, version = _kept_under(request)
        if key is not None:
            kept = request.app.state.figures.kept(key)
            if kept is not None and kept[0] == version:
                answer: _Answer = kept[1]
                return _with_etag(request, answer.body, answer.media, answer.headers)
        response = await call_next(request)
        if not _is_api_get(request):
            return response
        if response.status_code != 200 or "json" not in response.headers.get("content-type", ""):
            return response
        body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
        if request.url.path.endswith("openapi.json"):
            return _with_etag(request, body, "application/json", {})
        data = json.loads(body)
        headers = {name: response.headers[name] for name in _KEPT if name in response.headers}
        if request.query_params.get("format") == "csv":
            answer = _Answer(to_csv(data).encode(), "text/csv; charset=utf-8", headers)
        else:
            answer = _Answer(json.dumps(data).encode(), "application/json", headers)
        if key is not None and _keeps(request, version):
            request.app.state.figures.get(key, lambda: answer, version)
        return _with_etag(request, answer.body, answer.media, answer.headers)


def _kept_under(request: Request) -> tuple[tuple[str, ...] | None, Any]:
    """The key and version an answer to this request is kept under; no key for a signed-in
    person, a token, or a worker process (its requests each read the newest snapshot)."""
    warehouse = request.app.state.warehouse
    if (
        type(warehouse) is not Warehouse
        or "authorization" in request.headers
        or "user_id" in request.session
        or len(request.url.path) + len(request.url.query) > LONGEST_QUERY
    ):
        return None, None
    # The host too: a list's ``Link`` headers name it.
    key = ("api_answer", request.headers.get("host", ""), request.url.path, request.url.query)
    return key, kept_version(warehouse.version_of(_ANSWER_READS))


def _keeps(request: Request, version: Any) -> bool:
    """An answer is kept if it was drawn from figures, none of them a previous version's, and
    nothing it reads was written while it was drawn."""
    return (
        getattr(request.state, "drew_figures", False)
        and not getattr(request.state, "previous_reads", [])
        and kept_version(request.app.state.warehouse.version_of(_ANSWER_READS)) == version
    )


def _with_etag(request: Request, body: bytes, media: str, headers: dict[str, str]) -> Response:
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = headers | {"ETag": tag, "Cache-Control": "no-cache"}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media, headers=headers)
