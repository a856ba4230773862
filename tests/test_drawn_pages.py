"""Pages already drawn are answered before routing to anyone not signed in (``web.drawn_pages``):
the same bytes and headers as the route, never to a signed-in person or a token, redrawn by one
request after a write while the others get the page from before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from joinedup.warehouse import Warehouse
from tests.routing import routed_paths

PASSWORD = "correct horse battery"
EMAIL = "drawn.admin@example.org"


@pytest.fixture
def served(fresh_warehouse: Path) -> Iterator[tuple[Any, Warehouse, list[str]]]:
    """A test client of the app, the warehouse it writes, and the paths its routes were asked."""
    from fastapi.testclient import TestClient

    from joinedup.users import add_user
    from joinedup.web.app import create_app

    with Warehouse.open(fresh_warehouse, write=True) as warehouse:
        add_user(warehouse, EMAIL, name="Admin", role="system_admin",
                 organisation_key=None, password=PASSWORD)  # fmt: skip
        app = create_app(warehouse, secret_key="k" * 40)
        routed = routed_paths(app)
        yield TestClient(app), warehouse, routed


def write(warehouse: Warehouse, topic: str) -> None:
    with warehouse.transaction(touches=[topic]):
        warehouse.set_meta("note", f"a write to {topic}")


def test_a_page_drawn_once_is_answered_as_the_route_answered_it(
    served: tuple[Any, Warehouse, list[str]],
) -> None:
    client, _warehouse, routed = served
    first = client.get("/")
    assert first.status_code == 200 and routed == ["/"]
    again = client.get("/")
    assert routed == ["/"]  # not routed again
    assert again.content == first.content
    assert {name: value for name, value in again.headers.items() if name != "date"} == {
        name: value for name, value in first.headers.items() if name != "date"
    }
    assert again.headers["vary"] == "Cookie"  # a shared cache keeps it apart from signed-in pages
    # Another address (here a query the route does not read) is routed once, then kept too.
    client.get("/?utm_source=newsletter")
    client.get("/?utm_source=newsletter")
    assert routed == ["/", "/"]


def test_signed_in_people_and_tokens_always_reach_the_route(
    served: tuple[Any, Warehouse, list[str]],
) -> None:
    import re

    client, _warehouse, routed = served
    anonymous = client.get("/").text
    form = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token
    signed = client.post("/login", data={"email": EMAIL, "password": PASSWORD, "csrf": token[1]})
    assert signed.status_code == 200
    routed.clear()
    page = client.get("/")
    assert routed == ["/"] and page.text != anonymous and "Sign out" in page.text
    client.cookies.clear()
    routed.clear()
    client.get("/", headers={"Authorization": "Bearer not-a-token"})
    assert routed == ["/"]


def test_after_a_write_one_request_redraws_while_the_others_get_the_page_before(
    served: tuple[Any, Warehouse, list[str]],
) -> None:
    client, warehouse, routed = served
    before = client.get("/").text
    addresses = client.app.state.drawn_addresses
    key = addresses.key("/", b"")
    assert key is not None
    write(warehouse, "users")  # a sign-in: no page reads accounts
    client.get("/")
    assert routed == ["/"]
    write(warehouse, "ledger")
    assert addresses.start_redrawing(key)  # as if another request were drawing it now
    assert client.get("/").text == before
    assert routed == ["/"]
    addresses.done_redrawing(key)
    client.get("/")  # this one draws it afresh
    client.get("/")
    assert routed == ["/", "/"]


def test_an_address_too_long_to_be_a_page_is_not_remembered(
    served: tuple[Any, Warehouse, list[str]],
) -> None:
    """A crawler's long junk queries would each hold their bytes among the remembered addresses."""
    client, _warehouse, routed = served
    junk = "/?utm_source=" + "x" * 3000
    client.get(junk)
    client.get(junk)
    assert routed == ["/", "/"]
