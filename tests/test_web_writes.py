"""Writes run off the event loop and one at a time: a slow upload holds up nobody's reading,
and two uploads at once cannot interleave."""

# The sign-in limiter is one per process: this email is used by no other test file.

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from joinedup.ledger import submission
from joinedup.ledger.submission import history
from joinedup.users import add_user
from joinedup.warehouse import Warehouse, init
from joinedup.web.app import create_app

PASSWORD = "correct horse battery"
KENT = "E10000016"
EMAIL = "writes.analyst@kent.gov.uk"
CSV = (
    "financial_year,system,council,spending_type,funding_source,pooled,amount,description\n"
    ",,,asc_home_care,council_core,,{amount},\n"
)


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    init(tmp_path / "w.duckdb")
    with Warehouse.open(tmp_path / "w.duckdb", write=True) as opened:
        add_user(opened, EMAIL, name="Analyst", role="partner_analyst", organisation_key=KENT,
                 password=PASSWORD)  # fmt: skip
        yield opened


@pytest.fixture
def client(warehouse: Warehouse) -> Iterator[TestClient]:
    # One event loop for every request (as under uvicorn): a route that blocks it blocks all.
    with TestClient(create_app(warehouse)) as shared:
        token = _csrf(shared)
        data = {"email": EMAIL, "password": PASSWORD, "csrf": token}
        assert shared.post("/login", data=data, follow_redirects=False).status_code == 303
        yield shared


def _csrf(client: TestClient) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/ledger/submit").text)
    assert found
    return found[1]


def _upload(client: TestClient, token: str, amount: int) -> Any:
    return client.post(
        "/ledger/submit",
        data={"year": "2024-25", "csrf": token},
        files={"file": ("kent.csv", CSV.format(amount=amount), "text/csv")},
    )


def test_a_slow_upload_does_not_hold_up_other_requests(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from joinedup.core.files import read_table

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(1)  # a large workbook
        return read_table(*args, **kwargs)

    monkeypatch.setattr(submission, "read_table", slow)
    token = _csrf(client)
    with ThreadPoolExecutor(2) as pool:
        upload = pool.submit(_upload, client, token, 1000)
        time.sleep(0.2)  # the upload is being read
        started = time.monotonic()
        about = client.get("/api/v1/about")
        took = time.monotonic() - started
        assert upload.result().status_code == 200
    assert about.status_code == 200
    assert took < 0.5, f"/api/v1/about waited {took:.2f}s for the upload"


def test_two_uploads_at_once_are_stored_one_after_the_other(
    client: TestClient, warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    insert_rows = Warehouse.insert_rows

    def slow(self: Warehouse, *args: Any, **kwargs: Any) -> None:
        insert_rows(self, *args, **kwargs)
        time.sleep(0.5)  # inside the transaction: a second writer now would overlap it

    monkeypatch.setattr(Warehouse, "insert_rows", slow)
    token = _csrf(client)
    with ThreadPoolExecutor(2) as pool:
        responses = list(pool.map(lambda amount: _upload(client, token, amount), (100, 200)))
    assert [response.status_code for response in responses] == [200, 200]
    stored = history(warehouse, KENT)
    assert len(stored) == 2
    assert sorted(row.current for row in stored) == [False, True]
