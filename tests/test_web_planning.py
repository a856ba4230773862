"""The planner and local headroom on the web and in the API; saving a scenario from the form."""

# The sign-in limiter is one per process: these emails are used by no other test file.

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from joinedup.priorities.scenarios import load_scenarios
from joinedup.records.audit import history
from joinedup.users import add_user
from joinedup.warehouse import Warehouse
from joinedup.web.app import create_app

PASSWORD = "correct horse battery"
KENT_AND_MEDWAY, KENT, ESSEX = "E54000032", "E10000016", "E10000012"
ANALYST, OUTSIDER = "planner.analyst@kent.gov.uk", "planner.analyst@essex.gov.uk"
FORM = {
    "name": "From the web",
    "description": "Reablement",
    "from_partner": KENT_AND_MEDWAY,
    "from_type": "acute_non_elective",
    "to_partner": KENT,
    "to_type": "asc_reablement",
    "gbp_per_year": "1,000,000",
    "years": "3",
    "benefit_per_pound": "1.2",
}


def test_plan_api_matches_the_contract(demo_client: Any) -> None:
    response = demo_client.get(f"/api/v1/systems/{KENT_AND_MEDWAY}/plan")
    assert response.status_code == 200
    record = response.json()
    assert 0 < record["prevention_share"] < 1
    assert record["gbp_for_1pp"] == pytest.approx(record["total_spend"] / 100, abs=0.01)
    assert len(record["path"]) == 5
    for scenario in record["scenarios"]:
        assert scenario["npv"] == pytest.approx(sum(p["npv"] for p in scenario["partners"]))
        assert scenario["segments"]
    schema = demo_client.get("/api/v1/openapi.json").json()
    assert "Plan" in schema["components"]["schemas"]
    assert "Headroom" in schema["components"]["schemas"]


def test_headroom_api_and_the_system_page(demo_client: Any) -> None:
    record = demo_client.get("/api/v1/systems/QKS/headroom").json()  # by ODS code
    assert record["system"] == KENT_AND_MEDWAY
    assert 0 < record["local_share_of_spend"] < 1
    assert 0 < record["local_share_of_agenda"] < 1
    assert record["agenda_basis"] == "minutes"
    page = demo_client.get(f"/systems/{KENT_AND_MEDWAY}").text
    assert "Local headroom" in page
    assert f"{record['local_share_of_spend']:.1%}" in page


def test_planner_page_shows_the_goal_the_chart_and_the_scenarios(demo_client: Any) -> None:
    response = demo_client.get(f"/systems/{KENT_AND_MEDWAY}/plan")
    assert response.status_code == 200
    page = response.text
    record = demo_client.get(f"/api/v1/systems/{KENT_AND_MEDWAY}/plan").json()
    assert "<svg" in page and 'role="img" aria-label="Line chart.' in page
    assert "Reablement first" in page and "Healthy weight and NHS prevention" in page
    assert "Synthetic demonstration data" in page
    assert 'action="/systems/' not in page  # no form for someone not signed in
    millions = f"£{record['gbp_for_1pp'] / 1e6:.1f}m"
    assert millions in page


@pytest.fixture
def warehouse(demo_warehouse: Path, tmp_path: Path) -> Iterator[Warehouse]:
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_warehouse, path)
    with Warehouse.open(path, write=True) as opened:
        for email, organisation in ((ANALYST, KENT), (OUTSIDER, ESSEX)):
            add_user(opened, email, name=email, role="partner_analyst",
                     organisation_key=organisation, password=PASSWORD)  # fmt: skip
        yield opened


def _token(client: TestClient, path: str = "/login") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found
    return found[1]


def _signed_in(warehouse: Warehouse, email: str) -> TestClient:
    client = TestClient(create_app(warehouse))
    data = {"email": email, "password": PASSWORD, "csrf": _token(client)}
    assert client.post("/login", data=data, follow_redirects=False).status_code == 303
    return client


def test_an_analyst_saves_a_scenario_from_the_form(warehouse: Warehouse) -> None:
    client = _signed_in(warehouse, ANALYST)
    path = f"/systems/{KENT_AND_MEDWAY}/plan"
    token = _token(client, path)
    assert 'action="/systems/E54000032/plan/scenarios"' in client.get(path).text
    response = client.post(
        f"{path}/scenarios", data={**FORM, "csrf": token}, follow_redirects=False
    )
    assert response.status_code == 303, response.text[:500]
    saved = {s.name: s for s in load_scenarios(warehouse, KENT_AND_MEDWAY)}["From the web"]
    assert saved.saved_by == ANALYST
    assert saved.transfers[0].gbp_per_year == 1_000_000
    # Adding a second transfer to it keeps the first.
    second = {**FORM, "to_type": "asc_equipment_adaptations", "add": "true", "csrf": token}
    assert client.post(f"{path}/scenarios", data=second, follow_redirects=False).status_code == 303
    saved = {s.name: s for s in load_scenarios(warehouse, KENT_AND_MEDWAY)}["From the web"]
    assert [t.to_type for t in saved.transfers] == ["asc_reablement", "asc_equipment_adaptations"]
    log = history(warehouse, table="planning_scenarios", key=f"{KENT_AND_MEDWAY}/From the web")
    assert [entry["who"] for entry in log] == [ANALYST, ANALYST]
    api = client.get(f"/api/v1/systems/{KENT_AND_MEDWAY}/plan").json()
    assert "From the web" in {scenario["name"] for scenario in api["scenarios"]}


def test_without_the_token_or_the_right_nothing_is_saved(warehouse: Warehouse) -> None:
    path = f"/systems/{KENT_AND_MEDWAY}/plan/scenarios"
    client = _signed_in(warehouse, ANALYST)
    assert client.post(path, data={**FORM, "csrf": "forged"}).status_code == 403
    outsider = _signed_in(warehouse, OUTSIDER)
    refused = outsider.post(path, data={**FORM, "csrf": _token(outsider)})
    assert refused.status_code == 403
    anonymous = TestClient(create_app(warehouse))
    assert anonymous.post(path, data={**FORM, "csrf": _token(anonymous)}).status_code == 401
    names = {s.name for s in load_scenarios(warehouse, KENT_AND_MEDWAY)}
    assert "From the web" not in names


def test_a_bad_transfer_is_shown_on_the_form(warehouse: Warehouse) -> None:
    client = _signed_in(warehouse, ANALYST)
    path = f"/systems/{KENT_AND_MEDWAY}/plan"
    bad = {**FORM, "to_partner": KENT_AND_MEDWAY, "to_type": "acute_non_elective"}
    response = client.post(f"{path}/scenarios", data={**bad, "csrf": _token(client, path)})
    assert response.status_code == 422
    assert "Nothing was stored" in response.text and "to itself" in response.text
    assert 'value="From the web"' in response.text  # what was typed is kept
