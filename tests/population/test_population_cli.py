"""`joinedup population`: generate, check, segment (JSON on stdout), rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from joinedup.cli.population import app
from joinedup.warehouse import Warehouse, init

runner = CliRunner()


def test_generate_then_segment_prints_json_per_place_and_segment(tmp_path: Path) -> None:
    out = tmp_path / "pop"
    result = runner.invoke(
        app,
        ["generate", "--system", "E54000050", "--people", "500", "--seed", "2", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert {path.name for path in out.iterdir()} == {
        "persons.parquet",
        "events.parquet",
        "conditions.parquet",
    }
    result = runner.invoke(app, ["segment", "--input", str(out), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert records and {
        "system",
        "council",
        "segment",
        "people",
        "cost_in_hospital",
        "cost_out_of_hospital",
    } <= set(records[0])
    assert sum(record["people"] for record in records) == 500


def test_segment_stores_into_the_warehouse(tmp_path: Path, sample_directory: Path) -> None:
    db = tmp_path / "w.duckdb"
    init(db)
    for _ in range(2):
        result = runner.invoke(
            app,
            [
                "segment",
                "--input",
                str(sample_directory),
                "--format",
                "csv",
                "--into-warehouse",
                "--db",
                str(db),
            ],
        )
        assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("system,council,segment,people")
    from joinedup.population.results import current_attribution

    with Warehouse.open(db) as warehouse:
        runs = warehouse.query("SELECT id, superseded_at IS NULL AS current FROM population_runs")
        rows = current_attribution(warehouse, level="system")
        total = warehouse.query(
            "SELECT sum(cost_in_hospital + cost_out_of_hospital) AS cost FROM "
            "population_attribution WHERE run_id = 2 AND level = 'place'"
        )
        events = warehouse.query("SELECT events FROM population_runs WHERE id = 2")
    assert runs == [{"id": 1, "current": False}, {"id": 2, "current": True}]
    assert {row["run_id"] for row in rows} == {2}
    assert total[0]["cost"] > 0 and events[0]["events"] > 0


def test_bad_rows_are_counted_on_stderr_and_nothing_is_printed(
    write_population: Any, rows: Any
) -> None:
    source = write_population([rows.person("p1")], [rows.event("p1", "spa_day", -3)])
    result = runner.invoke(app, ["segment", "--input", str(source), "--format", "json"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "unknown_setting" in result.stderr and "Nothing was loaded" in result.stderr
    result = runner.invoke(app, ["check", "--input", str(source)])
    assert result.exit_code == 1 and "events.csv, row 2, field 'setting'" in result.stderr


def test_rules_prints_the_default_yaml() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    assert "Bridges to Health" in result.stdout and "end_of_life" in result.stdout


def test_help_names_the_options() -> None:
    result = runner.invoke(app, ["segment", "--help"], terminal_width=100)
    for option in ("--input", "--engine", "--rules", "--into-warehouse", "--format", "--db"):
        assert option in result.stdout
