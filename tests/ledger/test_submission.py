from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from joinedup.ledger.submission import amount_in_pounds, history, submit
from joinedup.ledger.template import write_template
from joinedup.organisations import UnknownOrganisation, organisation
from joinedup.problems import FileRejected
from joinedup.warehouse import Warehouse

WriteCsv = Callable[[str, list[list[object]]], Path]


ESSEX = "E10000012"  # a council in three systems
SURREY_HEARTLANDS = "E54000063"
GOOD = [
    ["2024-25", "", "", "asc_home_care", "council_core", "no", "1000000", "home care"],
    ["2024-25", "", "", "asc_reablement", "bcf_ibcf", "", "250000.50", ""],
    ["", "", "", "ph_stop_smoking", "public_health_grant", "", "£12,345", ""],
]


def fill(sheet: Any, rows: list[list[object]]) -> None:
    """Type rows into the template from row 2, as a finance officer would."""
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=number, column=column, value=value if value != "" else None)


def ledger_digest(warehouse: Warehouse) -> str:
    rows = [
        warehouse.connection.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
        for table in ("ledger_submissions", "ledger_lines")
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_good_csv_is_stored_whole(
    write_csv: WriteCsv, warehouse: Warehouse, tmp_path: Path
) -> None:
    path = write_csv("essex.csv", GOOD)
    stored = submit(warehouse, path, ESSEX, "2024/25", submitted_by="s151 officer")
    assert (stored.line_count, stored.total, stored.superseded) == (3, Decimal("1262345.50"), [])
    lines = warehouse.query("SELECT * FROM ledger_lines ORDER BY line_number")
    assert [line["council_code"] for line in lines] == [ESSEX] * 3
    # Essex spans three systems: with no system named, its spend is shared by population.
    assert all(line["system_code"] is None for line in lines)
    # Pooled follows the funding source unless the row says otherwise.
    assert [line["pooled"] for line in lines] == [False, True, False]


def test_one_bad_row_changes_nothing_and_is_named(
    write_csv: WriteCsv, warehouse: Warehouse, tmp_path: Path
) -> None:
    submit(warehouse, write_csv("first.csv", GOOD), ESSEX, "2024-25", submitted_by="a")
    before = ledger_digest(warehouse)
    bad = [
        *GOOD[:2],
        ["2024-25", "", "", "asc_home_care", "council_core", "yes", "lots", ""],
        GOOD[2],
    ]
    with pytest.raises(FileRejected) as rejected:
        submit(warehouse, write_csv("bad.csv", bad), ESSEX, "2024-25")
    [problem] = rejected.value.problems
    assert (problem.file, problem.row, problem.field) == ("bad.csv", 4, "amount")
    assert "'lots' is not an amount" in str(problem)
    assert ledger_digest(warehouse) == before


def test_every_problem_is_reported_at_once(
    write_csv: WriteCsv, warehouse: Warehouse, tmp_path: Path
) -> None:
    rows = [
        ["2023-24", "", "", "asc_home_care", "council_core", "", "1", ""],
        ["", "", "", "asc_homecare", "council_core", "", "1", ""],
        ["", "", "", "asc_day_care", "council_tax", "", "1", ""],
        ["", "", "", "asc_day_care", "council_core", "", "", ""],
        ["", "", "", "asc_day_care", "council_core", "", "-5", ""],
        ["", "E54000008", "", "asc_carers_support", "council_core", "", "1", ""],
        ["", "", "E10000030", "asc_other", "council_core", "", "1", ""],
        ["", "", "", "asc_other", "council_core", "maybe", "1", ""],
        ["", "", "", "ph_other", "public_health_grant", "", "2", ""],
        ["", "", "", "ph_other", "public_health_grant", "", "3", ""],
    ]
    with pytest.raises(FileRejected) as rejected:
        submit(warehouse, write_csv("many.csv", rows), ESSEX, "2024-25")
    found = {(p.row, p.field): p.message for p in rejected.value.problems}
    assert "this submission is for 2024-25" in found[2, "financial_year"]
    assert "did you mean asc_home_care" in found[3, "spending_type"]
    assert "unknown funding source 'council_tax'" in found[4, "funding_source"]
    assert "missing" in found[5, "amount"]
    assert "negative" in found[6, "amount"]
    assert "not in system E54000008" in found[7, "system"]
    assert "own area" in found[8, "council"]
    assert "not yes or no" in found[9, "pooled"]
    assert "duplicates row 10" in found[11, None]
    assert len(found) == 9


def test_stated_total_must_reconcile(
    write_csv: WriteCsv, warehouse: Warehouse, tmp_path: Path
) -> None:
    rows = [*GOOD, ["", "", "", "TOTAL", "", "", "1262345.00", ""]]
    with pytest.raises(FileRejected) as rejected:
        submit(warehouse, write_csv("total.csv", rows), ESSEX, "2024-25")
    [problem] = rejected.value.problems
    assert problem.row == 5 and "difference \u2212£0.50" in problem.message
    rows[-1][6] = "1,262,345.50"
    stored = submit(warehouse, write_csv("total.csv", rows), ESSEX, "2024-25")
    assert stored.line_count == 3


def test_resubmission_supersedes_and_history_keeps_both(
    write_csv: WriteCsv, warehouse: Warehouse, tmp_path: Path
) -> None:
    first = submit(warehouse, write_csv("v1.csv", GOOD), ESSEX, "2024-25", submitted_by="first")
    again = submit(warehouse, write_csv("v1.csv", GOOD), ESSEX, "2024-25")
    assert again.unchanged and again.id == first.id
    second = submit(
        warehouse, write_csv("v2.csv", GOOD[:2]), ESSEX, "2024-25", submitted_by="second"
    )
    assert second.superseded == [first.id]
    rows = history(warehouse, ESSEX)
    assert [(row.id, row.current, row.submitted_by) for row in rows] == [
        (second.id, True, "second"),
        (first.id, False, "first"),
    ]
    assert rows[1].superseded_by == second.id
    assert rows[0].file_sha256 == hashlib.sha256((tmp_path / "v2.csv").read_bytes()).hexdigest()


def test_icb_lines_belong_to_its_system_and_name_places_within_it(
    write_csv: WriteCsv, warehouse: Warehouse, tmp_path: Path
) -> None:
    rows = [
        ["", "", "", "acute_elective", "icb_allocation", "", "5000000", ""],
        ["", "", "Surrey", "community_health_services", "bcf_nhs_minimum", "", "100", ""],
        ["", "", "Kent", "community_health_services", "icb_allocation", "", "100", ""],
    ]
    with pytest.raises(FileRejected) as rejected:
        submit(warehouse, write_csv("icb.csv", rows), "QXU", "2024-25")
    [problem] = rejected.value.problems
    assert problem.row == 4 and "not in system E54000063" in problem.message
    stored = submit(warehouse, write_csv("icb.csv", rows[:2]), "E54000052", "2024-25")
    lines = warehouse.query("SELECT system_code, council_code, pooled FROM ledger_lines")
    assert stored.organisation_code == SURREY_HEARTLANDS
    assert lines == [
        {"system_code": SURREY_HEARTLANDS, "council_code": None, "pooled": False},
        {"system_code": SURREY_HEARTLANDS, "council_code": "E10000030", "pooled": True},
    ]


def test_template_round_trip(warehouse: Warehouse, tmp_path: Path) -> None:
    owner = organisation(warehouse, ESSEX)
    path = write_template(tmp_path / "essex.xlsx", owner, "2024-25")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Spend", "Instructions"]
    sheet = workbook["Spend"]
    validated = {str(rule.sqref).split(":")[0][0] for rule in sheet.data_validations.dataValidation}
    assert {"A", "B", "C", "D", "E", "F", "G"} <= validated
    fill(sheet, GOOD)
    workbook.save(path)
    stored = submit(warehouse, path, ESSEX, "2024-25")
    assert stored.line_count == 3 and stored.total == Decimal("1262345.50")


def test_xlsx_errors_name_the_sheet(warehouse: Warehouse, tmp_path: Path) -> None:
    owner = organisation(warehouse, ESSEX)
    path = write_template(tmp_path / "essex.xlsx", owner, "2024-25")
    workbook = load_workbook(path)
    fill(workbook["Spend"], [["2024-25", "", "", "nonsense", "council_core", "", 5, ""]])
    workbook.save(path)
    with pytest.raises(FileRejected) as rejected:
        submit(warehouse, path, ESSEX, "2024-25")
    assert str(rejected.value.problems[0]).startswith(
        "essex.xlsx, sheet 'Spend', row 2, field 'spending_type': unknown spending type"
    )


def test_unknown_organisation(warehouse: Warehouse) -> None:
    with pytest.raises(UnknownOrganisation, match="NOPE"):
        organisation(warehouse, "NOPE")


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False))
def test_amounts_as_people_type_them(amount: Decimal) -> None:
    assert amount_in_pounds(f"£{amount:,}") == amount
    assert amount_in_pounds(float(amount)) == amount


@given(st.text().filter(lambda t: t.strip() and not any(c.isdigit() for c in t)))
def test_text_without_digits_is_never_an_amount(text: str) -> None:
    if text.strip().lower().lstrip("+-") in ("inf", "infinity", "nan", "snan"):
        return
    with pytest.raises(ValueError):
        amount_in_pounds(text)
