"""Every CSV and XLSX file JoinedUp writes quotes text a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from joinedup.textsafety import TRIGGERS, is_formula_like, neutralise, restore
from joinedup.warehouse import Warehouse, init

EVIL = '=HYPERLINK("http://evil.example/", "Minutes")'
HOSTILE = [
    EVIL,
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1",
    "\r=1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_quoted(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", [-12, -12.5, Decimal("-3.20"), "-12.50", "+44", "1e5", None])
def test_numbers_stay_numbers(value: Any) -> None:
    assert neutralise(value) == value


@given(st.text())
def test_no_text_comes_out_starting_a_formula(text: str) -> None:
    out = neutralise(text)
    assert not (out.startswith(TRIGGERS) and is_formula_like(out))
    if not text.startswith("'"):
        assert restore(out) == text


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    from joinedup.governance.boards import add_board

    path = tmp_path / "w.duckdb"
    init(path)
    with Warehouse.open(path, write=True) as opened:
        add_board(opened, "QKS-ICB", EVIL, "icb_board", system="E54000032")
        yield opened


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_the_register_export_quotes_formulas(warehouse: Warehouse, tmp_path: Path) -> None:
    from joinedup.governance.workbook import export_file, import_file

    written = export_file(warehouse, tmp_path / "boards.csv", registers=["boards"])
    cells = _csv_cells(written.read_text())
    assert "'" + EVIL in cells and EVIL not in cells

    book = export_file(warehouse, tmp_path / "registers.xlsx")
    sheet = load_workbook(book)["boards"]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'" + EVIL in values
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

    # Read back, the quote comes off: a round trip changes nothing.
    assert import_file(warehouse, book).changed == 0
    assert import_file(warehouse, written).changed == 0


def test_the_command_line_csv_quotes_formulas(capsys: pytest.CaptureFixture[str]) -> None:
    from joinedup.cli.options import OutputFormat
    from joinedup.cli.output import Column, emit

    emit(
        [{"name": EVIL, "amount": -5, "codes": ["=1", "b"]}],
        [Column("name", "Name"), Column("amount", "Amount"), Column("codes", "Codes")],
        OutputFormat.csv,
    )
    assert _csv_cells(capsys.readouterr().out)[3:] == ["'" + EVIL, "-5", "'=1;b"]


def test_the_open_data_csv_quotes_formulas(tmp_path: Path) -> None:
    from joinedup.publish.export.files import col, write_csv

    columns = (col("name", "string", "A name."), col("amount", "money", "Pounds."))
    write_csv(tmp_path / "t.csv", columns, [{"name": EVIL, "amount": Decimal("-1.50")}])
    assert _csv_cells((tmp_path / "t.csv").read_text())[2:] == ["'" + EVIL, "-1.50"]


def test_the_api_csv_quotes_formulas() -> None:
    from joinedup.web.api_responses import to_csv

    assert _csv_cells(to_csv([{"name": EVIL, "value": -2}]))[2:] == ["'" + EVIL, "-2"]


def test_the_ledger_template_quotes_formulas(tmp_path: Path) -> None:
    from joinedup.ledger.template import write_template
    from joinedup.organisations import Organisation

    owner = Organisation("E10000016", EVIL, "council", None, False)
    path = write_template(tmp_path / "kent.xlsx", owner, "2024-25")
    sheet = load_workbook(path)["Instructions"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert str(sheet["A1"].value).startswith("JoinedUp spend submission: =HYPERLINK")


def test_a_priorities_plan_quotes_formulas(tmp_path: Path) -> None:
    from joinedup.priorities.files import read_plan, write_plan
    from joinedup.priorities.interventions import Plan, Priority

    plan = Plan("E54000032", (Priority("falls", EVIL, 1, "-1 fall"),), ())
    for suffix in (".csv", ".xlsx"):
        path = write_plan(plan, tmp_path / f"plan{suffix}")
        if suffix == ".csv":
            assert "'" + EVIL in _csv_cells(path.read_text())
        else:
            sheet = load_workbook(path).active
            assert sheet is not None
            assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        assert read_plan(path, "E54000032").record() == plan.record()
