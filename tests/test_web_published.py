"""Published figures on the web: real, marked published with their sources, beside synthetic."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from joinedup.warehouse import Warehouse
from joinedup.web.app import create_app


@pytest.fixture
def real_client(published_db: Path) -> Iterator[TestClient]:
    """A warehouse with the published files and nothing synthetic (the session's, read only)."""
    with Warehouse.open(published_db) as warehouse:
        yield TestClient(create_app(warehouse))


def test_a_system_page_shows_its_published_figures_with_missing_returns(
    demo_client: TestClient,
) -> None:
    page = demo_client.get("/systems/QHL").text
    assert "Published figures, 2024-25" in page and "published</span>" in page
    assert "Birmingham (E08000025): not received" in page
    assert "NHS England, ICB allocations (nhs_allocations_2023_2025.xlsx)" in page
    # The banner says which figures are real and which invented.
    assert "except figures marked <strong>published</strong>" in page


def test_a_council_page_accepts_either_code_and_shows_published_figures(
    demo_client: TestClient,
) -> None:
    page = demo_client.get("/councils/E08000038").text
    assert "<h1>Barnsley" in page and "Published figures, 2024-25" in page


def test_the_api_gives_published_figures_for_a_year_and_explains_other_years(
    demo_client: TestClient,
) -> None:
    record = demo_client.get("/api/v1/published", params={"system": "West Yorkshire"}).json()
    assert record["status"] == "published"
    assert record["streams"]["primary_medical_care"] == 477_053_000
    old = demo_client.get("/api/v1/published", params={"council": "E10000006", "year": "2022-23"})
    assert old.json()["name"] == "Cumbria County Council"
    later = demo_client.get("/api/v1/published", params={"council": "E10000006"})
    assert later.status_code == 404 and "Cumberland (E06000063)" in later.json()["detail"]
    assert demo_client.get("/api/v1/published", params={"year": "soon"}).status_code == 422


def test_a_warehouse_of_published_data_alone_has_no_synthetic_banner(
    real_client: TestClient,
) -> None:
    page = real_client.get("/").text
    assert "Synthetic demonstration data" not in page
    assert "Published figures, 2024-25" in page


def test_the_systems_rank_on_a_published_figure_with_missing_returns_marked(
    demo_client: TestClient,
) -> None:
    page = demo_client.get("/compare/published/adult_social_care_gbp").text
    assert page.count('<td><a href="/systems/E54') == 42  # the table (the map links them too)
    assert "Adult social care per head, 2024-25" in page and "Birmingham" in page
    earlier = demo_client.get("/compare/published/per_head_gbp", params={"year": "2022-23"}).text
    assert "no data" in earlier  # 2022-23 has outturn but no allocations: no total, no rank
    assert demo_client.get("/compare/published/nonsense").status_code == 404


def test_a_page_shows_another_years_published_figures_under_that_years_council(
    demo_client: TestClient,
) -> None:
    latest = demo_client.get("/councils/E06000065").text  # drawn and kept first
    assert "Published figures, 2024-25" in latest
    page = demo_client.get("/councils/E06000065", params={"year": "2022-23"}).text
    assert "Published figures, 2022-23: North Yorkshire County Council" in page
    assert '<a href="?year=2024-25#published-heading">2024-25</a>' in page


@pytest.mark.parametrize("year", ["1999-00", "zzz", "<script>alert(1)</script>"])
def test_a_page_asked_for_a_year_without_figures_says_so_over_the_latest(
    demo_client: TestClient, year: str
) -> None:
    page = demo_client.get("/systems/QHL", params={"year": year})
    assert page.status_code == 200
    assert "Published figures, 2024-25" in page.text
    assert "There are no published figures for" in page.text
    assert "<script>alert" not in page.text  # what was typed is escaped, and cut short
