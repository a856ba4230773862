"""What every route may ask for: the warehouse (through its own connection) and who is asking."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from joinedup.users import User
from joinedup.warehouse import Warehouse
from joinedup.web.auth import csrf_token, current_user


def warehouse_connection(request: Request) -> Iterator[Warehouse | None]:
    """The app's warehouse through this request's own connection (DuckDB wants one a thread)."""
    shared: Warehouse | None = request.app.state.warehouse
    if shared is None:
        yield None
        return
    view = shared.for_thread()
    # Figures are cached under the version of the data this view reads, and only if it did
    # not change during the request (``lookups.cached``).
    request.state.warehouse = view
    request.state.versions = view.versions()
    try:
        yield view
    finally:
        view.close()


Db = Annotated[Warehouse | None, Depends(warehouse_connection)]

#: Held around every change a route makes. Each thread writes through its own cursor, with its
#: own transaction: two at once would interleave (both taking the same next id, or superseding
#: the same submission) or fail to commit, so this process makes one change at a time. Reads
#: never take it. Re-entrant: a helper that writes (signing out) takes it itself, and a route
#: may hold it around that helper too.
write_lock = threading.RLock()


def signed_in(request: Request, db: Db) -> User | None:
    return current_user(request, db)


CurrentUser = Annotated[User | None, Depends(signed_in)]


#: Pages with forms for anyone (the token in them is the session's): never shared.
_OWN_FORMS = frozenset({"login.html", "submit.html", "registers.html", "registers_board.html"})


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A rendered page, with the signed-in user and a CSRF token for its forms.

    A page for someone not signed in carries nothing of theirs (the only form needing the token,
    sign-out, is for signed-in people), so its HTML is rendered once per version of the data and
    URL and served to every visitor from the figure cache.
    """
    templates = request.app.state.templates
    context.setdefault("user", None)
    context.setdefault("status_code", status_code)  # the error page says which
    anonymous = context["user"] is None and name not in _OWN_FORMS
    shared = anonymous and status_code == 200 and request.method == "GET"
    if not shared:
        # Someone not signed in has no form to send here but the pages' own: no token, so that
        # an error page (a mistyped address) sets no cookie.
        context["csrf_token"] = "" if anonymous else csrf_token(request)
        response: HTMLResponse = templates.TemplateResponse(
            request, name, context, status_code=status_code
        )
        return response
    from joinedup.web.lookups import cached

    context["csrf_token"] = ""
    key = ("page", name, str(request.url.path), declared_query(request))
    html: str = cached(
        request, key, lambda: templates.get_template(name).render({"request": request, **context})
    )
    # The next GET of this address is answered before routing while the page stays current.
    request.app.state.drawn_addresses.note(request.url.path, request.scope["query_string"], key)
    return HTMLResponse(html)


def declared_query(request: Request) -> tuple[tuple[str, str], ...]:
    """The query parameters the request's route declares, in a fixed order: what a page can
    depend on. A page is kept under them, not under the address as typed, so ``?utm_source=x``
    or parameters in another order are served the page already drawn rather than each taking a
    place of their own in the cache (the templates never read the request's address)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return tuple(request.query_params.multi_items())
    names = {parameter.alias for parameter in _query_parameters(dependant)}
    found = [(key, value) for key, value in request.query_params.multi_items() if key in names]
    return tuple(sorted(found, key=lambda item: item[0]))  # a list keeps its values' order


def _query_parameters(dependant: Any) -> list[Any]:
    """The query parameters of a route, with those of its dependencies."""
    found = list(dependant.query_params)
    for inner in dependant.dependencies:
        found += _query_parameters(inner)
    return found
