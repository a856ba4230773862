"""Board secretaries keep their own boards' registers from the web; nobody else can."""

# The sign-in limiter is one per process: these emails are used by no other test file.

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from joinedup.governance.boards import add_board
from joinedup.governance.decisions import decisions
from joinedup.governance.meetings import meetings
from joinedup.users import add_user
from joinedup.warehouse import Warehouse, init
from joinedup.web.app import create_app

PASSWORD = "correct horse battery"
KENT, ESSEX = "E10000016", "E10000012"
BOARD = "KENT-HWB"


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    init(tmp_path / "w.duckdb")
    with Warehouse.open(tmp_path / "w.duckdb", write=True) as opened:
        add_board(opened, BOARD, "Kent Health and Wellbeing Board", "hwb", council=KENT)
        for email, role, organisation in (
            ("hwb.secretary@kent.gov.uk", "board_secretary", KENT),
            ("hwb.secretary@essex.gov.uk", "board_secretary", ESSEX),
            ("registers.analyst@kent.gov.uk", "partner_analyst", KENT),
        ):
            add_user(
                opened,
                email,
                name=email.split("@")[0],
                role=role,
                organisation_key=organisation,
                password=PASSWORD,
            )
        yield opened


@pytest.fixture
def client(warehouse: Warehouse) -> TestClient:
    return TestClient(create_app(warehouse))


def token(client: TestClient, path: str = "/login") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found, "every form carries a CSRF token"
    return found[1]


def sign_in(client: TestClient, email: str) -> None:
    data = {"email": email, "password": PASSWORD, "csrf": token(client)}
    assert client.post("/login", data=data, follow_redirects=False).status_code == 303


def post(client: TestClient, form: str, **fields: str) -> object:
    data = {"csrf": token(client, f"/registers/boards/{BOARD}"), **fields}
    return client.post(f"/registers/boards/{BOARD}/{form}", data=data, follow_redirects=False)


def test_a_secretary_adds_a_meeting_a_decision_and_a_sign_off(
    client: TestClient, warehouse: Warehouse
) -> None:
    sign_in(client, "hwb.secretary@kent.gov.uk")
    assert BOARD in client.get("/registers").text
    response = post(client, "meetings", on="2025-03-31", title="March meeting")
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert [row["title"] for row in meetings(warehouse, BOARD)] == ["March meeting"]
    response = post(client, "decisions", title="Pool the reablement budget",
                    decision_type="budget_allocation", affected=KENT, on="2025-03-31")  # fmt: skip
    assert response.status_code == 303, response.text  # type: ignore[attr-defined]
    [decision] = decisions(warehouse, BOARD)
    assert decision["title"] == "Pool the reablement budget" and decision["affected"] == [KENT]
    response = post(client, "sign-offs", decision=str(decision["id"]), council=KENT,
                    signed_by="Kent Cabinet", on="2025-04-02", reference="Minute 12")  # fmt: skip
    assert response.status_code == 303  # type: ignore[attr-defined]
    page = client.get(f"/registers/boards/{BOARD}").text
    assert "March meeting" in page and "Kent Cabinet" in page and "Minute 12" in page


def test_bad_input_is_shown_on_the_form_and_nothing_is_stored(
    client: TestClient, warehouse: Warehouse
) -> None:
    sign_in(client, "hwb.secretary@kent.gov.uk")
    response = post(client, "meetings", on="31st of March", title="Typed wrongly")
    assert response.status_code == 422  # type: ignore[attr-defined]
    text = response.text  # type: ignore[attr-defined]
    assert "Nothing was stored" in text and "not a date" in text
    assert 'value="31st of March"' in text  # what was typed stays in the form
    response = post(client, "decisions", title="A decision", decision_type="budget_allocation",
                    affected="E99999999")  # fmt: skip
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert "E99999999" in response.text  # type: ignore[attr-defined]
    assert meetings(warehouse, BOARD) == [] and decisions(warehouse, BOARD) == []


@pytest.mark.parametrize("email", ["hwb.secretary@essex.gov.uk", "registers.analyst@kent.gov.uk"])
def test_others_get_403_on_every_page_and_form(client: TestClient, email: str) -> None:
    sign_in(client, email)
    assert client.get(f"/registers/boards/{BOARD}").status_code == 403
    data = {"csrf": token(client, "/"), "on": "2025-03-31"}
    response = client.post(f"/registers/boards/{BOARD}/meetings", data=data)
    assert response.status_code == 403


def test_a_form_without_its_token_is_refused(client: TestClient, warehouse: Warehouse) -> None:
    sign_in(client, "hwb.secretary@kent.gov.uk")
    response = client.post(
        f"/registers/boards/{BOARD}/meetings", data={"csrf": "forged", "on": "2025-03-31"}
    )
    assert response.status_code in (400, 403)
    assert meetings(warehouse, BOARD) == []


def test_anonymous_users_are_sent_to_sign_in(client: TestClient) -> None:
    response = client.get(f"/registers/boards/{BOARD}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    data = {"csrf": token(client), "on": "2025-03-31"}
    assert client.post(f"/registers/boards/{BOARD}/meetings", data=data).status_code == 401
