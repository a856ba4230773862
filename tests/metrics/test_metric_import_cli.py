"""`joinedup metrics import`: stored whole or not at all (the readers: tests/metrics/imports)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from joinedup.cli import app
from joinedup.metrics.values import current_values
from joinedup.warehouse import Warehouse, init

FIXTURES = Path(__file__).resolve().parent / "imports" / "fixtures"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_file_with_a_bad_row_stores_nothing(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    init(db)
    before = db.read_bytes()
    code, _, err = run(
        "metrics",
        "import",
        "fingertips",
        str(FIXTURES / "fingertips_falls_and_example.csv"),
        "--db",
        str(db),
    )
    assert code == 1 and "Nothing was stored" in err and "row" in err
    assert db.read_bytes() == before


def test_skills_for_care_values_are_stored(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    init(db)
    # The fixture's two deliberately bad rows (an unknown area, a word for a number) left out.
    lines = (FIXTURES / "lginform_asc_workforce_2023-24.csv").read_text().splitlines()
    clean = tmp_path / "lginform_asc_workforce_2023-24.csv"
    clean.write_text("\n".join(x for x in lines if "E09000999" not in x and "seven" not in x))
    code, out, err = run("metrics", "import", "skills-for-care", str(clean), "--db", str(db))
    assert code == 0, err
    assert "asc_vacancy_rate" in out and "asc_staff_turnover" in out
    with Warehouse.open(db) as warehouse:
        rows = current_values(warehouse, "asc_vacancy_rate")
        turnover = current_values(warehouse, "asc_staff_turnover")
    assert rows and all(row["period"] == "2023-24" for row in rows)
    assert all(row["value"] is not None for row in rows)
    assert {row["area_code"]: row["value"] for row in turnover}["E09000003"] == 31.2


def test_bad_map_is_a_usage_error(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    init(db)
    code, _, err = run(
        "metrics",
        "import",
        "fingertips",
        str(FIXTURES / "x.csv"),
        "--map",
        "22401",
        "--db",
        str(db),
    )
    assert code == 2 and "INDICATOR_ID=METRIC_ID" in err
