"""Which requests reached a route: for tests of what is answered before routing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import Request


def routed_paths(app: Any) -> list[str]:
    """The paths of the requests that reach a route reading the warehouse, from now on (every
    page and figure does; what is answered before routing does not)."""
    from joinedup.web.dependencies import warehouse_connection

    routed: list[str] = []

    def counted(request: Request) -> Iterator[Any]:
        routed.append(request.url.path)
        yield from warehouse_connection(request)

    app.dependency_overrides[warehouse_connection] = counted
    return routed
