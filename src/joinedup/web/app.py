"""The FastAPI application: HTML pages for people, ``/api/v1`` for scripts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from joinedup import __version__
from joinedup.errors import JoinedUpError
from joinedup.reference import UnknownCode, vintage
from joinedup.reference.records import (
    council_detail,
    council_records,
    system_detail,
    system_records,
)
from joinedup.warehouse import Warehouse
from joinedup.web import partners, population
from joinedup.web.api_responses import ApiResponses
from joinedup.web.auth import session_secret
from joinedup.web.cache import FigureCache
from joinedup.web.dependencies import CurrentUser, Db
from joinedup.web.dependencies import page as render_page

HERE = Path(__file__).parent


def jsonable(value: Any) -> Any:
    """Dates and decimals as JSON can carry them (strings), recursively."""
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(value, custom_encoder={Decimal: str})


SORTABLE = ("code", "short_name", "region", "population")


def create_app(
    warehouse: Warehouse | None, default_threshold: int = 7, *, secure_cookies: bool = False
) -> FastAPI:
    """The app, reading ``warehouse`` (or only the shipped reference data when None).

    ``default_threshold``: counts of people from 1 to this are withheld from every page and API
    response, unless a metric sets its own.
    """
    synthetic = warehouse.synthetic if warehouse is not None else False
    app = FastAPI(
        title="JoinedUp",
        version=__version__,
        description="Joint reporting for England's integrated care systems.",
        docs_url="/api/docs",
        openapi_url="/api/v1/openapi.json",
    )
    from starlette.middleware.sessions import SessionMiddleware

    app.state.warehouse = warehouse
    app.state.default_threshold = default_threshold
    app.add_middleware(ApiResponses)
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(warehouse),
        session_cookie="joinedup_session",
        same_site="lax",
        https_only=secure_cookies,
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(
        synthetic=synthetic, version=__version__, reference_vintage=vintage()
    )
    app.state.templates = templates
    figures = app.state.figures = FigureCache()
    app.include_router(partners.router)
    app.include_router(population.router)

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        return render_page(request, name, **context)

    def ledger_summary(db: Warehouse | None, area_type: str, key: str, year: str | None) -> Any:
        from joinedup.ledger.figures import summary

        if db is None:
            raise HTTPException(status_code=404, detail="This server has no warehouse.")
        try:
            found: Any = figures.get(
                ("ledger_summary", area_type, key, year),
                lambda: summary(db, area_type, key, year),
            )
        except JoinedUpError as error:
            raise HTTPException(status_code=404, detail=str(error)) from None
        return found

    def optional_summary(db: Warehouse | None, area_type: str, key: str) -> Any:
        try:
            return ledger_summary(db, area_type, key, None)
        except HTTPException:
            return None

    def found(lookup: Any, key: str) -> dict[str, Any]:
        try:
            record: dict[str, Any] = lookup(key)
        except UnknownCode as error:
            raise HTTPException(status_code=404, detail=str(error)) from None
        return record

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def england(
        request: Request, user: CurrentUser, sort: str = "code", order: str = "asc"
    ) -> HTMLResponse:
        key = sort if sort in SORTABLE else "code"
        rows = sorted(system_records(), key=lambda row: row[key], reverse=order == "desc")
        return page(request, "england.html", systems=rows, sort=key, order=order, user=user)

    @app.get("/systems/{code}", response_class=HTMLResponse, include_in_schema=False)
    def system_page(request: Request, code: str, db: Db, user: CurrentUser) -> HTMLResponse:
        record = found(system_detail, code)
        spend = optional_summary(db, "system", record["code"])
        return page(
            request,
            "system.html",
            system=record,
            spend=spend,
            user=user,
            metrics=metric_rows(db, record["code"]),
            population=population.area_section(request, db, "system", record["code"]),
        )

    @app.get("/councils/{code}", response_class=HTMLResponse, include_in_schema=False)
    def council_page(request: Request, code: str, db: Db, user: CurrentUser) -> HTMLResponse:
        record = found(council_detail, code)
        spend = optional_summary(db, "council", record["code"])
        return page(
            request,
            "council.html",
            council=record,
            spend=spend,
            user=user,
            metrics=metric_rows(db, record["code"]),
            population=population.area_section(request, db, "council", record["code"]),
        )

    @app.get("/api/v1/systems", tags=["structure"])
    def systems_api() -> list[dict[str, Any]]:
        """Every integrated care system with its region, population and councils."""
        return system_records()

    @app.get("/api/v1/systems/{code}", tags=["structure"])
    def system_api(code: str) -> dict[str, Any]:
        """One system with each council's population share within it."""
        return found(system_detail, code)

    @app.get("/api/v1/councils", tags=["structure"])
    def councils_api(system: str | None = None) -> list[dict[str, Any]]:
        """Every upper-tier council, or those with population in ``system``."""
        try:
            return council_records(system)
        except UnknownCode as error:
            raise HTTPException(status_code=404, detail=str(error)) from None

    @app.get("/api/v1/councils/{code}", tags=["structure"])
    def council_api(code: str) -> dict[str, Any]:
        """One council with every system it belongs to."""
        return found(council_detail, code)

    @app.get("/api/v1/ledger/summary", tags=["ledger"])
    def ledger_summary_api(
        db: Db,
        system: str | None = None,
        council: str | None = None,
        year: Annotated[str | None, Query(description="Financial year, e.g. 2024-25")] = None,
    ) -> dict[str, Any]:
        """Headline spend of a system, a council area, or England when neither is given."""
        if system and council:
            raise HTTPException(status_code=422, detail="Give system or council, not both.")
        area_type = "system" if system else "council" if council else "england"
        result: dict[str, Any] = ledger_summary(db, area_type, system or council or "", year)
        return result

    @app.get("/api/v1/ledger/benchmark", tags=["ledger"])
    def ledger_benchmark_api(
        db: Db, system: str, measure: str, year: str | None = None
    ) -> dict[str, Any]:
        """A system's headline measure ranked across England and against its nearest peers."""
        from joinedup.ledger.comparison import benchmark

        if db is None:
            raise HTTPException(status_code=404, detail="This server has no warehouse.")
        try:
            result: dict[str, Any] = figures.get(
                ("benchmark", system, measure, year), lambda: benchmark(db, system, measure, year)
            )
            return result
        except JoinedUpError as error:
            raise HTTPException(status_code=404, detail=str(error)) from None

    def metric_rows(db: Warehouse | None, code: str) -> list[dict[str, Any]]:
        from joinedup.metrics.results import area_summary
        from joinedup.publish.figures import metric_rules, public_point

        if db is None:
            return []
        rows = figures.get(("area_summary", code), lambda: area_summary(db, code))
        return [
            public_point(
                row,
                metric_rules(row["disclosure_threshold"], default_threshold),
                proportion=row["method"] == "proportion",
            )
            for row in rows
        ]

    @app.get("/api/v1/metrics", tags=["metrics"])
    def metrics_api(db: Db) -> list[dict[str, Any]]:
        """The shared metrics: the national set and every system's local metrics."""
        from joinedup.metrics.catalogue import metrics
        from joinedup.metrics.definition import national_metrics

        found = metrics(db) if db is not None else national_metrics()
        return [definition.model_dump(mode="json") for definition in found.values()]

    @app.get("/api/v1/metrics/areas/{code}", tags=["metrics"])
    def area_metrics_api(db: Db, code: str) -> list[dict[str, Any]]:
        """The latest value of every metric for a system, council or England, against England,
        with SPC icons. Counts of 1 to 7 people (and what they would reveal) are withheld."""
        try:
            return metric_rows(db, code)
        except JoinedUpError as error:
            raise HTTPException(status_code=404, detail=str(error)) from None

    @app.get("/api/v1/metrics/{metric_id}/compare", tags=["metrics"])
    def compare_api(db: Db, metric_id: str, period: str | None = None) -> dict[str, Any]:
        """Every system's value for one period, against England, with funnel limits."""
        from joinedup.metrics.catalogue import metric
        from joinedup.metrics.results import compare
        from joinedup.publish.figures import metric_rules, public_compare

        if db is None:
            raise HTTPException(status_code=404, detail="This server has no warehouse.")
        try:
            definition = metric(db, metric_id)
            record = figures.get(
                ("compare", metric_id, period), lambda: compare(db, metric_id, period)
            )
        except JoinedUpError as error:
            raise HTTPException(status_code=404, detail=str(error)) from None
        rules = metric_rules(definition.disclosure_threshold, default_threshold)
        return public_compare(record, rules, proportion=definition.method == "proportion")

    def governance_records(db: Warehouse | None, system: str) -> dict[str, Any]:
        from joinedup.governance.decisions import check_decisions
        from joinedup.governance.review import review
        from joinedup.priorities.appraisal import appraise

        if db is None:
            raise HTTPException(status_code=404, detail="This server has no warehouse.")
        try:
            code = found(system_detail, system)["code"]
            record: dict[str, Any] = figures.get(
                ("governance", code),
                lambda: {
                    "review": review(db, code),
                    "decisions": check_decisions(db, system=code),
                    "appraisal": appraise(db, code),
                },
            )
        except JoinedUpError as error:
            raise HTTPException(status_code=404, detail=str(error)) from None
        return record

    @app.get("/api/v1/governance/review", tags=["governance"])
    def review_api(db: Db, system: str) -> dict[str, Any]:
        """The membership review of a system: councillors on each board, councils without a
        voice on the ICB, long service, the comparison with other systems, agenda focus."""
        result: dict[str, Any] = jsonable(governance_records(db, system)["review"])
        return result

    @app.get("/api/v1/governance/decisions", tags=["governance"])
    def decisions_api(db: Db, system: str) -> list[dict[str, Any]]:
        """A system's decisions with what the oversight rules say: missing council sign-offs,
        conflicts of interest, regard to the strategy."""
        result: list[dict[str, Any]] = jsonable(governance_records(db, system)["decisions"])
        return result

    @app.get("/api/v1/priorities/appraisal", tags=["priorities"])
    def appraisal_api(db: Db, system: str) -> dict[str, Any]:
        """Each intervention's net present value, whole and for each partner (who pays, who
        gains), with payback and sensitivity, by the Green Book method."""
        result: dict[str, Any] = jsonable(governance_records(db, system)["appraisal"])
        return result

    @app.get("/systems/{code}/governance", response_class=HTMLResponse, include_in_schema=False)
    def governance_page(request: Request, code: str, db: Db, user: CurrentUser) -> HTMLResponse:
        record = found(system_detail, code)
        return page(
            request,
            "governance.html",
            system=record,
            user=user,
            **governance_records(db, record["code"]),
        )

    @app.get("/councils/{code}/scrutiny-pack.{suffix}", include_in_schema=False)
    def scrutiny_pack(code: str, suffix: str, db: Db) -> Response:
        """The council's scrutiny pack, as PDF or HTML (counts of 1-7 people withheld)."""
        from joinedup.publish.reports import render_scrutiny_pack

        if suffix not in ("pdf", "html") or db is None:
            raise HTTPException(status_code=404, detail="Ask for scrutiny-pack.pdf or .html.")
        try:
            if suffix == "pdf":
                pdf = render_scrutiny_pack(db, code, format="pdf", threshold=default_threshold)
                return Response(pdf, media_type="application/pdf")
            html = render_scrutiny_pack(db, code, format="html", threshold=default_threshold)
        except JoinedUpError as error:
            raise HTTPException(status_code=404, detail=str(error)) from None
        return HTMLResponse(html)

    @app.get("/api/v1/about", tags=["about"])
    def about() -> dict[str, Any]:
        """The code version, reference data vintage and whether the data are synthetic."""
        return {"version": __version__, "reference_vintage": vintage(), "synthetic": synthetic}

    @app.exception_handler(HTTPException)
    async def not_found(request: Request, error: HTTPException) -> Any:
        from fastapi.responses import JSONResponse

        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code)
        return render_page(
            request, "error.html", status_code=error.status_code, message=error.detail
        )

    return app
