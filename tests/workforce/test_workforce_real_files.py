"""The workforce view on a real published file: LG Inform's download of Skills for Care staff
turnover by council (2023/24), loaded with JoinedUp's importer, gives each system's social care
turnover from its councils', marked published with its source."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from joinedup.cli import app
from joinedup.warehouse import Warehouse, init
from joinedup.workforce import system_workforce

TURNOVER = Path(__file__).resolve().parent / "real" / "lginform_17174_chart-16_turnover_excerpt.csv"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("workforce") / "real.duckdb"
    init(db)
    result = CliRunner().invoke(
        app, ["metrics", "import", "skills-for-care", str(TURNOVER), "--db", str(db)]
    )
    assert result.exit_code == 0, result.stderr
    return db


def measure(record: dict[str, Any], measure_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(m for m in record["measures"] if m["measure"] == measure_id)
    return found


def test_a_system_of_one_loaded_council_takes_its_turnover(loaded: Path) -> None:
    with Warehouse.open(loaded) as warehouse:
        record = system_workforce(warehouse, "Birmingham and Solihull")
    turnover = measure(record, "asc_staff_turnover")
    # Birmingham 29.8% (LG Inform, 2023/24); Solihull is not in the excerpt.
    assert turnover["value"] == 29.8 and turnover["period"] == "2023-24"
    assert turnover["level"] == "councils" and turnover["councils"] == ["Birmingham"]
    assert turnover["coverage"] == round(1_144_918 / 1_361_156, 4)
    assert turnover["status"] == "published"
    assert "lginform_17174_chart-16_turnover_excerpt.csv" in str(turnover["source"])
    # England's own row in the file, published.
    assert turnover["england"] == 24.8 and turnover["england_status"] == "published"
    assert record["synthetic"] is False


def test_a_merged_councils_old_code_and_the_other_measures(loaded: Path) -> None:
    with Warehouse.open(loaded) as warehouse:
        record = system_workforce(warehouse, "South Yorkshire")
    # Barnsley appears under its 2024 code E08000038; the reference data holds E08000016.
    assert measure(record, "asc_staff_turnover")["value"] == 18.6
    vacancies = measure(record, "asc_vacancy_rate")
    assert vacancies["value"] is None and vacancies["status"] == "no data"
    nhs = measure(record, "nhs_vacancy_rate")
    # Not published by system: no data for the system, England's published rate beside it.
    assert nhs["value"] is None and nhs["status"] == "no data"
    assert nhs["england"] == 7.5 and nhs["england_status"] == "published"
    assert "NHS Vacancy Statistics" in str(nhs["england_source"])


def test_the_cli_gives_the_same_record_as_json(loaded: Path) -> None:
    result = CliRunner().invoke(
        app, ["workforce", "show", "--system", "QOX", "--format", "json", "--db", str(loaded)]
    )
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    # QOX: Bath and North East Somerset, Swindon and Wiltshire; B&NES 25.2% in the file.
    assert record["system"] == "E54000040"
    assert measure(record, "asc_staff_turnover")["value"] == 25.2
    assert record["pay"]["status"] == "published"
