"""An API answer drawn from figures is kept for people not signed in (``web.api_responses``):
the same body and headers again without routing, until a write changes what figures read; never
for a signed-in person or a token, nor for a route that draws no figures."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from joinedup.warehouse import Warehouse
from tests.demo_cache import copy_demo
from tests.routing import routed_paths

PASSWORD = "correct horse battery"
EMAIL = "answers.admin@example.org"
SUMMARY = "/api/v1/ledger/summary?system=E54000008"


@pytest.fixture
def served(demo_warehouse: Path, tmp_path: Path) -> Iterator[tuple[Any, Warehouse, list[str]]]:
    """A test client of the app on a copy of the demo, the warehouse it writes, and the paths
    its routes were asked."""
    from fastapi.testclient import TestClient

    from joinedup.users import add_user
    from joinedup.web.app import create_app

    path = copy_demo(demo_warehouse, tmp_path / "demo.duckdb")
    with Warehouse.open(path, write=True) as warehouse:
        add_user(warehouse, EMAIL, name="Admin", role="system_admin",
                 organisation_key=None, password=PASSWORD)  # fmt: skip
        app = create_app(warehouse, secret_key="k" * 40)
        routed = routed_paths(app)
        yield TestClient(app), warehouse, routed


def test_an_answer_drawn_from_figures_is_kept_until_a_write_changes_them(
    served: tuple[Any, Warehouse, list[str]],
) -> None:
    client, warehouse, routed = served
    first = client.get(SUMMARY)
    assert first.status_code == 200 and len(routed) == 1
    key = ("api_answer", "testserver", "/api/v1/ledger/summary", "system=E54000008")
    assert client.app.state.figures.kept(key) is not None
    again = client.get(SUMMARY)
    assert len(routed) == 1
    assert again.content == first.content
    assert {name: value for name, value in again.headers.items() if name != "date"} == {
        name: value for name, value in first.headers.items() if name != "date"
    }
    assert client.get(SUMMARY, headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    csv = client.get(SUMMARY + "&format=csv")  # another address: routed once
    assert csv.headers["content-type"].startswith("text/csv") and len(routed) == 2
    with warehouse.transaction(touches=["users"]):  # a sign-in: no figure reads accounts
        warehouse.set_meta("note", "users")
    client.get(SUMMARY)
    assert len(routed) == 2
    with warehouse.transaction(touches=["ledger"]):
        warehouse.set_meta("note", "ledger")
    client.get(SUMMARY)
    client.get(SUMMARY)
    assert len(routed) == 3


def test_answers_for_signed_in_people_tokens_and_figureless_routes_are_not_kept(
    served: tuple[Any, Warehouse, list[str]],
) -> None:
    client, _warehouse, routed = served
    assert client.get("/api/v1/about").status_code == 200
    figures = client.app.state.figures
    assert figures.kept(("api_answer", "testserver", "/api/v1/about", "")) is None
    client.get(SUMMARY, headers={"Authorization": "Bearer not-a-token"})
    client.get(SUMMARY, headers={"Authorization": "Bearer not-a-token"})
    assert len(routed) == 2
    form = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token
    client.post("/login", data={"email": EMAIL, "password": PASSWORD, "csrf": token[1]})
    routed.clear()
    client.get(SUMMARY)
    client.get(SUMMARY)
    assert len(routed) == 2


def test_an_answer_to_an_address_too_long_for_any_route_is_not_kept(
    served: tuple[Any, Warehouse, list[str]],
) -> None:
    client, _warehouse, routed = served
    junk = SUMMARY + "&utm_source=" + "x" * 3000
    client.get(junk)
    client.get(junk)
    assert len(routed) == 2
