"""Lists in the API come a page at a time, declared on each route that answers with one.

A route that returns a list takes ``paging: Paging`` (so OpenAPI names ``page`` and ``per_page``,
and a page out of range is a 422 before the route runs) and returns
``paged(items, paging, request, response)``: that page of the items, with the total in
``X-Total-Count`` and the first, previous, next and last pages in a ``Link`` header.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, TypeVar
from urllib.parse import urlencode

from fastapi import Depends, Query, Request, Response

PER_PAGE, MAX_PER_PAGE = 100, 1000

Item = TypeVar("Item")


@dataclass(frozen=True)
class PageRequest:
    """Which page of a list was asked for."""

    page: int
    per_page: int


def page_request(
    page: Annotated[int, Query(ge=1, description="Which page of the list, from 1.")] = 1,
    per_page: Annotated[
        int,
        Query(ge=1, le=MAX_PER_PAGE, description=f"Items a page, 1 to {MAX_PER_PAGE:,}."),
    ] = PER_PAGE,
) -> PageRequest:
    return PageRequest(page, per_page)


Paging = Annotated[PageRequest, Depends(page_request)]


def paged(
    items: Sequence[Item], paging: PageRequest, request: Request, response: Response
) -> list[Item]:
    """The page of ``items`` asked for, with the total and the neighbouring pages in headers."""
    total = len(items)
    response.headers["X-Total-Count"] = str(total)
    response.headers["Link"] = _links(request, paging.page, paging.per_page, total)
    start = (paging.page - 1) * paging.per_page
    return list(items[start : start + paging.per_page])


def _links(request: Request, page: int, per_page: int, total: int) -> str:
    last = max(1, -(-total // per_page))
    params = dict(request.query_params)
    links = []
    for relation, number in (("first", 1), ("prev", page - 1), ("next", page + 1), ("last", last)):
        if 1 <= number <= last:
            query = urlencode(params | {"page": number, "per_page": per_page})
            links.append(f'<{request.url.path}?{query}>; rel="{relation}"')
    return ", ".join(links)
