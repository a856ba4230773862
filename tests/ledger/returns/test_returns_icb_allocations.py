"""The NHS England ICB allocations workbook: pounds, ICB rows only, ODS codes to E54 codes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from joinedup.errors import JoinedUpError
from joinedup.ledger.returns import (
    Allocation,
    ReturnFile,
    UnreadableReturn,
    read_return,
)

from .make_fixtures import (
    CORE_SHEET,
    ICB_SHEETS,
    OTHER_PRIMARY_SHEET,
    PMC_SHEET,
    RUNNING_COST_SHEET,
    Cell,
    write_icb_workbook,
)

LANCASHIRE = "E54000048"  # QE1
CHESHIRE = "E54000008"  # QYG
SURREY = "E54000063"  # QXU; E54000052 until April 2023, when the ODS code stayed the same
SUSSEX = "E54000064"  # QNX; E54000053 until April 2023


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_icb_workbook(tmp_path / "ICB allocations 2023-24 and 2024-25.xlsx")


@pytest.fixture
def loaded(workbook: Path) -> ReturnFile:
    return read_return("icb-allocations", workbook)


def amounts(result: ReturnFile) -> dict[tuple[str, str, str], Decimal]:
    return {(a.system_code, a.financial_year, a.stream): a.amount for a in result.allocations}


def test_core_allocations_are_in_pounds_and_keyed_by_e54_code(loaded: ReturnFile) -> None:
    core = {k[0]: v for k, v in amounts(loaded).items() if k[2] == "core_services"}
    assert core == {
        LANCASHIRE: Decimal("3250000500"),  # 3,250,000.5 £000
        CHESHIRE: Decimal("4820000000"),
        SURREY: Decimal("1570000000"),
        SUSSEX: Decimal("2720000000"),
    }
    first = loaded.allocations[0]
    assert first == Allocation(
        LANCASHIRE, "2024-25", "core_services", Decimal("3250000500"), 4, CORE_SHEET
    )


def test_the_combined_allocation_is_read_not_the_target_or_the_baseline(
    loaded: ReturnFile,
) -> None:
    assert f"Sheet {CORE_SHEET!r}: read column H '2024/25 Combined allocation (£k)'" in "\n".join(
        loaded.notes
    )
    assert Decimal("3260000000") not in amounts(loaded).values()  # the target column


def test_subtotal_england_and_note_rows_are_skipped_and_counted(loaded: ReturnFile) -> None:
    systems = {a.system_code for a in loaded.allocations}
    assert all(code.startswith("E54") for code in systems)
    assert Decimal("8070000500") not in amounts(loaded).values()  # North West subtotal
    assert Decimal("105000000000") not in amounts(loaded).values()  # ENGLAND
    assert (
        f"Sheet {CORE_SHEET!r}: skipped 1 England total row, 1 other row without an ICB code "
        "(notes, blank labels), 2 region subtotal rows." in loaded.notes
    )


def test_every_stream_and_year_is_read(loaded: ReturnFile) -> None:
    others = {key: value for key, value in amounts(loaded).items() if key[2] != "core_services"}
    assert others == {
        (LANCASHIRE, "2024-25", "primary_medical_care"): Decimal("480000000"),
        (SUSSEX, "2024-25", "primary_medical_care"): Decimal("410250000"),  # text "410,250"
        (LANCASHIRE, "2023-24", "other_primary_care"): Decimal("150000000"),
        (LANCASHIRE, "2024-25", "other_primary_care"): Decimal("155000000"),
        (SURREY, "2023-24", "other_primary_care"): Decimal("60000000"),
        (SURREY, "2024-25", "other_primary_care"): Decimal("62000500"),
        (LANCASHIRE, "2024-25", "running_costs"): Decimal("25000000"),
        (CHESHIRE, "2024-25", "running_costs"): Decimal("31000000"),
        (SURREY, "2024-25", "running_costs"): Decimal("18000000"),  # by name: no code on the row
    }
    assert "Sheets not read (not an allocation table): 'Notes'." in loaded.notes


def test_a_bad_number_names_its_sheet_row_and_field(loaded: ReturnFile) -> None:
    (bad,) = [p for p in loaded.problems if p.sheet == PMC_SHEET]
    assert (bad.row, bad.field) == (5, "2024/25 Recurrent allocation (£000) [note 3]")
    assert "'7,1O0' is not a number" in bad.message
    assert bad.file == str(loaded.path)
    assert f"sheet {PMC_SHEET!r}, row 5" in str(bad)


def test_an_unknown_icb_code_is_a_problem(loaded: ReturnFile) -> None:
    (unknown,) = [p for p in loaded.problems if p.sheet == CORE_SHEET]
    assert (unknown.row, unknown.field) == (9, "ICB code")
    assert "'QZZ'" in unknown.message


def test_a_code_that_contradicts_the_name_is_a_problem(loaded: ReturnFile) -> None:
    (clash,) = [p for p in loaded.problems if p.sheet == RUNNING_COST_SHEET]
    assert (clash.row, clash.field) == (7, "ICB name")
    assert "NHS Sussex ICB" in clash.message and "NHS Frimley ICB" in clash.message
    assert len(loaded.problems) == 3


def test_suppressed_cells_are_notes_not_problems(loaded: ReturnFile) -> None:
    assert f"Sheet {PMC_SHEET!r}: 1 blank or suppressed value skipped (row 7)." in loaded.notes
    assert not any(p.row == 7 and p.sheet == PMC_SHEET for p in loaded.problems)
    assert (SURREY, "2024-25", "primary_medical_care") not in amounts(loaded)


def test_the_file_is_identified(loaded: ReturnFile, workbook: Path) -> None:
    import hashlib

    assert loaded.kind == "icb-allocations"
    assert loaded.path == workbook
    assert loaded.sha256 == hashlib.sha256(workbook.read_bytes()).hexdigest()
    assert loaded.spend == ()


def test_a_stream_given_twice_is_a_problem(tmp_path: Path) -> None:
    sheets = {
        CORE_SHEET: ICB_SHEETS[CORE_SHEET],
        "ICB Core Allocations 2024-25 v2": ICB_SHEETS[CORE_SHEET],
    }
    result = read_return("icb-allocations", write_icb_workbook(tmp_path / "twice.xlsx", sheets))
    repeated = [p for p in result.problems if "a second core_services allocation" in p.message]
    assert len(repeated) == 4
    assert f"first is on sheet {CORE_SHEET!r}, row 4" in repeated[0].message


def _only(title: str, rows: list[list[Cell]]) -> dict[str, list[list[Cell]]]:
    return {title: rows}


@pytest.mark.parametrize(
    ("sheets", "expected"),
    [
        (_only("Notes", [["nothing here"]]), "no ICB allocation sheet found"),
        (
            _only(CORE_SHEET, [["Core allocations"], [None, "Region", "Budget"], [None, 1]]),
            "no header row naming an ICB code and an ICB name",
        ),
        (
            _only(CORE_SHEET, [[], [], [None, "Region", "ICB code", "ICB name", "Growth (£k)"]]),
            "has no allocation column",
        ),
        (
            _only(OTHER_PRIMARY_SHEET, [[None, "ICB code", "ICB name", "2024/25 per head (%)"]]),
            "has no allocation column",
        ),
    ],
)
def test_a_workbook_of_another_shape_is_refused(
    tmp_path: Path, sheets: dict[str, list[list[Cell]]], expected: str
) -> None:
    path = write_icb_workbook(tmp_path / "other.xlsx", sheets)
    with pytest.raises(UnreadableReturn, match=expected) as raised:
        read_return("icb-allocations", path)
    assert "other.xlsx" in str(raised.value)
    assert isinstance(raised.value, JoinedUpError)


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "allocations.xlsx"
    path.write_text("Region,ICB code\n", encoding="utf-8")
    with pytest.raises(UnreadableReturn, match=r"cannot be read as an Excel workbook \(\.xlsx\)"):
        read_return("icb-allocations", path)
