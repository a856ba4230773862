"""Pages already drawn, served before routing to anyone not signed in.

A page for someone not signed in is drawn once per version of the data and kept in the figure
cache (``dependencies.page``). Serving it still went through routing, the route's dependencies
(each a turn on the thread pool), a warehouse connection opened and closed, and the route's own
look-ups of the figures it shows: some 2 ms of the server's one Python thread a request, more
than twice what the API's ``/about`` costs, when the page itself was ready.

So ``page`` notes, for the address as asked (path and query string), under which key it kept
the page, and this middleware answers a later GET of that address from the cache with what the
route would answer at once: the page kept at the data's current version or, while one request
draws it afresh through its route after a write, the previous one; the same bytes and headers.
Anything else goes on to the app as before: a signed-in session or a bearer token, an address
not drawn yet, and worker processes, whose requests each read the newest snapshot (their
version is known only once the request has its own view).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from threading import Lock

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from joinedup.warehouse import Warehouse
from joinedup.web.figure_reads import reads
from joinedup.web.lookups import kept_version

#: Addresses remembered: as many as the cache holds figures (junk query strings each take one).
LIMIT = 4096
#: An address longer than this is not remembered (nor an API answer to it kept): no page
#: declares parameters that long, and 4,096 of the 16 KB a request line may hold would be 64 MB.
LONGEST_QUERY = 2048


class DrawnAddresses:
    """Which cache key holds the page drawn for each address (path and query string) asked,
    and which pages a request is drawing again after a write."""

    def __init__(self) -> None:
        self._keys: OrderedDict[tuple[str, bytes], Hashable] = OrderedDict()
        self._redrawing: set[Hashable] = set()
        self._lock = Lock()

    def note(self, path: str, query: bytes, key: Hashable) -> None:
        if len(path) + len(query) > LONGEST_QUERY:
            return
        with self._lock:
            self._keys[path, query] = key
            self._keys.move_to_end((path, query))
            while len(self._keys) > LIMIT:
                self._keys.popitem(last=False)

    def key(self, path: str, query: bytes) -> Hashable | None:
        with self._lock:
            return self._keys.get((path, query))

    def start_redrawing(self, key: Hashable) -> bool:
        """True for the one request that will draw this page again; False while another is."""
        with self._lock:
            if key in self._redrawing:
                return False
            self._redrawing.add(key)
            return True

    def done_redrawing(self, key: Hashable) -> None:
        with self._lock:
            self._redrawing.discard(key)


class DrawnPages:
    """Answers a GET for a page already drawn (see above).

    Sits inside the session middleware (it reads the session to know nobody is signed in) and
    inside the security headers and access log, which every answer still passes through.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = _drawn(scope) if scope["type"] == "http" else None
        if found is None:
            await self.app(scope, receive, send)
            return
        key, html, current = found
        addresses: DrawnAddresses = scope["app"].state.drawn_addresses
        if not current and addresses.start_redrawing(key):
            # This request draws the page afresh through its route; the others meanwhile are
            # answered the previous page, as the route itself would answer them.
            try:
                await self.app(scope, receive, send)
            finally:
                addresses.done_redrawing(key)
            return
        body = html.encode("utf-8")
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-length", str(len(body)).encode("latin-1")),
                    (b"content-type", b"text/html; charset=utf-8"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _drawn(scope: Scope) -> tuple[Hashable, str, bool] | None:
    """The page kept for this request's address, if it may have it: its key, its HTML, and
    whether it is of the data's current version."""
    # Read as the route reads it, so that the answer says it varies with the cookie (``Vary``),
    # as the route's does: a shared cache must not give a signed-in person this page.
    if scope["method"] != "GET" or "user_id" in HTTPConnection(scope).session:
        return None
    if any(name == b"authorization" for name, _ in scope["headers"]):
        return None
    state = scope["app"].state
    warehouse = state.warehouse
    if type(warehouse) is not Warehouse:  # none, or a worker's (see above)
        return None
    key = state.drawn_addresses.key(scope["path"], scope["query_string"])
    kept = None if key is None else state.figures.kept(key)
    if kept is None or not isinstance(kept[1], str):
        return None
    version, html = kept
    return key, html, version == kept_version(warehouse.version_of(reads(key)))
