from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from joinedup import __version__
from joinedup.cli import app

runner = CliRunner(env={"COLUMNS": "200"})

ENGLAND_CENSUS_2021 = 56_489_800


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    assert run("--version") == (0, f"joinedup {__version__}\n", "")


def test_systems_list_json_is_englands_42_systems() -> None:
    code, out, _ = run("systems", "list", "--format", "json")
    assert code == 0
    systems = json.loads(out)
    assert len(systems) == 42
    assert {"code", "name", "region", "population", "councils"} <= set(systems[0])
    total = sum(system["population"] for system in systems)
    assert abs(total - ENGLAND_CENSUS_2021) / ENGLAND_CENSUS_2021 < 0.005
    assert all(system["code"].startswith("E54") for system in systems)
    assert len({system["region"] for system in systems}) == 7


def test_councils_list_json_shares_add_up() -> None:
    code, out, _ = run("councils", "list", "--format", "json")
    assert code == 0
    councils = json.loads(out)
    assert len(councils) == 153
    assert {"code", "name", "type", "population", "systems"} <= set(councils[0])
    for council in councils:
        assert abs(sum(s["population_share"] for s in council["systems"]) - 1) < 0.001
    essex = next(c for c in councils if c["name"] == "Essex")
    assert len(essex["systems"]) == 3


def test_every_council_of_a_system_listing_is_in_that_system() -> None:
    code, out, _ = run("councils", "list", "--system", "E54000063", "--format", "json")
    assert code == 0
    councils = json.loads(out)
    assert {c["name"] for c in councils} >= {"Surrey"}
    assert all(any(s["code"] == "E54000063" for s in c["systems"]) for c in councils)


def test_csv_has_one_row_per_system_and_lists_in_one_cell() -> None:
    code, out, _ = run("systems", "list", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 42
    assert all(row["councils"].startswith("E") for row in rows)
    code, out, _ = run("councils", "list", "--format", "csv")
    hampshire = next(r for r in csv.DictReader(io.StringIO(out)) if r["name"] == "Hampshire")
    assert hampshire["systems"].count(";") == 1


def test_table_is_readable() -> None:
    code, out, _ = run("systems", "list", "--format", "table")
    assert code == 0
    assert "Cheshire and Merseyside" in out and "Population" in out


def test_default_format_off_a_terminal_is_csv() -> None:
    code, out, _ = run("systems", "list")
    assert code == 0 and out.startswith("code,name,")


@pytest.mark.parametrize("key", ["E54000064", "E54000053", "qnx", "NHS Sussex ICB", " sussex "])
def test_systems_show_accepts_codes_aliases_and_names(key: str) -> None:
    code, out, _ = run("systems", "show", key, "--format", "json")
    assert code == 0
    assert json.loads(out)["code"] == "E54000064"


def test_systems_show_unknown_code_exits_2_with_suggestions() -> None:
    code, out, err = run("systems", "show", "NOPE")
    assert code == 2
    assert out == ""
    assert "NOPE" in err and "Did you mean" in err
    assert len(err.strip().splitlines()) == 1


def test_councils_show_unknown_code_suggests_close_names() -> None:
    code, _, err = run("councils", "show", "Hampshir")
    assert code == 2 and "Hampshire" in err
    code, _, err = run("councils", "show", "Surey")
    assert code == 2 and "Surrey" in err


def test_council_spanning_systems_shows_every_system() -> None:
    code, out, _ = run("councils", "show", "North Yorkshire", "--format", "json")
    assert code == 0
    council = json.loads(out)
    assert len(council["systems"]) == 3
    assert all(membership["name"].startswith("NHS ") for membership in council["systems"])


def test_unknown_format_is_a_usage_error() -> None:
    code, _, err = run("systems", "list", "--format", "xml")
    assert code == 2 and "xml" in err


def test_init_backup_restore(tmp_path: Path) -> None:
    db = str(tmp_path / "w.duckdb")
    code, out, _ = run("init", "--db", db)
    assert code == 0 and "Created" in out
    code, out, _ = run("init", "--db", db)
    assert code == 0 and "up to date" in out
    code, out, _ = run("backup", str(tmp_path / "b.duckdb"), "--db", db)
    assert code == 0 and "Backed up" in out
    code, _, err = run("backup", str(tmp_path / "b.duckdb"), "--db", db)
    assert code == 1 and "already exists" in err
    code, out, _ = run("restore", str(tmp_path / "b.duckdb"), "--db", db, "--yes")
    assert code == 0 and "Restored" in out


def test_warehouse_errors_are_one_line(tmp_path: Path) -> None:
    code, out, err = run("backup", str(tmp_path / "b.duckdb"), "--db", str(tmp_path / "no.duckdb"))
    assert code == 1 and out == ""
    assert err.startswith("Error: There is no warehouse") and err.count("\n") == 1


def test_db_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOINEDUP_DB", str(tmp_path / "env.duckdb"))
    assert run("init")[0] == 0
    assert (tmp_path / "env.duckdb").exists()


def test_settings_shows_where_values_come_from(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOINEDUP_PORT", "8123")
    code, out, _ = run("settings", "--format", "json")
    assert code == 0
    port = next(row for row in json.loads(out) if row["name"] == "port")
    assert port["value"] == "8123" and port["environment"] == "JOINEDUP_PORT"


def test_installed_command_runs() -> None:
    result = subprocess.run(
        [Path(sys.executable).parent / "joinedup", "systems", "show", "NOPE"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "Unknown system 'NOPE'" in result.stderr


def test_help_imports_no_heavy_library() -> None:
    """`joinedup --help` stays fast because the verbs import heavy libraries only when run."""
    heavy = ("duckdb", "pydantic", "fastapi", "openpyxl", "yaml", "uvicorn")
    script = f"import sys, joinedup.cli; print([m for m in {heavy!r} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"


def test_priorities_plan_json_gives_the_share_the_pounds_for_one_point_and_scenarios(
    demo_warehouse: Path,
) -> None:
    code, out, err = run(
        "priorities",
        "plan",
        "--system",
        "E54000032",
        "--format",
        "json",
        "--db",
        str(demo_warehouse),
    )
    assert code == 0, err
    record = json.loads(out)
    assert 0 < record["prevention_share"] < 1
    assert record["gbp_for_1pp"] == pytest.approx(record["total_spend"] / 100, abs=0.01)
    assert record["scenarios"], "the demo saves scenarios for every system"
    for scenario in record["scenarios"]:
        assert {"transfers", "partners", "npv", "segments"} <= set(scenario)
        assert scenario["npv"] == pytest.approx(sum(p["npv"] for p in scenario["partners"]))
