from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from joinedup.cli import app
from joinedup.warehouse import init

runner = CliRunner(env={"COLUMNS": "200"})


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "w.duckdb"
    init(path)
    return str(path)


def test_template_submit_history(db: str, tmp_path: Path) -> None:
    template = tmp_path / "kent.xlsx"
    code, out, _ = run(
        "ledger",
        "template",
        "--org",
        "E10000016",
        "--year",
        "2024-25",
        "-o",
        str(template),
        "--db",
        db,
    )
    assert code == 0 and "Kent" in out
    workbook = load_workbook(template)
    sheet = workbook["Spend"]
    rows = [
        ["2024-25", None, None, "asc_home_care", "council_core", None, 100, None],
        ["2024-25", None, None, "asc_home_care", "council_core", None, "abc", None],
    ]
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=number, column=column, value=value)
    workbook.save(template)
    before = Path(db).read_bytes()
    code, out, err = run(
        "ledger", "submit", str(template), "--org", "E10000016", "--year", "2024-25", "--db", db
    )
    assert code == 1 and out == ""
    assert "kent.xlsx, sheet 'Spend', row 3, field 'amount'" in err
    assert "Nothing was stored: 1 problem" in err
    assert Path(db).read_bytes() == before

    for column in range(1, 9):  # the officer deletes the bad row
        sheet.cell(row=3, column=column).value = None
    workbook.save(template)
    code, out, _ = run(
        "ledger",
        "submit",
        str(template),
        "--org",
        "E10000016",
        "--year",
        "2024-25",
        "--db",
        db,
        "--by",
        "finance",
    )
    assert code == 0 and "Stored submission #1: 1 lines, £100 " in out, err
    copy = tmp_path / "second.xlsx"
    shutil.copy(template, copy)
    sheet.cell(row=2, column=7, value=250)
    workbook.save(copy)
    code, out, _ = run(
        "ledger", "submit", str(copy), "--org", "E10000016", "--year", "2024-25", "--db", db
    )
    assert code == 0 and "supersedes #1" in out
    code, out, _ = run("ledger", "history", "--org", "E10000016", "--format", "json", "--db", db)
    history = json.loads(out)
    assert [(row["id"], row["current"]) for row in history] == [(2, True), (1, False)]
    code, out, _ = run("ledger", "summary", "--council", "Kent", "--format", "json", "--db", db)
    assert json.loads(out)["total_spend"] == 250


def test_summary_and_benchmark_on_the_demo(demo_warehouse: Path) -> None:
    db = str(demo_warehouse)
    code, out, _ = run("ledger", "summary", "--system", "E54000008", "--format", "json", "--db", db)
    assert code == 0 and json.loads(out)["synthetic"] is True
    code, out, _ = run(
        "ledger", "summary", "--england", "--year", "2022-23", "--db", db, "--format", "table"
    )
    assert code == 0 and "synthetic demonstration data" in out and "Prevention share" in out
    code, out, _ = run("ledger", "summary", "--england", "--format", "csv", "--db", db)
    assert code == 0 and out.startswith("area_type,code,name")
    code, out, _ = run(
        "ledger",
        "benchmark",
        "--system",
        "Frimley",
        "--measure",
        "pooled_per_head",
        "--format",
        "json",
        "--db",
        db,
    )
    assert code == 0 and json.loads(out)["peer_group_size"] == 11
    code, _, err = run(
        "ledger", "benchmark", "--system", "Frimley", "--measure", "nope", "--db", db
    )
    assert code == 2 and "per_head" in err


def test_summary_needs_exactly_one_area(db: str) -> None:
    code, _, err = run("ledger", "summary", "--system", "QYG", "--england", "--db", db)
    assert code == 2 and "exactly one" in err
