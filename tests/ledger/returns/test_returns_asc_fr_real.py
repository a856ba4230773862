"""The ASC-FR loader on real files: 2016-17 numeric keys and the 2019-20 to 2023-24 data rows."""

from __future__ import annotations

import csv
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from joinedup.ledger.returns import ReturnFile, UnreadableReturn, read_return

REPO = Path(__file__).resolve().parents[3]
REAL = Path(__file__).resolve().parent / "real" / "asc-fr"
TOTALS_CUT = REAL / "2016-17" / "CSV ASCFR Totals (cut).csv"
DATA_CUT = REAL / "2019-20_to_2023-24" / "grosscurrentexpenditure (cut).csv"
SHARED = REPO.parent / "shared" / "real"
SHARED_ASCFR = SHARED / "asc-fr"
needs_shared = pytest.mark.skipif(
    not (SHARED_ASCFR / "CSV ASCFR Totals.csv").is_file(), reason="shared/real not present"
)

HARTLEPOOL, KENT = "E06000001", "E10000016"


@pytest.fixture(scope="module")
def keyed() -> ReturnFile:
    return read_return("asc-fr", TOTALS_CUT)


@pytest.fixture(scope="module")
def data() -> ReturnFile:
    return read_return("asc-fr", DATA_CUT)


def amounts(result: ReturnFile, council: str, year: str) -> dict[str, Decimal]:
    return {
        s.spending_type: s.amount
        for s in result.spend
        if s.council_code == council and s.financial_year == year
    }


def _mandatory_gross(path: Path, cassr: str, care_type: str, settings: set[str]) -> Decimal:
    """The file's GROSSCURRENTEXPENDITURE for one council's mandatory lines, summed without the
    loader (£ thousands to pounds)."""
    total = Decimal(0)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        for row in csv.DictReader(stream):
            if (
                row["CASSR_CODE"] == cassr
                and row["DataType_KEY"] == "1"
                and row["CareType_KEY"] == care_type
                and row["SupportSetting_KEY"] in settings
            ):
                total += Decimal(row["GROSSCURRENTEXPENDITURE"])
    return (total * 1000).quantize(Decimal("0.01"))


# 2016-17: the numeric-key "CSV ASCFR Totals.csv"


def test_2016_17_totals_file_reads_by_spending_type_in_pounds(keyed: ReturnFile) -> None:
    assert amounts(keyed, HARTLEPOOL, "2016-17") == {
        "asc_residential_nursing": Decimal("16620280.00"),
        "asc_home_care": Decimal("2360000.00"),
        "asc_direct_payments": Decimal("3741000.00"),
        "asc_supported_living": Decimal("2351000.00"),
        "asc_reablement": Decimal("1056000.00"),
    }
    assert amounts(keyed, KENT, "2016-17")["asc_residential_nursing"] == Decimal(191_693_000)
    assert keyed.problems == ()


def test_2016_17_amounts_match_the_file_summed_by_hand(keyed: ReturnFile) -> None:
    hartlepool = amounts(keyed, HARTLEPOOL, "2016-17")
    assert hartlepool["asc_residential_nursing"] == _mandatory_gross(
        TOTALS_CUT, "111", "2", {"6", "7"}
    )
    assert hartlepool["asc_reablement"] == _mandatory_gross(TOTALS_CUT, "111", "4", {""})


def test_2016_17_voluntary_age_splits_are_not_counted_twice(keyed: ReturnFile) -> None:
    assert (
        "Skipped 450 rows of voluntary data (DataType_KEY 2: finer age bands of lines already "
        "read at 18 to 64 and 65 and over)." in keyed.notes
    )


def test_2016_17_keys_without_a_known_meaning_are_reported_not_guessed(keyed: ReturnFile) -> None:
    notes = "\n".join(keyed.notes)
    assert "Not mapped to a spending type: 'CareType key 3 / PrimarySupportReason key 8'" in notes
    assert "Not mapped to a spending type: 'Long Term Care / SupportSetting key 3'" in notes


def test_2016_17_cumbria_is_left_out_not_given_to_a_successor(keyed: ReturnFile) -> None:
    assert not [s for s in keyed.spend if s.council_code.startswith("E10000006")]
    assert any(
        note.startswith("Left out 109 lines") and "E10000006" in note for note in keyed.notes
    )


@needs_shared
def test_the_whole_2016_17_totals_file_reads() -> None:
    result = read_return("asc-fr", SHARED_ASCFR / "CSV ASCFR Totals.csv")
    councils = {s.council_code for s in result.spend}
    assert len(councils) == 146  # 151 CASSRs less Cumbria, Dorset, Bournemouth, Poole, Northants
    assert {s.financial_year for s in result.spend} == {"2016-17"}
    assert result.problems == ()
    # Buckinghamshire County Council (E10000002) is read as today's unitary council.
    assert "E06000060" in councils
    assert amounts(result, HARTLEPOOL, "2016-17") == amounts(
        read_return("asc-fr", TOTALS_CUT), HARTLEPOOL, "2016-17"
    )


@needs_shared
@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("CSV ASCFR Activity.csv", "the 2016-17 ASC-FR activity file"),
        ("CSV ASCFR Additional.csv", "the 2016-17 ASC-FR additional data file"),
    ],
)
def test_the_2016_17_release_s_other_csv_files_are_refused(name: str, says: str) -> None:
    with pytest.raises(UnreadableReturn, match=says) as raised:
        read_return("asc-fr", SHARED_ASCFR / name)
    assert "CSV ASCFR Totals.csv" in str(raised.value)


# 2019-20 to 2023-24: the data files with descriptions


def test_every_year_of_the_data_file_rows_reads(data: ReturnFile) -> None:
    assert {s.financial_year for s in data.spend} == {"2019-20", "2021-22", "2022-23", "2023-24"}
    assert data.problems == ()


def test_data_file_amounts_are_the_file_s_pounds(data: ReturnFile) -> None:
    assert amounts(data, KENT, "2019-20") == {"asc_residential_nursing": Decimal("3163037.69")}
    assert amounts(data, HARTLEPOOL, "2021-22") == {
        "asc_residential_nursing": Decimal(64_000),
        "asc_supported_living": Decimal(0),
    }
    assert amounts(data, HARTLEPOOL, "2022-23") == {"asc_residential_nursing": Decimal(26_000)}
    assert amounts(data, HARTLEPOOL, "2023-24") == {"asc_home_care": Decimal(3_949_000)}
    assert amounts(data, "E09000029", "2023-24") == {"asc_direct_payments": Decimal(-4_131_837)}


def test_total_rows_written_total_are_not_counted(data: ReturnFile) -> None:
    # Kent's 2022-23 and 2023-24 rows in the cut are all totals (Total in a dimension).
    assert amounts(data, KENT, "2022-23") == {}
    assert amounts(data, KENT, "2023-24") == {}
    assert any("Skipped 4 total rows" in note for note in data.notes)


def test_suppressed_cells_are_never_zero(data: ReturnFile) -> None:
    assert amounts(data, "E09000012", "2021-22") == {}  # Hackney: [x]
    assert amounts(data, "E06000064", "2023-24") == {}  # Westmorland and Furness: [x]
    assert "Skipped 2 suppressed or missing values among the detailed lines ('[x]' 2)." in (
        data.notes
    )


def test_letter_cassr_codes_and_retired_ons_codes(data: ReturnFile) -> None:
    # North Northamptonshire's CASSR is Z9D4Z; its ONS code is read as the file gives it.
    assert amounts(data, "E06000061", "2021-22") == {"asc_residential_nursing": Decimal(926_000)}
    assert amounts(data, "E06000065", "2021-22") == {"asc_residential_nursing": Decimal(1_441_000)}
    assert amounts(data, "E06000065", "2023-24") == {"asc_home_care": Decimal("28130931.99")}
    assert any(note.startswith("Left out 3 lines, £14,782,275.16") for note in data.notes)


def test_a_row_with_only_a_cassr_code_is_read_by_it(tmp_path: Path) -> None:
    lines = DATA_CUT.read_text(encoding="utf-8").splitlines()
    header, kept = lines[0], [line for line in lines if ",8110115,2022,Z9D4Z," in line]
    path = tmp_path / "cassr-only.csv"
    path.write_text("\n".join([header, kept[0].replace("E06000061", "")]) + "\n", "utf-8")
    result = read_return("asc-fr", path)
    assert amounts(result, "E06000061", "2021-22") == {"asc_residential_nursing": Decimal(926_000)}
    assert any("by CASSR code Z9D4Z" in note for note in result.notes)


def test_the_data_rows_read_from_a_csv_data_pack(tmp_path: Path, data: ReturnFile) -> None:
    pack = tmp_path / "ASC-FR CSV pack.zip"
    with zipfile.ZipFile(pack, "w") as archive:
        archive.writestr("ASC-FR Data File (descriptions) v2.csv", DATA_CUT.read_bytes())
    assert read_return("asc-fr", pack).spend == data.spend


# Files of the wrong kind


def test_an_xlsx_workbook_is_refused_with_its_sheets(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "Contents"
    for name in ("T1", "T2", "T21", "T24"):
        book.create_sheet(name)
    path = tmp_path / "ASCFR and SALT Data Tables 2021-22.xlsx"
    book.save(path)
    with pytest.raises(UnreadableReturn) as raised:
        read_return("asc-fr", path)
    message = str(raised.value)
    assert "this is an Excel workbook (sheets Contents, T1, T2, T21, T24)" in message
    assert "the ASC-FR reference tables" in message
    assert "CSV data file from the same release" in message
    assert "\n" not in message


@pytest.mark.skipif(not (SHARED / "revenue-outturn").is_dir(), reason="shared/real not present")
def test_a_revenue_outturn_ods_is_refused_with_its_sheets() -> None:
    path = SHARED / "revenue-outturn" / "RSX_LA_Data_2024-25_data_by_LA.ods"
    with pytest.raises(UnreadableReturn) as raised:
        read_return("asc-fr", path)
    assert "this is an .ods spreadsheet (sheets Front_Page, Notes, LA_drop-down" in str(
        raised.value
    )
    assert "not an ASC-FR data file" in str(raised.value)


@pytest.mark.skipif(not (SHARED / "icb-allocations").is_dir(), reason="shared/real not present")
def test_an_allocations_workbook_is_refused() -> None:
    path = SHARED / "icb-allocations" / "nhs_allocations_2025_26.xlsx"
    with pytest.raises(UnreadableReturn, match=r"Excel workbook .*: not an ASC-FR data file"):
        read_return("asc-fr", path)


@pytest.mark.skipif(not (SHARED / "fingertips").is_dir(), reason="shared/real not present")
def test_a_fingertips_csv_is_refused() -> None:
    path = SHARED / "fingertips" / "brc_social-isolation-indicators-CountyUA.data.csv"
    with pytest.raises(UnreadableReturn, match="an OHID Fingertips data download"):
        read_return("asc-fr", path)


def test_a_revenue_outturn_csv_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "RO3.csv"
    path.write_text("ONS Code,LA name,RO3_1_total\nE06000001,Hartlepool,1\n", "utf-8")
    with pytest.raises(UnreadableReturn, match="an MHCLG revenue outturn file"):
        read_return("asc-fr", path)
