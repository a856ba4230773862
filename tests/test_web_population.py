"""Population health on the system and council pages and in the open API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from joinedup.publish.disclosure import is_disclosive
from joinedup.warehouse import Warehouse, init
from joinedup.web.app import create_app

CHESHIRE_AND_MERSEYSIDE, ESSEX = "E54000008", "E10000012"


@pytest.fixture(scope="module")
def client(demo_app: Any) -> TestClient:
    return TestClient(demo_app)


def test_the_system_page_shows_segments_places_and_a_described_chart(client: TestClient) -> None:
    page = client.get(f"/systems/{CHESHIRE_AND_MERSEYSIDE}").text
    section = page[page.index('id="population-heading"') :]
    assert "People and cost by population segment" in section
    assert "Complex multimorbidity" in section and "Healthy" in section
    assert "synthetic demonstration data" in section
    assert "<svg" in section and 'role="img" aria-label="Bar chart: ' in section
    assert "Wirral" in section  # a place of the system, by name
    assert "<title>NHS Cheshire and Merseyside ICB · JoinedUp</title>" in page


def test_a_council_in_three_systems_shows_its_part_of_each(client: TestClient) -> None:
    page = client.get(f"/councils/{ESSEX}").text
    places = page[page.index("By place") :]
    for name in ("Mid and South Essex", "Suffolk and North East Essex", "Hertfordshire"):
        assert name in places


def test_the_api_gives_the_same_figures_as_the_page(client: TestClient) -> None:
    found = client.get(f"/api/v1/population/areas/{CHESHIRE_AND_MERSEYSIDE}").json()
    area = found["area"]
    assert area["level"] == "system" and found["runs"][0]["synthetic"] is True
    page = client.get(f"/systems/{CHESHIRE_AND_MERSEYSIDE}").text
    for segment in area["segments"]:
        if segment["people"] is not None:
            shown = f'<th scope="row">{segment["label"]}</th>'
            row = page[page.index(shown) : page.index("</tr>", page.index(shown))]
            assert f"{segment['people']:,}" in row
    assert sum(place["people"] or 0 for place in found["places"]) <= area["people"]


def test_no_count_of_one_to_seven_people_leaves_through_the_api(client: TestClient) -> None:
    systems = client.get("/api/v1/systems").json()
    withheld = 0
    for found in systems:
        code = found["code"]
        record = client.get(f"/api/v1/population/areas/{code}").json()
        for area in (record["area"], *record["places"]):
            assert not is_disclosive(area["people"])
            for segment in area["segments"]:
                assert not is_disclosive(segment["people"])
                if segment["people"] is None:
                    withheld += 1
                    assert segment["cost"] is None and segment["per_1000"] == {}
        for dimension in ("age_band", "sex", "deprivation_decile"):
            rows = client.get(f"/api/v1/population/breakdowns/{code}?dimension={dimension}")
            assert all(not is_disclosive(row["people"]) for row in rows.json())
    assert withheld > 0, "the small demo sample has segments of fewer than 8 people"


def test_withheld_segments_show_a_star_on_the_page(client: TestClient) -> None:
    councils = client.get("/api/v1/councils", params={"per_page": 1000}).json()
    for found in councils:
        record = client.get(f"/api/v1/population/areas/{found['code']}").json()
        hidden = [s for s in record["area"]["segments"] if s["people"] is None]
        if hidden:
            break
    else:
        raise AssertionError("the small demo sample should withhold some council's segment")
    page = client.get(f"/councils/{found['code']}").text
    shown = f'<th scope="row">{hidden[0]["label"]}</th>'
    row = page[page.index(shown) : page.index("</tr>", page.index(shown))]
    assert '<td class="num">*<span class="visually-hidden"> withheld</span></td>' in row
    assert "£" not in row


def test_unknown_areas_and_dimensions(client: TestClient) -> None:
    assert client.get("/api/v1/population/areas/NOPE").status_code == 404
    assert client.get("/api/v1/population/breakdowns/QYG?dimension=shoe").status_code == 422


def test_a_warehouse_without_results_has_no_section(tmp_path: Path) -> None:
    init(tmp_path / "empty.duckdb")
    with Warehouse.open(tmp_path / "empty.duckdb") as warehouse:
        client = TestClient(create_app(warehouse))
        assert "population-heading" not in client.get(f"/systems/{CHESHIRE_AND_MERSEYSIDE}").text
        assert client.get(f"/api/v1/population/areas/{ESSEX}").status_code == 404
