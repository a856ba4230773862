"""The ASC-FR main data file: detailed lines only, both naming editions, pounds, problems, notes."""

from __future__ import annotations

import csv
import dataclasses
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from joinedup.ledger.returns import ReturnFile, ReturnSpend, UnreadableReturn, read_return

from .make_fixtures import (
    ASC_FR_CURRENT,
    ASC_FR_KEY_NAMES,
    HARTLEPOOL,
    asc_fr_text,
)

NORTH_YORKSHIRE_NOW = "E06000065"
EXPENDITURE_DIMENSIONS = (
    "CareType",
    "FinanceDescription",
    "AgeBand",
    "PrimarySupportReason",
    "SupportSetting",
    "Purpose",
    "CarerSupportType",
)


@pytest.fixture(scope="module")
def current() -> ReturnFile:
    return read_return("asc-fr", ASC_FR_CURRENT)


@pytest.fixture(scope="module")
def key_names() -> ReturnFile:
    return read_return("asc-fr", ASC_FR_KEY_NAMES)


def spend_of(result: ReturnFile, council: str) -> dict[str, Decimal]:
    return {s.spending_type: s.amount for s in result.spend if s.council_code == council}


def test_the_committed_fixtures_are_what_make_fixtures_writes() -> None:
    assert ASC_FR_CURRENT.read_text(encoding="utf-8") == asc_fr_text(), "run make_fixtures.py"
    assert ASC_FR_KEY_NAMES.read_text(encoding="utf-8") == asc_fr_text(key_names=True)


def test_spend_is_in_pounds_by_spending_type(current: ReturnFile) -> None:
    # The fixture's detailed lines for Hartlepool, in £000, worked out by hand.
    assert spend_of(current, HARTLEPOOL) == {
        "asc_residential_nursing": Decimal(1234 + 5678 + 2000 - 20) * 1000,
        "asc_supported_living": Decimal(3_100_000),
        "asc_home_care": Decimal("5500500"),  # 4,000 + 1,500.5
        "asc_direct_payments": Decimal(900_000),
        "asc_reablement": Decimal(850_000),  # ST-Max 700 + other short term 150
        "asc_carers_support": Decimal(120_000),
        "asc_information_early_intervention": Decimal(300_000),
        "asc_equipment_adaptations": Decimal(210_000),
        "asc_other": Decimal(800_000),
        "asc_assessment_care_management": Decimal(400_000),
    }


def test_each_line_names_its_year_funding_source_and_source_lines(current: ReturnFile) -> None:
    by_type = {s.spending_type: s for s in current.spend if s.council_code == HARTLEPOOL}
    assert by_type["asc_residential_nursing"] == ReturnSpend(
        council_code=HARTLEPOOL,
        financial_year="2022-23",  # FY_ENDING 2023
        spending_type="asc_residential_nursing",
        funding_source="council_core",
        amount=Decimal(8_892_000),
        source_lines=("Long Term Care / Nursing", "Long Term Care / Residential"),
    )
    assert by_type["asc_reablement"].source_lines == (
        "Short Term Care / Other Short Term",
        "Short Term Care / ST-Max",
    )
    assert {s.funding_source for s in current.spend} == {"council_core"}


def _detailed_lines_in_fixture(path: Path, council: str) -> Decimal:
    """The fixture's most detailed expenditure lines for one council, summed without the loader."""
    total = Decimal(0)
    with path.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            if (
                row["GEOGRAPHY_LEVEL"] == "Local Authority"
                and row["GEOGRAPHY_CODE"] == council
                and row["FY_ENDING"] == "2023"
                and row["FinanceType"] == "Expenditure"
                and row["ValueType"] == ""
                and "99" not in [row[name] for name in EXPENDITURE_DIMENSIONS]
            ):
                try:
                    total += Decimal(row["ITEMVALUE"])
                except InvalidOperation:
                    continue  # suppressed, or the bad number
    return total * 1000


def test_totals_are_not_counted_twice(current: ReturnFile) -> None:
    mapped = sum(spend_of(current, HARTLEPOOL).values(), Decimal(0))
    unmapped = Decimal(50_000)  # "Other Social Support / Asylum Seeker Support", in the notes
    assert mapped + unmapped == _detailed_lines_in_fixture(ASC_FR_CURRENT, HARTLEPOOL)
    # The file's own all-99 total for Hartlepool is 21,122.5 £000: the same, so no warning.
    assert mapped + unmapped == Decimal("21122500")
    assert not any(note.startswith("Hartlepool") for note in current.notes)


def test_lines_that_map_to_no_spending_type_are_noted_with_their_amount(
    current: ReturnFile,
) -> None:
    assert (
        "Not mapped to a spending type: 'Other Social Support / Asylum Seeker Support', "
        "£50,000 in 1 line from 1 council. Add it to an asc_fr list in taxonomy.yaml to count it."
    ) in current.notes
    assert any("'Other Social Support / Other'" in note for note in current.notes)


def test_the_two_editions_give_the_same_result(current: ReturnFile, key_names: ReturnFile) -> None:
    def as_current(spend: ReturnSpend) -> ReturnSpend:
        return dataclasses.replace(spend, financial_year="2022-23")

    assert {s.financial_year for s in key_names.spend} == {"2019-20"}
    assert [as_current(s) for s in key_names.spend] == list(current.spend)
    assert [(p.row, p.field) for p in key_names.problems] == [
        (p.row, p.field) for p in current.problems
    ]
    assert [note.replace("2019-20", "2022-23") for note in key_names.notes] == list(current.notes)


def test_a_bad_number_names_its_row_and_field(current: ReturnFile) -> None:
    lines = ASC_FR_CURRENT.read_text(encoding="utf-8").splitlines()
    row = next(number for number, line in enumerate(lines, start=1) if line.endswith(",12O"))
    (bad,) = [p for p in current.problems if p.field == "ITEMVALUE"]
    assert (bad.file, bad.row, bad.sheet) == (str(ASC_FR_CURRENT), row, None)
    assert "'12O' is not a number" in bad.message


def test_an_unknown_council_or_year_is_a_problem(current: ReturnFile) -> None:
    fields = {p.field: p for p in current.problems}
    assert set(fields) == {"ITEMVALUE", "GEOGRAPHY_CODE", "FY_ENDING"}
    assert "'E06000999' is not the ONS code of an upper-tier council" in (
        fields["GEOGRAPHY_CODE"].message
    )
    assert "'FY23' is not a year" in fields["FY_ENDING"].message


def test_suppressed_values_are_counted_in_notes_not_problems(current: ReturnFile) -> None:
    assert (
        "Skipped 3 suppressed or missing values among the detailed lines "
        "('*' 1, ':' 1, '[c]' 1)." in current.notes
    )
    assert len(current.problems) == 3


def test_region_england_income_and_unit_cost_rows_are_skipped(current: ReturnFile) -> None:
    assert {s.council_code for s in current.spend} == {HARTLEPOOL, NORTH_YORKSHIRE_NOW}
    notes = "\n".join(current.notes)
    assert "Skipped 2 rows not at Local Authority level (England 1, Region 1)." in notes
    assert "Skipped 1 row of measures other than gross current expenditure" in notes
    assert "Skipped 1 row with a ValueType (unit costs, numerators, denominators)." in notes
    assert "Skipped 5 total rows so that nothing is counted twice." in notes


def test_retired_council_codes_are_recoded_or_reported(current: ReturnFile) -> None:
    assert spend_of(current, NORTH_YORKSHIRE_NOW) == {
        "asc_residential_nursing": Decimal(10_000_000)
    }
    notes = "\n".join(current.notes)
    assert "Read 3 rows of retired code E10000023" in notes
    assert "as E06000065." in notes
    assert "Left out 1 line, £7,000,000, of retired code E10000021" in notes
    assert not any("E10000021" in str(p) for p in current.problems)


def test_a_total_row_the_detailed_lines_fall_short_of_is_noted(current: ReturnFile) -> None:
    assert any(
        note.startswith("North Yorkshire (E06000065) 2022-23: the file's total")
        and "£12,000,000" in note
        and "£2,000,000 apart" in note
        for note in current.notes
    )


def test_the_csv_data_pack_zip_reads_the_same(tmp_path: Path, current: ReturnFile) -> None:
    pack = tmp_path / "ASC-FR CSV data pack 2022-23.zip"
    with zipfile.ZipFile(pack, "w") as archive:
        archive.writestr("Data dictionary.csv", "Column,Description\nITEMVALUE,The value\n")
        archive.writestr("ASC-FR Data File (descriptions) v2.csv", asc_fr_text())
    result = read_return("asc-fr", pack)
    assert result.spend == current.spend
    assert result.kind == "asc-fr" and result.allocations == ()


def test_a_windows_1252_file_is_read(tmp_path: Path, current: ReturnFile) -> None:
    path = tmp_path / "ascfr.csv"
    text = asc_fr_text().replace("Hartlepool", "Hartlepool \N{EN DASH} borough")
    path.write_bytes(text.encode("cp1252"))
    assert read_return("asc-fr", path).spend == current.spend


def test_a_file_without_the_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "not-ascfr.csv"
    path.write_text("GEOGRAPHY_LEVEL,FY_ENDING,ITEMVALUE\nLocal Authority,2023,5\n", "utf-8")
    with pytest.raises(UnreadableReturn, match="not an ASC-FR data file: no column") as raised:
        read_return("asc-fr", path)
    assert "GEOGRAPHY_CODE" in str(raised.value) and "CareType" in str(raised.value)
    assert "DATA_LEVEL or FinanceType" in str(raised.value)


def test_a_zip_without_the_data_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pack.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Data dictionary.csv", "Column,Description\nITEMVALUE,The value\n")
    with pytest.raises(UnreadableReturn, match="a zip file with no ASC-FR data file"):
        read_return("asc-fr", path)


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ascfr.csv"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(UnreadableReturn, match="is not a text file"):
        read_return("asc-fr", path)
