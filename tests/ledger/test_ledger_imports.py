"""Importing national returns into the ledger (the loaders themselves: tests/ledger/returns)."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from joinedup.cli import app
from joinedup.ledger.figures import summary
from joinedup.ledger.imports import import_return
from joinedup.problems import FileRejected
from joinedup.warehouse import Warehouse, init

HERE = Path(__file__).resolve().parent
COLUMNS = [
    "GEOGRAPHY_LEVEL",
    "DATA_LEVEL",
    "FY_ENDING",
    "GEOGRAPHY_CODE",
    "GEOGRAPHY_NAME",
    "CareType",
    "FinanceType",
    "FinanceDescription",
    "AgeBand",
    "PrimarySupportReason",
    "SupportSetting",
    "Purpose",
    "CarerSupportType",
    "ValueType",
    "ITEMVALUE",
]
DETAIL = [
    "Local Authority",
    "Gross Current Expenditure",
    "2024",
    "E10000016",
    "Kent",
    "Long Term Care",
    "Expenditure",
    "Own Provision",
    "65 and Over",
    "Physical Support",
    "Community: Home Care",
    "",
    "",
    "",
]


def fixtures() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_fixtures", HERE / "returns/make_fixtures.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def asc_fr(path: Path, values: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for value in values:
            writer.writerow([*DETAIL, value])
    return path


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    init(tmp_path / "w.duckdb")
    with Warehouse.open(tmp_path / "w.duckdb", write=True) as opened:
        yield opened


def digest(warehouse: Warehouse) -> str:
    tables = ("ledger_submissions", "ledger_lines", "ledger_allocations")
    rows = [warehouse.query(f"SELECT * FROM {table} ORDER BY ALL") for table in tables]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_asc_fr_becomes_council_submissions(warehouse: Warehouse, tmp_path: Path) -> None:
    result = import_return(warehouse, "asc-fr", asc_fr(tmp_path / "ascfr.csv", ["1234"]))
    assert (result.submissions, result.lines) == (1, 1)
    kent = summary(warehouse, "council", "Kent", "2023-24")
    assert kent.total_spend == 1_234_000  # £000 in the file
    again = import_return(warehouse, "asc-fr", tmp_path / "ascfr.csv")
    assert (again.submissions, again.unchanged) == (0, 1)


def test_a_partners_own_submission_counts_before_the_return(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    import_return(warehouse, "asc-fr", asc_fr(tmp_path / "ascfr.csv", ["1234"]))
    own = tmp_path / "kent.csv"
    own.write_text("spending_type,funding_source,amount\nasc_home_care,council_core,999\n")
    from joinedup.ledger.submission import submit

    submit(warehouse, own, "E10000016", "2023-24")
    assert summary(warehouse, "council", "Kent", "2023-24").total_spend == 999
    sources = [row["source"] for row in warehouse.query("SELECT source FROM ledger_submissions")]
    assert sorted(sources) == ["asc-fr", "submission"]


def test_a_bad_row_stores_nothing(warehouse: Warehouse, tmp_path: Path) -> None:
    import_return(warehouse, "asc-fr", asc_fr(tmp_path / "good.csv", ["10"]))
    before = digest(warehouse)
    with pytest.raises(FileRejected) as rejected:
        import_return(warehouse, "asc-fr", asc_fr(tmp_path / "bad.csv", ["20", "twelve"]))
    assert rejected.value.problems[0].row == 3
    assert digest(warehouse) == before


SHARED_ALLOCATIONS = HERE.parents[2] / "shared" / "real" / "icb-allocations"


@pytest.mark.skipif(not SHARED_ALLOCATIONS.exists(), reason="../shared/real not beside the repo")
def test_icb_allocations_and_the_command(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    db = tmp_path / "w.duckdb"
    init(db)
    before = db.read_bytes()
    real = SHARED_ALLOCATIONS / "nhs_allocations_2025_26.xlsx"
    workbook = load_workbook(real)
    workbook["PMC Allocation 2025-26"]["P6"] = "n/a"  # West Yorkshire
    broken = tmp_path / "broken.xlsx"
    workbook.save(broken)
    result = CliRunner().invoke(
        app, ["ledger", "import", "icb-allocations", str(broken), "--db", str(db)]
    )
    assert result.exit_code == 1
    assert "row 6, field 'Revised recurrent allocation (£k)'" in result.stderr
    assert "Nothing was stored" in result.stderr
    assert db.read_bytes() == before

    clean = real
    result = CliRunner().invoke(
        app, ["ledger", "import", "icb-allocations", str(clean), "--db", str(db)]
    )
    assert result.exit_code == 0, result.stderr
    assert "252 allocations" in result.stdout
    with Warehouse.open(db) as warehouse:
        rows = warehouse.query(
            "SELECT amount FROM ledger_allocations WHERE system_code = 'E54000054' "
            "AND stream = 'primary_medical_care' AND financial_year = '2025-26'"
        )
    assert [float(row["amount"]) for row in rows] == [565_215_794.07]
    unknown = CliRunner().invoke(app, ["ledger", "import", "nope", str(clean), "--db", str(db)])
    assert unknown.exit_code == 2 and "icb-allocations" in unknown.stderr
