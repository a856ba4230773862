"""Search for a system, a council or a place: a page that works without JavaScript (a plain GET
form) and the same results in the API. Only the shipped reference names are searched."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from joinedup.reference.search import MAX_QUERY, Match, search
from joinedup.web.dependencies import CurrentUser, page
from joinedup.web.paging import Paging, paged

router = APIRouter()


class SearchResult(BaseModel):
    """A system, council or place matching the search, and the page that shows it."""

    kind: Literal["system", "council", "place"]
    code: str
    name: str
    context: str
    url: str


def results(query: str) -> list[SearchResult]:
    return [_result(match) for match in search(query)]


def _result(match: Match) -> SearchResult:
    return SearchResult(
        kind=match.kind,
        code=match.code,
        name=match.name,
        context=match.context,
        url=match.url,
    )


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, user: CurrentUser, q: str = "") -> HTMLResponse:
    query = q[:MAX_QUERY]
    return page(
        request, "search.html", user=user, query=query, results=results(query) if query else []
    )


@router.get("/api/v1/search", tags=["structure"])
def search_api(
    request: Request,
    response: Response,
    paging: Paging,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="Words or a code")],
) -> list[SearchResult]:
    """Systems, councils and places (local authority districts) whose name or code matches,
    best first, each with the URL of its page (a place's council)."""
    return paged(results(q), paging, request, response)
