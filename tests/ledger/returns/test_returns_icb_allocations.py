"""NHS England's ICB allocations workbooks: the real ones, and altered copies of them."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from joinedup.ledger.returns import ReturnFile, UnreadableReturn, read_return

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared" / "real" / "icb-allocations"
HELD = REPO / "tests" / "ledger" / "returns" / "real" / "icb-allocations"
V1_2 = SHARED / "nhs_allocations_2023_2025.xlsx"  # 2023-24 and 2024-25, v1.2
V1_4 = SHARED / "nhs_allocations_2025_26.xlsx"  # 2025-26, v1.4

needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="../shared/real not beside the repo")

WEST_YORKSHIRE = "E54000054"  # QWO
EVERY_WORKBOOK = sorted({*SHARED.glob("*.xlsx"), *HELD.glob("*.xlsx")})


def amounts(result: ReturnFile) -> dict[tuple[str, str, str], Decimal]:
    return {(a.system_code, a.financial_year, a.stream): a.amount for a in result.allocations}


def altered(source: Path, target: Path, change: Callable[[Any], None]) -> Path:
    """A copy of a real workbook with one change made to it."""
    from openpyxl import load_workbook

    workbook = load_workbook(source)
    change(workbook)
    workbook.save(target)
    return target


@pytest.fixture(scope="module")
def v1_2() -> ReturnFile:
    return read_return("icb-allocations", V1_2)


@pytest.fixture(scope="module")
def v1_4() -> ReturnFile:
    return read_return("icb-allocations", V1_4)


@needs_shared
def test_west_yorkshire_2024_25_is_each_streams_allocation_in_pounds(v1_2: ReturnFile) -> None:
    found = amounts(v1_2)
    # The published cells (LAYOUTS.md): the £k allocation columns, never £/head or a baseline.
    assert found[WEST_YORKSHIRE, "2024-25", "primary_medical_care"] == Decimal("477053000")
    assert found[WEST_YORKSHIRE, "2024-25", "core_services"] == Decimal("4512396060.46")
    assert found[WEST_YORKSHIRE, "2024-25", "other_primary_care"] == Decimal("266303864.54")
    assert found[WEST_YORKSHIRE, "2024-25", "running_costs"] == Decimal("38921000")
    assert found[WEST_YORKSHIRE, "2023-24", "core_services"] == Decimal("4442862877.68")


@needs_shared
def test_the_2025_26_workbook_holds_specialised_and_pod_streams(v1_4: ReturnFile) -> None:
    found = amounts(v1_4)
    assert found[WEST_YORKSHIRE, "2025-26", "core_services"] == Decimal("5266745206.41")
    assert found[WEST_YORKSHIRE, "2025-26", "delegated_specialised"] == Decimal("742329000")
    assert found[WEST_YORKSHIRE, "2025-26", "delegated_specialised_mental_health"] == Decimal(
        "93359459.22"
    )
    # "Revised recurrent allocation (£k)" names no year: the sheet's year is the column's.
    assert found[WEST_YORKSHIRE, "2025-26", "primary_medical_care"] == Decimal("565215794.07")
    assert found[WEST_YORKSHIRE, "2025-26", "other_primary_care"] == Decimal("286228227.75")
    assert found[WEST_YORKSHIRE, "2025-26", "running_costs"] == Decimal("37431084.24")


@needs_shared
@pytest.mark.parametrize("workbook", EVERY_WORKBOOK, ids=lambda path: path.name)
def test_every_real_workbook_loads_with_42_icbs_per_stream_and_year(workbook: Path) -> None:
    result = read_return("icb-allocations", workbook)
    assert result.problems == ()
    systems: dict[tuple[str, str], set[str]] = defaultdict(set)
    for allocation in result.allocations:
        systems[allocation.stream, allocation.financial_year].add(allocation.system_code)
    assert systems and all(len(codes) == 42 for codes in systems.values())


@needs_shared
def test_each_stream_agrees_with_the_workbooks_own_england_total(v1_2: ReturnFile) -> None:
    england: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for allocation in v1_2.allocations:
        england[allocation.stream, allocation.financial_year] += allocation.amount
    # The England rows, typed from the workbook: text with thousands commas, in £k.
    assert abs(england["primary_medical_care", "2024-25"] - Decimal("11008325000")) < 1000
    assert abs(england["core_services", "2024-25"] - Decimal("106860951000")) < 1000
    core = next(note for note in v1_2.notes if "'ICB Core Allocations 2024-25'" in note)
    assert "agrees with the workbook's England total; 7 region subtotals agree" in core
    pod = next(note for note in v1_2.notes if "other_primary_care 2024-25" in note)
    assert "£114,266,640.56 held by NHS England's regions, not by an ICB" in pod


@needs_shared
def test_baseline_sheets_are_never_read(v1_2: ReturnFile) -> None:
    assert {a.sheet for a in v1_2.allocations}.isdisjoint(
        {"ICB Core Baseline 2024-25", "PMC Baseline 2024-25"}
    )
    assert any("'PMC Baseline 2024-25'" in note for note in v1_2.notes)


@needs_shared
def test_a_region_subtotal_that_does_not_add_up_is_a_problem(tmp_path: Path) -> None:
    def change(workbook: Any) -> None:
        workbook["PMC Allocations 2024-25"]["K53"] = 9_999_999  # East of England's subtotal

    result = read_return("icb-allocations", altered(V1_2, tmp_path / "v.xlsx", change))
    [problem] = result.problems
    assert (problem.sheet, problem.row) == ("PMC Allocations 2024-25", 53)
    assert "the Y61 region subtotal £9,999,999,000 is not the sum of its 6 ICBs" in str(problem)


@needs_shared
def test_an_icb_figure_that_breaks_the_england_total_is_a_problem(tmp_path: Path) -> None:
    def change(workbook: Any) -> None:
        workbook["POD Allocation 2025-26"]["I6"] = 1  # West Yorkshire, £1k

    result = read_return("icb-allocations", altered(V1_4, tmp_path / "v.xlsx", change))
    messages = [str(problem) for problem in result.problems]
    assert any("the England total" in message and "row 61" in message for message in messages)
    assert any("region subtotal" in message for message in messages)


@needs_shared
def test_text_in_a_figure_and_an_unknown_code_name_their_row_and_field(tmp_path: Path) -> None:
    def change(workbook: Any) -> None:
        sheet = workbook["ICB running cost allowance"]
        sheet["E6"] = "about 37k"
        sheet["C7"] = "QZZ"

    result = read_return("icb-allocations", altered(V1_4, tmp_path / "v.xlsx", change))
    messages = [str(problem) for problem in result.problems]
    assert any(
        "row 6, field '2025/26 (£k)'" in m and "'about 37k' is not a number" in m for m in messages
    )
    assert any("row 7" in m and "no ICB has the code 'QZZ'" in m for m in messages)


@needs_shared
def test_a_workbook_of_another_kind_is_refused_with_its_sheets_named(tmp_path: Path) -> None:
    def change(workbook: Any) -> None:
        for sheet in workbook.worksheets:
            sheet.title = f"T{workbook.worksheets.index(sheet) + 1}"

    with pytest.raises(UnreadableReturn, match=r"no ICB allocation sheet found.*'T1', 'T2'"):
        read_return("icb-allocations", altered(V1_4, tmp_path / "tables.xlsx", change))


def test_a_file_that_is_not_a_workbook_is_refused_naming_what_it_is(tmp_path: Path) -> None:
    text = tmp_path / "allocations.xlsx"
    text.write_text("Indicator ID,Indicator Name,Area Code\n", encoding="utf-8")
    with pytest.raises(UnreadableReturn, match="this is an OHID Fingertips data download"):
        read_return("icb-allocations", text)


@needs_shared
@pytest.mark.parametrize(
    ("family", "name", "named"),
    [
        ("revenue-outturn", "RO3_LA_Data_2024-25_data_by_LA.ods", "Revenue Outturn form (RO3"),
        ("population", "mye22final.xlsx", "ONS mid-year population estimates"),
        ("asc-fr", "CSV ASCFR Totals.csv", "ASC-FR data file, 2016-17 numeric-key layout"),
        ("moderngov", "GetCommittees.xml", "Modern.gov web service response"),
        ("lg-inform", "lginform_17174_chart-16_turnover_excerpt.csv", "LG Inform data download"),
    ],
)
def test_real_files_of_other_kinds_are_refused_naming_what_they_are(
    family: str, name: str, named: str
) -> None:
    with pytest.raises(UnreadableReturn, match=re.escape(named)):
        read_return("icb-allocations", SHARED.parent / family / name)


@needs_shared
def test_headers_without_a_unit_are_read_when_the_title_says_the_table_is_in_thousands(
    tmp_path: Path,
) -> None:
    def change(workbook: Any) -> None:
        sheet = workbook["ICB running cost allowance"]
        sheet["E2"] = "2025/26"  # the unit dropped from the header...
        sheet["A1"] = "Allocations (running cost allowance), £000"  # ...and given in the title

    result = read_return("icb-allocations", altered(V1_4, tmp_path / "v.xlsx", change))
    assert result.problems == ()
    assert amounts(result)[WEST_YORKSHIRE, "2025-26", "running_costs"] == Decimal("37431084.24")


@needs_shared
def test_a_header_without_a_unit_under_a_title_without_one_is_not_read(tmp_path: Path) -> None:
    def change(workbook: Any) -> None:
        workbook["ICB running cost allowance"]["E2"] = "2025/26"

    with pytest.raises(UnreadableReturn, match="no allocation column in £k"):
        read_return("icb-allocations", altered(V1_4, tmp_path / "v.xlsx", change))
