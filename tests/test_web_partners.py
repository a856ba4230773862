"""Signing in, submitting spend through the web app, and who may see what."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from joinedup.users import add_user, create_token
from joinedup.warehouse import Warehouse, init
from joinedup.web.app import create_app

PASSWORD = "correct horse battery"
KENT, ESSEX = "E10000016", "E10000012"
HEADER = "financial_year,system,council,spending_type,funding_source,pooled,amount,description\n"


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    init(tmp_path / "w.duckdb")
    with Warehouse.open(tmp_path / "w.duckdb", write=True) as opened:
        add_user(
            opened,
            "analyst@kent.gov.uk",
            name="Kent Analyst",
            role="partner_analyst",
            organisation_key=KENT,
            password=PASSWORD,
        )
        yield opened


@pytest.fixture
def client(warehouse: Warehouse) -> TestClient:
    return TestClient(create_app(warehouse))


def csrf(client: TestClient, path: str = "/login") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found, "every form carries a CSRF token"
    return found[1]


def sign_in(client: TestClient, password: str = PASSWORD) -> int:
    response = client.post(
        "/login",
        data={"email": "analyst@kent.gov.uk", "password": password, "csrf": csrf(client)},
        follow_redirects=False,
    )
    return response.status_code


def test_anonymous_users_see_no_unpublished_data(client: TestClient) -> None:
    assert (
        client.get("/api/v1/ledger/submissions", params={"organisation": KENT}).status_code == 401
    )
    assert client.get("/ledger/submit", follow_redirects=False).status_code == 303


def test_a_partner_sees_only_their_own_organisation(client: TestClient) -> None:
    assert sign_in(client) == 303
    own = client.get("/api/v1/ledger/submissions", params={"organisation": KENT})
    assert own.status_code == 200 and own.json() == []
    for other in (ESSEX, "QYG", "NOPE"):
        response = client.get("/api/v1/ledger/submissions", params={"organisation": other})
        assert response.status_code == 403
    page = client.get("/").text
    assert "Kent Analyst" in page and "Sign out" in page


def test_upload_an_error_then_fix_it(client: TestClient) -> None:
    sign_in(client)
    token = csrf(client, "/ledger/submit")
    bad = HEADER + ",,,asc_home_care,council_core,,1000,\n,,,asc_home_care,council_core,,lots,\n"
    response = client.post(
        "/ledger/submit",
        data={"year": "2024-25", "csrf": token},
        files={"file": ("kent.csv", bad, "text/csv")},
    )
    assert response.status_code == 422
    shown = html.unescape(response.text)
    assert re.search(r"<td>3</td><td>amount</td><td>'lots' is not an amount", shown)
    good = HEADER + ",,,asc_home_care,council_core,,1000,\n,,,asc_day_care,council_core,,250,\n"
    response = client.post(
        "/ledger/submit",
        data={"year": "2024-25", "csrf": token},
        files={"file": ("kent.csv", good, "text/csv")},
    )
    assert response.status_code == 200
    assert 'id="total-spend">£1,250<' in response.text
    history = client.get("/api/v1/ledger/submissions", params={"organisation": KENT}).json()
    assert [row["current"] for row in history] == [True]
    # Money a number of pounds and times ISO 8601, as every other route and --format json.
    assert history[0]["total"] == 1250 and isinstance(history[0]["total"], float)
    assert datetime.fromisoformat(history[0]["submitted_at"]).year >= 2025
    assert "T" in history[0]["submitted_at"]


def test_a_partner_cannot_submit_for_another_organisation(client: TestClient) -> None:
    sign_in(client)
    response = client.post(
        "/ledger/submit",
        data={"year": "2024-25", "csrf": csrf(client, "/ledger/submit"), "organisation": ESSEX},
        files={"file": ("e.csv", HEADER + ",,,asc_home_care,council_core,,1,\n", "text/csv")},
    )
    assert response.status_code == 403


def test_forms_need_their_csrf_token(client: TestClient) -> None:
    response = client.post(
        "/login", data={"email": "analyst@kent.gov.uk", "password": PASSWORD, "csrf": "forged"}
    )
    assert response.status_code == 403


def test_failed_sign_ins_are_limited(client: TestClient) -> None:
    assert [sign_in(client, "wrong password!") for _ in range(5)] == [401] * 5
    assert sign_in(client) == 429


def test_scripts_use_tokens(client: TestClient, warehouse: Warehouse) -> None:
    token = create_token(warehouse, "analyst@kent.gov.uk", "test")
    headers = {"Authorization": f"Bearer {token}"}
    ok = client.get("/api/v1/ledger/submissions", params={"organisation": KENT}, headers=headers)
    assert ok.status_code == 200
    wrong = {"Authorization": "Bearer ju_forged"}
    assert (
        client.get(
            "/api/v1/ledger/submissions", params={"organisation": KENT}, headers=wrong
        ).status_code
        == 401
    )


def test_session_cookie_is_http_only(client: TestClient) -> None:
    response = client.get("/login")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_a_signed_in_page_is_never_served_to_anyone_else(
    warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    from joinedup.web import auth, partners

    # The sign-in limit is the process's: earlier tests' failures must not count here.
    monkeypatch.setattr(partners, "limiter", auth.LoginLimiter())
    app = create_app(warehouse)
    anonymous, analyst = TestClient(app), TestClient(app)
    before = anonymous.get("/councils/E10000016").text  # rendered once, then shared
    assert "Kent Analyst" not in before and 'name="csrf"' not in before
    assert sign_in(analyst) == 303
    own = analyst.get("/councils/E10000016").text
    assert "Kent Analyst" in own and 'name="csrf"' in own  # their own page, with their token
    after = anonymous.get("/councils/E10000016").text
    assert "Kent Analyst" not in after and after == before


def test_a_shared_page_is_rendered_once_per_version_of_the_data(
    warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(warehouse)
    templates = app.state.templates
    rendered: list[str] = []
    real = templates.get_template

    def counting(name: str) -> Any:
        rendered.append(name)
        return real(name)

    monkeypatch.setattr(templates, "get_template", counting)
    client = TestClient(app)
    for _ in range(3):
        assert client.get("/systems/E54000008").status_code == 200
    with warehouse.transaction():
        warehouse.set_meta("marker", "a write")
    client.get("/systems/E54000008")
    assert rendered.count("system.html") == 2
