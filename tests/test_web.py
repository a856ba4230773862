from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from joinedup.warehouse import Warehouse
from joinedup.web.app import create_app

BANNER = "Synthetic demonstration data"


@pytest.fixture
def real_client(empty_warehouse: Path) -> Iterator[TestClient]:
    """A new warehouse: nothing synthetic in it (the session's, read only)."""
    with Warehouse.open(empty_warehouse) as warehouse:
        yield TestClient(create_app(warehouse))


def test_england_page_lists_42_systems(demo_client: TestClient) -> None:
    response = demo_client.get("/")
    assert response.status_code == 200
    assert response.text.count('<a href="/systems/E54') == 42  # the table; the map has 42 more
    assert BANNER in response.text


def test_banner_only_on_synthetic_warehouses(real_client: TestClient) -> None:
    assert BANNER not in real_client.get("/").text


def test_england_page_sorts_by_population(demo_client: TestClient) -> None:
    page = demo_client.get("/", params={"sort": "population", "order": "desc"}).text
    table = page[page.index("Integrated care systems, sortable by column") :]
    assert table.index("North East and North Cumbria") < table.index("Shropshire, Telford")


def test_system_and_council_pages(demo_client: TestClient) -> None:
    system = demo_client.get("/systems/E54000052")  # Surrey Heartlands' pre-2023 code
    assert system.status_code == 200 and "Surrey Heartlands" in system.text
    council = demo_client.get("/councils/E10000030")
    assert council.status_code == 200
    assert "Surrey Heartlands" in council.text and "Frimley" in council.text


def test_unknown_pages_are_404_with_suggestions(demo_client: TestClient) -> None:
    response = demo_client.get("/systems/NOPE")
    assert response.status_code == 404 and "Did you mean" in response.text
    assert demo_client.get("/api/v1/councils/NOPE").status_code == 404
    assert demo_client.get("/api/v1/councils", params={"system": "NOPE"}).status_code == 404


def test_api_matches_the_cli_records(demo_client: TestClient) -> None:
    from joinedup.jsonable import jsonable
    from joinedup.reference.records import council_records, system_records

    assert demo_client.get("/api/v1/systems").json() == jsonable(system_records())
    everything = {"per_page": 1000}
    answer = demo_client.get("/api/v1/councils", params=everything).json()
    assert answer == jsonable(council_records())
    about = demo_client.get("/api/v1/about").json()
    assert about["synthetic"] is True


def test_system_page_shows_joint_spend(demo_client: TestClient) -> None:
    page = demo_client.get("/systems/E54000008").text
    assert "Joint spend, 2024-25" in page and "Prevention" in page


def test_ledger_api(demo_client: TestClient) -> None:
    england = demo_client.get("/api/v1/ledger/summary").json()
    system = demo_client.get("/api/v1/ledger/summary", params={"system": "QYG"}).json()
    assert england["area_type"] == "england" and system["code"] == "E54000008"
    assert 0 < system["total_spend"] < england["total_spend"]
    ranked = demo_client.get(
        "/api/v1/ledger/benchmark", params={"system": "E54000008", "measure": "per_head"}
    ).json()
    assert ranked["england_rank"]["of"] == 42 and len(ranked["peers"]) == 10
    bad = demo_client.get("/api/v1/ledger/benchmark", params={"system": "QYG", "measure": "x"})
    assert bad.status_code == 404 and "per_head" in bad.json()["detail"]
    assert demo_client.get("/api/v1/ledger/summary", params={"year": "1999-00"}).status_code == 404


def test_system_page_shows_metrics(demo_client: TestClient) -> None:
    page = demo_client.get("/systems/E54000008").text
    assert "Shared metrics" in page and "Older people still at home 91 days" in page


def test_metrics_api_withholds_small_counts(demo_client: TestClient) -> None:
    definitions = demo_client.get("/api/v1/metrics").json()
    assert {d["id"] for d in definitions} >= {"falls_admissions_65_plus", "asc_vacancy_rate"}
    for area in ("E54000008", "E06000053", "E09000001"):  # a system, Scilly, the City
        for row in demo_client.get(f"/api/v1/metrics/areas/{area}").json():
            for key in ("numerator", "denominator"):
                assert row[key] is None or not 1 <= row[key] <= 7
            if row["withheld"]:
                assert row["value"] is None
    scilly = demo_client.get("/api/v1/metrics/areas/E06000053").json()
    assert any(row["withheld"] for row in scilly)  # 2,100 people: small counts are the rule
    compared = demo_client.get("/api/v1/metrics/discharge_usual_residence/compare").json()
    assert len(compared["systems"]) == 42
    assert demo_client.get("/api/v1/metrics/nope/compare").status_code == 404


def test_lists_come_a_page_at_a_time(demo_client: TestClient) -> None:
    first = demo_client.get("/api/v1/councils", params={"per_page": 50})
    assert len(first.json()) == 50 and first.headers["x-total-count"] == "153"
    assert 'rel="next"' in first.headers["link"] and 'rel="prev"' not in first.headers["link"]
    last = demo_client.get("/api/v1/councils", params={"per_page": 50, "page": 4})
    assert len(last.json()) == 3
    everything = demo_client.get("/api/v1/councils", params={"per_page": 1000}).json()
    assert [c["code"] for c in everything[:50]] == [c["code"] for c in first.json()]
    assert demo_client.get("/api/v1/councils", params={"per_page": 0}).status_code == 422


def test_csv_on_request(demo_client: TestClient) -> None:
    import csv
    import io

    systems = demo_client.get("/api/v1/systems", params={"format": "csv"})
    assert systems.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(systems.text)))
    assert len(rows) == 42 and rows[0]["code"].startswith("E54")
    compared = demo_client.get(
        "/api/v1/metrics/discharge_usual_residence/compare", params={"format": "csv"}
    )
    assert len(list(csv.DictReader(io.StringIO(compared.text)))) == 42


def test_etags(demo_client: TestClient) -> None:
    first = demo_client.get("/api/v1/systems/E54000008")
    tag = first.headers["etag"]
    again = demo_client.get("/api/v1/systems/E54000008", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    other = demo_client.get("/api/v1/systems/E54000034", headers={"If-None-Match": tag})
    assert other.status_code == 200


def test_governance_pages_and_api(demo_client: TestClient) -> None:
    page = demo_client.get("/systems/E54000008/governance")
    assert page.status_code == 200 and "Decisions and council oversight" in page.text
    assert "synthetic demonstration data" in page.text.lower()
    review = demo_client.get("/api/v1/governance/review", params={"system": "QYG"}).json()
    assert {"boards", "councils_without_voice"} <= set(review)
    board = review["boards"][0]
    assert board["councillor_share"] == pytest.approx(board["councillors"] / board["members"])
    decisions = demo_client.get("/api/v1/governance/decisions", params={"system": "QYG"}).json()
    assert decisions and all("missing_sign_offs" in d for d in decisions)
    appraisal = demo_client.get("/api/v1/priorities/appraisal", params={"system": "QYG"}).json()
    assert appraisal["interventions"][0]["partners"]
    assert (
        demo_client.get("/api/v1/governance/review", params={"system": "NOPE"}).status_code == 404
    )


def test_council_scrutiny_pack_from_the_web(demo_client: TestClient, demo_warehouse: Path) -> None:
    from joinedup.publish.reports import render_scrutiny_pack

    pdf = demo_client.get("/councils/E10000012/scrutiny-pack.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    page = demo_client.get("/councils/E10000012/scrutiny-pack.html")
    assert page.status_code == 200 and "Synthetic demonstration data" in page.text
    # The server hands the pack the population figures its pages keep: the same pack.
    with Warehouse.open(demo_warehouse) as warehouse:
        assert page.text == render_scrutiny_pack(warehouse, "E10000012", format="html")
    assert demo_client.get("/councils/NOPE/scrutiny-pack.pdf").status_code == 404


def test_about_answers_without_touching_the_shared_connection(demo_warehouse: Path) -> None:
    # Under load, many threads at once on the app's one connection failed; /about is the
    # load test's baseline, so it must read nothing from the warehouse per request.
    warehouse = Warehouse.open(demo_warehouse)
    client = TestClient(create_app(warehouse))
    warehouse.close()
    response = client.get("/api/v1/about")
    assert response.status_code == 200 and response.json()["synthetic"] is True


def test_the_health_check_answers_without_reading_the_warehouse(demo_client: TestClient) -> None:
    health = demo_client.get("/healthz").json()
    assert health["status"] == "ok" and health["warehouse"] is True


@pytest.mark.parametrize("path", ["/healthz", "/", "/systems/E54000008", "/api/v1/about"])
def test_head_is_answered_as_get_without_a_body(demo_client: TestClient, path: str) -> None:
    """Monitors and proxies ask HEAD (FastAPI's routes declare GET alone: they said 405)."""
    got = demo_client.get(path)
    head = demo_client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == got.headers["content-length"]
    assert head.headers["content-type"] == got.headers["content-type"]


def test_every_request_is_logged_as_one_json_line(
    demo_warehouse: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import json
    import logging

    from joinedup.web.operations import AccessLog

    with Warehouse.open(demo_warehouse) as warehouse:
        app = create_app(warehouse)
        app.add_middleware(AccessLog)
        with caplog.at_level(logging.INFO, logger="joinedup.access"):
            TestClient(app).get("/api/v1/systems?secret=typed-by-someone")
    [line] = [json.loads(r.getMessage()) for r in caplog.records if r.name == "joinedup.access"]
    assert line["path"] == "/api/v1/systems" and line["status"] == 200 and line["ms"] >= 0
    assert "secret" not in json.dumps(line)


@pytest.mark.parametrize("path", ["/no-such-page", "/systems/NOPE", "/councils/NOPE"])
def test_an_error_page_for_someone_not_signed_in_sets_no_cookie(
    demo_client: TestClient, path: str
) -> None:
    demo_client.cookies.clear()
    response = demo_client.get(path)
    assert response.status_code == 404
    assert "set-cookie" not in response.headers
