"""What every ``/api/`` response shares: pages, CSV on request, and ETags.

* A list is served a page at a time: ``?page=1&per_page=100`` (at most 1,000), with the total in
  ``X-Total-Count`` and the neighbouring pages in a ``Link`` header.
* ``?format=csv`` gives CSV: a list as one row per item; an object as the rows of its main list
  (e.g. a comparison's systems) or, failing that, one row of its plain fields. Nested values are
  written as JSON in their cell.
* Every response carries an ``ETag``; a request with a matching ``If-None-Match`` gets 304.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from typing import Any
from urllib.parse import urlencode

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response

from joinedup.textsafety import neutralise

PER_PAGE, MAX_PER_PAGE = 100, 1000


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return -1


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


class ApiResponses(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        if not request.url.path.startswith("/api/v1/") or request.method != "GET":
            return response
        if response.status_code != 200 or "json" not in response.headers.get("content-type", ""):
            return response
        body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
        if request.url.path.endswith("openapi.json"):
            return _with_etag(request, body, "application/json", {})
        data = json.loads(body)
        headers: dict[str, str] = {}
        if isinstance(data, list):
            page = _int(request.query_params.get("page"), 1)
            per_page = _int(request.query_params.get("per_page"), PER_PAGE)
            if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
                return Response(
                    json.dumps(
                        {"detail": f"page must be 1 or more and per_page 1 to {MAX_PER_PAGE}"}
                    ),
                    status_code=422,
                    media_type="application/json",
                )
            total = len(data)
            data = data[(page - 1) * per_page : page * per_page]
            headers["X-Total-Count"] = str(total)
            headers["Link"] = _links(request, page, per_page, total)
        if request.query_params.get("format") == "csv":
            return _with_etag(request, to_csv(data).encode(), "text/csv; charset=utf-8", headers)
        return _with_etag(request, json.dumps(data).encode(), "application/json", headers)


def _links(request: Request, page: int, per_page: int, total: int) -> str:
    last = max(1, -(-total // per_page))
    params = dict(request.query_params)
    links = []
    for relation, number in (("first", 1), ("prev", page - 1), ("next", page + 1), ("last", last)):
        if 1 <= number <= last:
            query = urlencode(params | {"page": number, "per_page": per_page})
            links.append(f'<{request.url.path}?{query}>; rel="{relation}"')
    return ", ".join(links)


def _with_etag(request: Request, body: bytes, media: str, headers: dict[str, str]) -> Response:
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = headers | {"ETag": tag, "Cache-Control": "no-cache"}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media, headers=headers)
