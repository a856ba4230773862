"""Comparison pages: the 42 systems ranked on a ledger measure or a shared metric."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from joinedup.metrics.period import parse_period
from joinedup.metrics.values import MetricValue, store_values
from joinedup.warehouse import Warehouse
from joinedup.web.app import create_app
from tests.demo_cache import copy_demo

BANNER = "Synthetic demonstration data"


@pytest.fixture(scope="module")
def client(demo_app: Any) -> TestClient:
    return TestClient(demo_app)


def test_the_index_links_every_measure_and_metric(client: TestClient) -> None:
    page = client.get("/compare").text
    assert 'href="/compare/spend/prevention_share"' in page
    assert page.count('href="/compare/metrics/') == len(client.get("/api/v1/metrics").json())
    assert 'href="/compare"' in client.get("/").text  # in the site's navigation


def test_the_spend_page_ranks_42_systems_in_order(client: TestClient) -> None:
    page = client.get("/compare/spend/prevention_share").text
    table = page[page.index("<tbody>", page.index("ranked</caption>")) :]
    shares = [float(share) for share in re.findall(r'<td class="num">([\d.]+)%</td>', table)]
    assert len(shares) == 42
    assert shares == sorted(shares, reverse=True)
    # The ranked bars: one image, said in words, with the source under them.
    bars = page[page.index('role="img" aria-label="Prevention share of spend, ') :]
    assert "Bar chart of prevention share of spend (share of spend) for each system" in bars
    assert "Source: JoinedUp joint ledger (synthetic demonstration data)" in bars
    assert BANNER in page


def test_a_picked_system_is_shown_with_its_peers(client: TestClient) -> None:
    page = client.get("/compare/spend/pooled_per_head", params={"system": "QYG"}).text
    assert 'id="picked-heading">Cheshire and Merseyside' in page
    benchmark = client.get(
        "/api/v1/ledger/benchmark", params={"system": "QYG", "measure": "pooled_per_head"}
    ).json()
    assert f"Ranked {benchmark['england_rank']['rank']} of 42 in England" in page
    assert page.count('aria-current="true"') == 1
    peers = page[page.index("nearest peers (") : page.index("</table>", page.index("nearest"))]
    assert peers.count("<tr><td>") == len(benchmark["peers"])


def test_the_metric_page_shows_every_system_and_a_funnel(client: TestClient) -> None:
    page = client.get("/compare/metrics/discharge_usual_residence").text
    assert page.count('<td><a href="/systems/E54') == 42
    assert "<svg" in page and "funnel plot" in page
    api = client.get("/api/v1/metrics/discharge_usual_residence/compare").json()
    first = sorted(api["systems"], key=lambda row: row["name"])[0]
    assert first["name"] in page


def test_withheld_values_show_a_star_and_no_count(demo_warehouse: Path, tmp_path: Path) -> None:
    """Cheshire and Merseyside's latest discharge figure made 3 of 40: a count of people from 1
    to 7 is withheld on the page and in the API (the demo's own counts are all larger)."""
    metric, latest = "discharge_usual_residence", "Mar 2025"
    small = MetricValue(metric, "system", "E54000008", parse_period(latest), None, 3.0, 40.0)
    db = copy_demo(demo_warehouse, tmp_path / "small.duckdb")
    with Warehouse.open(db, write=True) as warehouse:
        store_values(warehouse, [small], source="test", file_name=None, file_sha256=None,
                     loaded_by="test", synthetic=True)  # fmt: skip
    with Warehouse.open(db) as warehouse:
        client = TestClient(create_app(warehouse))
        api = client.get(f"/api/v1/metrics/{metric}/compare").json()
        page = client.get(f"/compare/metrics/{metric}").text
    assert api["period"] == latest
    rows = {row["system"]: row for row in api["systems"]}
    assert rows["E54000008"]["withheld"] and rows["E54000008"]["numerator"] is None
    assert rows["E54000008"]["value"] is None
    assert [code for code, row in rows.items() if row["withheld"]] == ["E54000008"]
    name = rows["E54000008"]["name"]
    row = page[page.index(f">{name}</a>") : page.index("</tr>", page.index(f">{name}</a>"))]
    assert "withheld" in row and "3 of 40" not in row and not re.search(r"\d of \d", row)
    assert "7.5%" not in row


def test_unknown_measures_and_metrics_are_404(client: TestClient) -> None:
    response = client.get("/compare/spend/shoe_size")
    assert response.status_code == 404 and "prevention_share" in response.text
    assert client.get("/compare/metrics/shoe_size").status_code == 404
    assert client.get("/compare/spend/per_head", params={"system": "NOPE"}).status_code == 404
