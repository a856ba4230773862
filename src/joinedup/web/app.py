"""The FastAPI application: HTML pages for people, ``/api/v1`` for scripts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from joinedup import __version__
from joinedup.reference import vintage
from joinedup.warehouse import Warehouse
from joinedup.web import (
    comparisons,
    governance,
    ledger,
    metrics,
    operations,
    partners,
    planning,
    population,
    published,
    registers,
    search,
    structure,
    submissions,
    workforce,
)
from joinedup.web.api_responses import ApiResponses
from joinedup.web.auth import session_secret
from joinedup.web.cache import FigureCache
from joinedup.web.decisions import router as decisions_router
from joinedup.web.dependencies import page as render_page
from joinedup.web.display import display_filters
from joinedup.web.drawn_pages import DrawnAddresses, DrawnPages
from joinedup.web.feedback import router as feedback_router
from joinedup.web.places import router as places_router
from joinedup.web.security import BodyLimit, SecurityHeaders, add_api_docs

HERE = Path(__file__).parent


def create_app(
    warehouse: Warehouse | None,
    default_threshold: int = 7,
    *,
    secure_cookies: bool = False,
    secret_key: str | None = None,
) -> FastAPI:
    """The app, reading ``warehouse`` (or only the shipped reference data when None).

    ``default_threshold``: counts of people from 1 to this are withheld from every page and API
    response, unless a metric sets its own. ``secret_key`` signs session cookies; without it the
    key file beside the warehouse is used (made on first use).
    """
    synthetic = warehouse.synthetic if warehouse is not None else False
    app = FastAPI(
        title="JoinedUp",
        version=__version__,
        description="Joint reporting for England's integrated care systems.",
        docs_url=None,  # served from our own files by add_api_docs: no CDN
        openapi_url="/api/v1/openapi.json",
    )
    from starlette.middleware.sessions import SessionMiddleware

    app.state.warehouse = warehouse
    app.state.default_threshold = default_threshold
    app.state.synthetic = synthetic
    app.add_middleware(ApiResponses)
    app.state.drawn_addresses = DrawnAddresses()
    app.add_middleware(DrawnPages)  # inside the session, which it reads
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(warehouse, secret_key),
        session_cookie="joinedup_session",
        same_site="lax",
        https_only=secure_cookies,
    )
    app.add_middleware(BodyLimit)
    app.add_middleware(operations.HeadAsGet)
    # Outermost, so every response gets the headers, whatever answered it.
    app.add_middleware(SecurityHeaders, hsts=secure_cookies)
    add_api_docs(app, "/api/v1/openapi.json")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(
        synthetic=synthetic, version=__version__, reference_vintage=vintage()
    )
    templates.env.filters.update(display_filters())
    app.state.templates = templates
    app.state.figures = FigureCache()
    app.include_router(operations.router)
    operations.answer_busy(app)
    app.include_router(partners.router)
    app.include_router(submissions.router)
    app.include_router(population.router)
    app.include_router(decisions_router)
    app.include_router(places_router)
    app.include_router(feedback_router)
    for module in (
        structure,
        search,
        ledger,
        published,
        metrics,
        governance,
        comparisons,
        registers,
        planning,
        workforce,
    ):
        app.include_router(module.router)

    # Starlette's exception, which FastAPI's extends: an address no route answers gets the
    # site's own page too (with a title, language and landmarks), not a bare JSON body.
    @app.exception_handler(StarletteHTTPException)
    async def not_found(request: Request, error: StarletteHTTPException) -> Any:
        from fastapi.responses import JSONResponse

        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code)
        message = error.detail
        if error.status_code == 404 and message == "Not Found":
            message = "There is no page at this address."
        return render_page(request, "error.html", status_code=error.status_code, message=message)

    return app
