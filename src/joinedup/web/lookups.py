"""What several routers share: finding an area by any of its codes, the warehouse or a 404, the
server's figure cache, and values as JSON can carry them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import HTTPException, Request

from joinedup.errors import JoinedUpError
from joinedup.reference import UnknownCode
from joinedup.warehouse import Warehouse

T = TypeVar("T")


def found(lookup: Callable[[str], T], key: str) -> T:
    """A reference record by any of its codes or names, or 404 with the closest matches."""
    try:
        return lookup(key)
    except UnknownCode as error:
        raise HTTPException(status_code=404, detail=str(error)) from None


def warehouse_or_404(db: Warehouse | None) -> Warehouse:
    if db is None:
        raise HTTPException(status_code=404, detail="This server has no warehouse.")
    return db


def cached(request: Request, key: Any, compute: Callable[[], T]) -> T:
    """A figure computed once per version of the data (see ``web.cache``); a JoinedUpError
    (an unknown code, a metric without values) is the caller's 404."""
    try:
        shared = request.app.state.warehouse
        version = shared.data_version if shared is not None else 0
        return request.app.state.figures.get(key, compute, version)  # type: ignore[no-any-return]
    except JoinedUpError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None


def default_threshold(request: Request) -> int:
    """Counts of people from 1 to this are withheld unless a metric sets its own."""
    threshold: int = request.app.state.default_threshold
    return threshold
