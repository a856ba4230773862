"""Every API route fuzzed from the OpenAPI document (schemathesis): no 5xx, whatever is sent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from joinedup.warehouse import Warehouse
from joinedup.web.app import create_app


@pytest.fixture(scope="module")
def app(demo_warehouse: Path, demo_figures: Any) -> Iterator[Any]:
    with Warehouse.open(demo_warehouse) as warehouse:
        app = create_app(warehouse)
        app.state.figures = demo_figures  # figures drawn by other tests are not drawn again
        yield app


def test_no_route_fails_with_a_server_error(app: Any) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        def call(case: Any) -> None:
            response = case.call()
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path}: {response.status_code} {response.text}"
            )

        call()
