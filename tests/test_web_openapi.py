"""The OpenAPI document describes every route of the API: each one is in it, with a JSON schema
for its successful answer that says what is in it. The exceptions are listed with reasons."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Mount, Route

#: API routes whose answer is a file, not JSON: their media type is the description.
FILES = {
    "/api/v1/ledger/template": "the submission template as a CSV or XLSX download",
}

#: API routes that still answer with an untyped ``dict[str, Any]`` (an object with no named
#: properties). Issue 15 (item 2) gave each a typed record, so none is left: a route added with
#: an untyped answer fails this test.
UNTYPED: set[str] = set()

#: Routes of the web app (not the API) that are neither an HTML page nor a form's POST.
NOT_API = {
    "/api/docs": "Swagger UI's page for the document",
    "/api/v1/openapi.json": "the OpenAPI document itself",
    "/redoc": "ReDoc's page for the document",
    "/councils/{code}/scrutiny-pack.{suffix}": "the scrutiny pack as a PDF or HTML download",
    "/ledger/template": "the submission template as a CSV or XLSX download (a page's link)",
    "/static": "the site's CSS, scripts and images",
    "/static/swagger-ui": "Swagger UI's files, served locally",
}


def routes(found: list[BaseRoute]) -> Iterator[BaseRoute]:
    """Every route of the app, through the routers it includes."""
    for route in found:
        included = getattr(route, "original_router", None)  # FastAPI's included routers
        if included is not None:
            yield from routes(included.routes)
        else:
            yield route


def success_schema(operation: dict[str, Any]) -> dict[str, Any] | None:
    for status, response in operation.get("responses", {}).items():
        if status.startswith("2"):
            schema = response.get("content", {}).get("application/json", {}).get("schema")
            if schema:
                return dict(schema)
    return None


def describes(schema: dict[str, Any]) -> bool:
    """Whether a schema says what the answer holds (not {} nor an object of anything)."""
    if "$ref" in schema or "properties" in schema:
        return True
    if schema.get("type") == "array":
        return describes(schema.get("items", {}))
    if "anyOf" in schema or "oneOf" in schema:
        return all(describes(part) for part in schema.get("anyOf", schema.get("oneOf", [])))
    return schema.get("type") in ("string", "number", "integer", "boolean", "null")


def test_every_api_route_has_a_described_response(demo_client: TestClient) -> None:
    document = demo_client.get("/api/v1/openapi.json").json()
    api = [
        route
        for route in routes(demo_client.app.router.routes)  # type: ignore[attr-defined]
        if isinstance(route, APIRoute) and route.include_in_schema
    ]
    assert len(api) >= 30
    untyped, undescribed = set(), []
    for route in api:
        for method in route.methods:
            operation = document["paths"].get(route.path, {}).get(method.lower())
            assert operation is not None, f"{method} {route.path} is missing from the document"
            if route.path in FILES:
                continue
            schema = success_schema(operation)
            if schema is None:
                undescribed.append(f"{method} {route.path} has no JSON schema for success")
            elif not describes(schema):
                untyped.add(route.path)
    assert undescribed == []
    assert untyped - UNTYPED == set(), "these answer an untyped dict: give them a response model"
    assert UNTYPED - untyped == set(), "these are typed now: take them out of UNTYPED"
    assert set(FILES) <= {route.path for route in api}


def test_every_list_comes_a_page_at_a_time(demo_client: TestClient) -> None:
    """A route answering with a list declares ``page`` and ``per_page`` (joinedup.web.paging):
    a list added without them fails here."""
    document = demo_client.get("/api/v1/openapi.json").json()
    lists, unpaged = [], []
    for path, operations in document["paths"].items():
        operation = operations.get("get")
        schema = success_schema(operation) if operation else None
        if schema is None or schema.get("type") != "array":
            continue
        lists.append(path)
        declared = {parameter["name"]: parameter for parameter in operation["parameters"]}
        if not {"page", "per_page"} <= set(declared):
            unpaged.append(path)
            continue
        assert declared["page"]["schema"]["minimum"] == 1, path
        assert declared["per_page"]["schema"]["maximum"] == 1000, path
        assert declared["per_page"]["description"], path
    assert unpaged == []
    assert len(lists) >= 12 and "/api/v1/councils" in lists


def test_a_page_names_its_neighbours(demo_client: TestClient) -> None:
    answer = demo_client.get("/api/v1/metrics", params={"per_page": 4, "page": 2})
    everything = demo_client.get("/api/v1/metrics", params={"per_page": 1000}).json()
    assert answer.json() == everything[4:8]
    assert answer.headers["X-Total-Count"] == str(len(everything))
    links = answer.headers["Link"]
    assert 'per_page=4&page=1>; rel="first"' in links
    assert 'per_page=4&page=3>; rel="next"' in links
    assert demo_client.get("/api/v1/metrics", params={"page": 0}).status_code == 422
    assert demo_client.get("/api/v1/metrics", params={"per_page": 1001}).status_code == 422


def test_every_other_route_is_a_page_a_form_or_listed(demo_client: TestClient) -> None:
    unexplained = []
    for route in routes(demo_client.app.router.routes):  # type: ignore[attr-defined]
        if isinstance(route, APIRoute):
            if route.include_in_schema:
                continue
            page = route.response_class is HTMLResponse and route.methods == {"GET"}
            form = route.methods == {"POST"} and not route.path.startswith("/api/")
            if page or form or route.path in NOT_API:
                continue
        elif isinstance(route, Route | Mount) and route.path in NOT_API:
            continue
        unexplained.append(getattr(route, "path", repr(route)))
    assert unexplained == []


def test_the_document_names_its_paths(demo_client: TestClient) -> None:
    paths = demo_client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/systems" in paths and "/api/v1/councils/{code}" in paths
    assert not [path for path in paths if not path.startswith(("/api/v1/", "/healthz"))]
