"""Places, voice, boards that overlap and councils' feedback on the web and in the API: the
demo warehouse for what everyone sees, a small warehouse for the feedback form's writes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from joinedup.governance.feedback import open_round, submissions
from joinedup.governance.overlap import overlap
from joinedup.places.places import system_places
from joinedup.users import add_user
from joinedup.warehouse import Warehouse, init
from joinedup.web.app import create_app

PASSWORD = "correct horse battery"
KENT, MEDWAY = "E10000016", "E06000035"


def test_places_api_matches_the_library(demo_client: Any, demo_warehouse: Path) -> None:
    response = demo_client.get("/api/v1/places", params={"system": "QYG"})
    assert response.status_code == 200
    with Warehouse.open(demo_warehouse) as warehouse:
        expected = system_places(warehouse, "E54000008")
    found = response.json()
    assert [p["code"] for p in found] == [p["code"] for p in expected]
    assert {"code", "name", "councils", "delegations"} <= set(found[0])
    first = found[0]["delegations"][0]
    assert first["budget_gbp"] == float(expected[0]["delegations"][0]["budget"])
    delegations = demo_client.get("/api/v1/places/delegations", params={"system": "QYG"}).json()
    assert len(delegations) == sum(len(p["delegations"]) for p in expected)


def test_voice_and_overlap_api(demo_client: Any, demo_warehouse: Path) -> None:
    voice = demo_client.get("/api/v1/places/voice", params={"system": "E54000025"}).json()
    assert {row["code"] for row in voice["councils"]} == {"E10000012", "E10000015"}
    assert all(row["burden"]["boards"] >= 1 for row in voice["councils"])
    found = demo_client.get("/api/v1/governance/overlap", params={"system": "QYG"}).json()
    with Warehouse.open(demo_warehouse) as warehouse:
        expected = overlap(warehouse, "QYG")
    assert found["people_in_both_count"] == expected["people_in_both_count"]
    assert found["people_in_both_count"] == len(found["people_in_both"])
    assert [o["code"] for o in found["organisations_in_both"]] == [
        o["code"] for o in expected["organisations_in_both"]
    ]
    assert demo_client.get("/api/v1/places/voice", params={"system": "nowhere"}).status_code == 404


def test_the_api_describes_its_records(demo_client: Any) -> None:
    spec = demo_client.get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert {"Place", "Delegation", "SystemVoice", "Overlap", "FeedbackResults"} <= set(schemas)
    assert "people_in_both" in schemas["Overlap"]["properties"]


def test_pages_show_places_voice_overlap_and_feedback(demo_client: Any) -> None:
    places = demo_client.get("/systems/QYG/places").text
    assert "Places in Cheshire and Merseyside" in places and "Synthetic demonstration" in places
    assert re.search(r"£[0-9.]+m", places)  # budgets through the money format
    page = demo_client.get("/systems/QYG/overlap").text
    assert "<svg" in page and 'role="img" aria-label="Bar chart.' in page
    assert "Members (people)" in page and "Source: JoinedUp governance registers" in page
    feedback = demo_client.get("/systems/QKS/feedback").text
    assert "withheld" in feedback  # Kent and Medway has two councils: never three answers
    governance = demo_client.get("/systems/QYG/governance").text
    assert 'href="/systems/E54000008/overlap"' in governance
    assert 'href="/systems/E54000008/feedback"' in governance


@pytest.fixture
def client(tmp_path: Path) -> Iterator[tuple[TestClient, Warehouse]]:
    path = tmp_path / "w.duckdb"
    init(path)
    with Warehouse.open(path, write=True) as warehouse:
        open_round(warehouse, "QKS", "2024-25", "icb_chair")
        add_user(warehouse, "sec@kent.example", name="Kent secretary", role="board_secretary",
                 organisation_key=KENT, password=PASSWORD)  # fmt: skip
        yield TestClient(create_app(warehouse)), warehouse


def token(client: TestClient, url: str = "/login") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(url).text)
    assert found
    return found[1]


def sign_in(client: TestClient) -> None:
    data = {"email": "sec@kent.example", "password": PASSWORD, "csrf": token(client)}
    assert client.post("/login", data=data, follow_redirects=False).status_code == 303


RATINGS = {"engagement": "4", "listening": "3", "priorities": "2", "overall": "3"}


def test_a_secretary_gives_their_councils_feedback(
    client: tuple[TestClient, Warehouse],
) -> None:
    web, warehouse = client
    assert web.get("/feedback/rounds/1", follow_redirects=False).status_code == 303  # sign in
    sign_in(web)
    form = web.get("/feedback/rounds/1").text
    assert f'<option value="{KENT}"' in form and f'value="{MEDWAY}"' not in form
    data = {"csrf": token(web, "/feedback/rounds/1"), "council": KENT, **RATINGS,
            "comments": "Papers come late"}  # fmt: skip
    response = web.post("/feedback/rounds/1", data=data, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/systems/E54000032/feedback?submitted=1"
    stored = submissions(warehouse, 1)
    assert [(r["council"], r["engagement"], r["comments"], r["submitted_by"]) for r in stored] == [
        (KENT, 4, "Papers come late", "sec@kent.example")
    ]
    results = web.get("/api/v1/feedback/results", params={"system": "QKS"}).json()
    assert results["rounds"][0]["responded"] == 1
    assert results["rounds"][0]["means"]["engagement"] is None  # one answer: withheld
    # The form shows the council's earlier answer.
    assert "engagement 4" in web.get("/feedback/rounds/1").text


def test_without_the_forms_token_nothing_is_stored(client: tuple[TestClient, Warehouse]) -> None:
    web, warehouse = client
    sign_in(web)
    data = {"csrf": "forged", "council": KENT, **RATINGS}
    assert web.post("/feedback/rounds/1", data=data, follow_redirects=False).status_code == 403
    assert submissions(warehouse, 1) == []


def test_a_rating_off_the_scale_is_shown_on_the_form(client: tuple[TestClient, Warehouse]) -> None:
    web, warehouse = client
    sign_in(web)
    data = {"csrf": token(web, "/feedback/rounds/1"), "council": KENT, **RATINGS,
            "overall": "9"}  # fmt: skip
    response = web.post("/feedback/rounds/1", data=data, follow_redirects=False)
    assert response.status_code == 422
    assert "overall: rate from 1 to 5, not 9" in response.text
    assert submissions(warehouse, 1) == []


def test_a_closed_round_offers_no_form_link(client: tuple[TestClient, Warehouse]) -> None:
    web, warehouse = client
    open_round(warehouse, "QKS", "2023-24", "icb_chair", closes=date(2024, 3, 31))
    sign_in(web)
    page = web.get("/systems/QKS/feedback").text
    assert 'href="/feedback/rounds/1"' in page and 'href="/feedback/rounds/2"' not in page


def test_an_analyst_is_offered_no_form_and_refused_it(client: tuple[TestClient, Warehouse]) -> None:
    web, warehouse = client
    add_user(warehouse, "analyst@kent.example", name="Kent analyst", role="partner_analyst",
             organisation_key=KENT, password=PASSWORD)  # fmt: skip
    data = {"email": "analyst@kent.example", "password": PASSWORD, "csrf": token(web)}
    assert web.post("/login", data=data, follow_redirects=False).status_code == 303
    assert 'href="/feedback/rounds/1"' not in web.get("/systems/QKS/feedback").text
    assert web.get("/feedback/rounds/1").status_code == 403
