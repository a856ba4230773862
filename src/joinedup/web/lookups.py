"""What several routers share: finding an area by any of its codes, the warehouse or a 404, the
server's figure cache, and values as JSON can carry them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from fastapi import HTTPException, Request

from joinedup.data_topics import EVERYTHING
from joinedup.errors import JoinedUpError
from joinedup.reference import UnknownCode
from joinedup.warehouse import DataVersions, Warehouse
from joinedup.web.figure_reads import reads

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


def kept_version(topics_version: tuple[int, ...]) -> tuple[Any, ...]:
    """The version a figure is kept under: today's date (some figures count from today: who
    has served for years, what is current, an agenda's last twelve months), then the version of
    the topics it reads."""
    return (date.today().isoformat(), *topics_version)


def cached(request: Request, key: Any, compute: Callable[[], T]) -> T:
    """A figure computed once per version of the data it reads (see ``web.cache`` and
    ``web.figure_reads``); a JoinedUpError (an unknown code, a metric without values) is the
    caller's 404."""
    # The request's own view of the warehouse (``dependencies.warehouse_connection``): beside
    # worker processes, the version of the snapshot this request reads.
    db: Warehouse | None = getattr(request.state, "warehouse", None) or (
        request.app.state.warehouse
    )
    figures = request.app.state.figures
    # Every figure is drawn afresh on a new day, whatever was written (``kept_version``).
    try:
        if db is None:
            return figures.get(key, compute, kept_version(()))  # type: ignore[no-any-return]
        topics = reads(key)
        version = db.version_of(topics)
        request.state.drew_figures = True  # its API answer may be kept (web.api_responses)
        started: DataVersions | None = getattr(request.state, "versions", None)
        everything_read = EVERYTHING if topics is None else topics

        def drawn_from_previous() -> bool:
            # A figure may be drawn from one this request was served as the previous version's
            # (a page, a chart of a record): a figure drawn from another reads all it reads
            # (``figure_reads``).
            previous: list[frozenset[str]] = getattr(request.state, "previous_reads", [])
            return any(stale <= everything_read for stale in previous)

        def keep() -> bool:
            # Not kept as this version's: a figure whose data changed since the request began
            # (it may be drawn from what the request read before), nor one that may be drawn
            # from a figure served as the previous version's.
            return (
                (started is None or started.of(topics) == version)
                and not drawn_from_previous()
                and db.version_of(topics) == version
            )

        def served_previous() -> None:
            previous: list[frozenset[str]] = getattr(request.state, "previous_reads", [])
            # A figure the table does not name could be drawn into any other.
            request.state.previous_reads = [*previous, frozenset() if topics is None else topics]

        # A request that began before a write to what this figure reads, or that already shows
        # previous figures of it, takes this one's previous version too, rather than drawing
        # one that could not be kept: after an upload, the 50 requests under way when it was
        # stored each drew the page's figures again in turn, none of them kept (the system
        # page's p95 during uploads: 2.6x the baseline's). It is as if they were answered just
        # before the write; the first request begun after it computes the new figures.
        began_before_write = started is not None and started.of(topics) != version
        return figures.get(  # type: ignore[no-any-return]
            key,
            compute,
            kept_version(version),
            keep,
            served_previous,
            previous_will_do=began_before_write or drawn_from_previous(),
        )
    except JoinedUpError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None


def default_threshold(request: Request) -> int:
    """Counts of people from 1 to this are withheld unless a metric sets its own."""
    threshold: int = request.app.state.default_threshold
    return threshold
