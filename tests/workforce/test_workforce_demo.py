"""The workforce view of the demonstration warehouse, from the command line, the API and the
system page: synthetic system figures, labelled so, beside the real pay comparison."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from joinedup.cli import app
from joinedup.reference import systems
from joinedup.warehouse import Warehouse


def test_the_demo_nhs_vacancies_follow_the_published_levels(demo_warehouse: Path) -> None:
    with Warehouse.open(demo_warehouse) as warehouse:
        rows = warehouse.query(
            "SELECT area_type, area_code, period, value, synthetic FROM workforce_values "
            "WHERE measure = 'nhs_vacancy_rate'"
        )
    assert len(rows) == 42 * 3 + 3 and all(row["synthetic"] for row in rows)
    england = {r["period"]: r["value"] for r in rows if r["area_type"] == "england"}
    # Published: 9.7% (June 2022) and 7.5% (September 2024).
    assert abs(england["2022-23"] - 9.7) < 0.5 and abs(england["2024-25"] - 7.5) < 0.5
    region = {found.code: found.region_name for found in systems()}

    def mean(name: str) -> float:
        values = [
            r["value"]
            for r in rows
            if r["area_type"] == "system" and region[r["area_code"]] == name
        ]
        return sum(values) / len(values)

    assert mean("London") > mean("South West") * 1.4
    assert all(0 < r["value"] < 20 for r in rows)


def test_the_command_shows_a_systems_workforce_as_json(demo_warehouse: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["workforce", "show", "--system", "QYG", "--format", "json", "--db", str(demo_warehouse)],
    )
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["system"] == "E54000008" and record["synthetic"] is True
    by_id = {m["measure"]: m for m in record["measures"]}
    assert list(by_id) == ["asc_vacancy_rate", "asc_staff_turnover", "nhs_vacancy_rate"]
    assert all(m["status"] == "synthetic" and m["level"] == "system" for m in by_id.values())
    assert 4 < by_id["asc_vacancy_rate"]["value"] < 14
    assert 15 < by_id["asc_staff_turnover"]["value"] < 40
    with Warehouse.open(demo_warehouse) as warehouse:
        stored = warehouse.query(
            "SELECT value FROM workforce_values WHERE area_code = 'E54000008' AND period = ?",
            [by_id["nhs_vacancy_rate"]["period"]],
        )
    assert by_id["nhs_vacancy_rate"]["value"] == stored[0]["value"]
    assert record["pay"]["status"] == "published"
    assert all(figure["status"] == "published" for figure in record["national"])


def test_the_api_and_the_system_page(demo_client: TestClient) -> None:
    api: dict[str, Any] = demo_client.get("/api/v1/systems/QYG/workforce").json()
    assert api["name"] == "Cheshire and Merseyside" and len(api["measures"]) == 3
    assert demo_client.get("/api/v1/systems/NOPE/workforce").status_code == 404
    schema = demo_client.get("/api/v1/openapi.json").json()
    assert "Workforce" in schema["components"]["schemas"]
    assert "/api/v1/systems/{code}/workforce" in schema["paths"]
    page = demo_client.get("/systems/E54000008").text
    section = page[page.index('id="workforce"') :]
    assert "Vacancies and turnover, Cheshire and Merseyside and England" in section
    assert "synthetic" in section and "published" in section
    assert section.count('role="img"') >= 2 and "Bar chart. Social care vacancy rate" in section
    assert "£12.08" in section and "£23,615" in section
