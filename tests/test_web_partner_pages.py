"""A partner analyst does on the web what the command line offers them: downloads the
submission template, sees their own organisation's submissions and the data-quality findings
about it, and nothing of another council's."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from joinedup.ledger.submission import submit
from joinedup.users import add_user
from joinedup.warehouse import Warehouse, init
from joinedup.web.app import create_app

PASSWORD = "correct horse battery"
KENT, ESSEX = "E10000016", "E10000012"
CSV = (
    "financial_year,system,council,spending_type,funding_source,pooled,amount,description\n"
    ",,,asc_home_care,council_core,,1000,\n,,,asc_day_care,council_core,,250.50,\n"
)


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    init(tmp_path / "w.duckdb")
    with Warehouse.open(tmp_path / "w.duckdb", write=True) as opened:
        for place, code in (("kent", KENT), ("essex", ESSEX)):
            add_user(opened, f"analyst@{place}.pages.example.org", name=f"{place} analyst",
                     role="partner_analyst", organisation_key=code, password=PASSWORD)  # fmt: skip
        add_user(opened, "admin@pages.example.org", name="Admin", role="system_admin",
                 organisation_key=None, password=PASSWORD)  # fmt: skip
        for place, code, year in (("kent", KENT, "2023-24"), ("kent", KENT, "2024-25"),
                                  ("essex", ESSEX, "2024-25")):  # fmt: skip
            file = tmp_path / f"{place}-{year}.csv"
            file.write_text(CSV)
            submit(opened, file, code, year, submitted_by=f"analyst@{place}.pages.example.org")
        yield opened


def signed_in(warehouse: Warehouse, email: str) -> TestClient:
    from joinedup.web import auth, partners

    partners.limiter = auth.LoginLimiter()  # the sign-in limit is the process's
    client = TestClient(create_app(warehouse))
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token
    answer = client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf": token[1]},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    return client


def test_a_partner_downloads_the_template_of_their_own_organisation(
    warehouse: Warehouse,
) -> None:
    client = signed_in(warehouse, "analyst@kent.pages.example.org")
    response = client.get("/ledger/template", params={"year": "2025-26"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert f"joinedup-spend-{KENT}-2025-26.xlsx" in response.headers["content-disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert "Spend" in workbook.sheetnames
    header = [cell.value for cell in workbook["Spend"][1]]
    assert "spending_type" in header and "amount" in header
    # The same workbook for scripts, and never another council's.
    assert client.get("/api/v1/ledger/template", params={"year": "2025-26"}).status_code == 200
    other = client.get("/ledger/template", params={"year": "2025-26", "organisation": ESSEX})
    assert other.status_code == 403
    assert client.get("/ledger/template", params={"year": "20x5"}).status_code == 400


def test_a_partner_sees_only_their_own_submissions(warehouse: Warehouse) -> None:
    client = signed_in(warehouse, "analyst@kent.pages.example.org")
    page = client.get("/ledger/submissions")
    assert page.status_code == 200
    table = page.text.split('id="submissions"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td class=\"num\">(\d+)</td><td>(\d{4}-\d{2})</td>", table)
    assert [year for _, year in rows] == ["2024-25", "2023-24"]  # newest first
    assert "analyst@kent.pages.example.org" in table and "essex" not in table
    assert "£1,250.50" in table and "current" in table
    assert "Download the template" in page.text and 'href="/ledger/quality"' in page.text
    assert client.get("/ledger/submissions", params={"organisation": ESSEX}).status_code == 403
    assert client.get("/").text.count('href="/ledger/submissions"') == 1


def test_an_administrator_names_the_organisation_and_anonymous_signs_in(
    warehouse: Warehouse,
) -> None:
    admin = signed_in(warehouse, "admin@pages.example.org")
    page = admin.get("/ledger/submissions", params={"organisation": ESSEX})
    assert page.status_code == 200 and "analyst@essex.pages.example.org" in page.text
    assert admin.get("/ledger/submissions").status_code == 400  # whose?
    anonymous = TestClient(create_app(warehouse))
    answer = anonymous.get("/ledger/submissions", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    assert anonymous.get("/api/v1/ledger/template", params={"year": "2025-26"}).status_code == 401


def test_quality_findings_are_scoped_to_the_organisation() -> None:
    from joinedup.ledger.partner import quality_about
    from joinedup.ledger.quality import Finding, ReturnNotReceived, StoredReport

    def finding(code: str, message: str) -> Finding:
        return Finding("outlier_year", code, code, "RSX", "2024-25", message)

    def report(number: int, name: str, **found: Any) -> StoredReport:
        return StoredReport.model_validate(
            {"id": number, "kind": "revenue-outturn", "file_name": name, "loaded_by": "me",
             "loaded_at": "2025-06-30T09:00:00", "reconciled": ["all"], "missing_returns": [],
             "findings": []} | found
        )  # fmt: skip

    essex_missing = ReturnNotReceived(
        code=ESSEX, name="Essex", financial_year="2024-25", status="not_received"
    )
    kent_far = finding(KENT, "Kent: far from last year")
    reports = [
        report(2, "RO.ods", missing_returns=[essex_missing],
               findings=[kent_far, finding(ESSEX, "Essex: far from peers")]),
        report(1, "ASC.csv"),
    ]  # fmt: skip
    kent = quality_about(reports, KENT)
    assert [found.id for found in kent] == [2]
    assert kent[0].findings == [kent_far]
    assert kent[0].missing_returns == []
    assert [item.message for item in quality_about(reports, ESSEX)[0].findings] == [
        "Essex: far from peers"
    ]
