"""MHCLG Revenue Outturn (RSX, RS, RO3): the real workbooks of four years, and made-up files."""

from __future__ import annotations

import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from joinedup.ledger.returns import Outturn, ReturnFile, UnreadableReturn, read_return
from joinedup.ledger.returns.revenue_outturn import (
    NOT_COLLECTED,
    NOT_RECEIVED,
    RECEIVED,
    SERVICES,
    read_revenue_outturn,
)

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared" / "real"
HELD = REPO / "tests" / "ledger" / "returns" / "real" / "revenue-outturn"
RSX_2024 = SHARED / "revenue-outturn" / "RSX_LA_Data_2024-25_data_by_LA.ods"
RO3_2024 = SHARED / "revenue-outturn" / "RO3_LA_Data_2024-25_data_by_LA.ods"
ALLOCATIONS = SHARED / "icb-allocations" / "nhs_allocations_2023_2025.xlsx"
FINGERTIPS = SHARED / "fingertips" / "brc_social-isolation-indicators-CountyUA.data.csv"
RSX_2022 = HELD / "RSX_2022-23_data_by_LA.ods"
RSX_2023 = HELD / "RSX_2023-24_data_by_LA.ods"
RO3_2023 = HELD / "RO3_2023-24_data_by_LA.ods"
RS_2017 = HELD / "RS_2017-18_data_by_LA.xlsx"

needs_shared = pytest.mark.skipif(not RSX_2024.is_file(), reason="../shared/real not beside repo")

KENT = "E10000016"
BARNSLEY_OLD = "E08000016"  # Barnsley's pre-2024 code, which the 2024-25 files still use
MANCHESTER = "E08000003"
NOT_SUBMITTED_2024 = {"E08000025": "Birmingham", "E06000039": "Slough", "E06000063": "Cumberland"}
NHS_ALLOCATIONS = "ICB Core Baseline 2023-24"


def by_key(result: ReturnFile) -> dict[tuple[str, str], Outturn]:
    return {(row.council_code, row.service): row for row in result.outturn}


def amount(result: ReturnFile, code: str, service: str) -> Decimal | None:
    return by_key(result)[code, service].amount


@pytest.fixture(scope="module")
def rsx_2024() -> ReturnFile:
    return read_return("revenue-outturn", RSX_2024)


@pytest.fixture(scope="module")
def ro3_2024() -> ReturnFile:
    return read_return("revenue-outturn", RO3_2024)


@pytest.fixture(scope="module")
def ro3_2023() -> ReturnFile:
    return read_revenue_outturn(RO3_2023)


# --- 2024-25, the shared real files --------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("form", ["RSX", "RO3"])
@pytest.mark.parametrize("code", sorted(NOT_SUBMITTED_2024))
def test_councils_that_did_not_submit_in_2024_25_have_no_figures_never_zero(
    rsx_2024: ReturnFile, ro3_2024: ReturnFile, form: str, code: str
) -> None:
    result = rsx_2024 if form == "RSX" else ro3_2024
    found = by_key(result)
    for service in ("adult_social_care", "public_health", "children_social_care"):
        row = found[code, service]
        assert (row.amount, row.status, row.form) == (None, NOT_RECEIVED, form)
        assert row.financial_year == "2024-25"
    assert NOT_SUBMITTED_2024[code] in " ".join(result.notes)
    if form == "RO3":
        assert found[code, "public_health.sexual_health"].amount is None


@needs_shared
def test_kent_2024_25_rsx_is_the_published_cell_in_pounds(rsx_2024: ReturnFile) -> None:
    # The RSX sheet's row for Kent CC: Adult Social Care and Total Service Expenditure, column C7.
    assert amount(rsx_2024, KENT, "adult_social_care") == Decimal("721076000")
    assert amount(rsx_2024, KENT, "public_health") == Decimal("88303500")
    assert amount(rsx_2024, KENT, "education") == Decimal("1242308670")
    assert amount(rsx_2024, KENT, "total_services") == Decimal("2710762310")
    kent = by_key(rsx_2024)[KENT, "adult_social_care"]
    assert (kent.council_name, kent.status, kent.form, kent.row) == (
        "Kent CC",
        RECEIVED,
        "RSX",
        185,
    )


@needs_shared
def test_a_public_health_programme_is_the_sum_of_its_lines(ro3_2024: ReturnFile) -> None:
    # Kent CC, RO3 table 1c: stop smoking 4,143 + wider tobacco control 442.78 (£ thousand).
    assert amount(ro3_2024, KENT, "public_health.smoking_and_tobacco") == Decimal("4585780")
    # STI testing 8,210 + contraception 4,244 + advice and prevention 1,484.
    assert amount(ro3_2024, KENT, "public_health.sexual_health") == Decimal("13938000")
    assert amount(ro3_2024, KENT, "public_health.nhs_health_check") == Decimal("2847000")
    assert amount(ro3_2024, KENT, "public_health") == Decimal("88303500")


@needs_shared
def test_rsx_and_ro3_agree_on_the_social_care_and_public_health_totals(
    rsx_2024: ReturnFile, ro3_2024: ReturnFile
) -> None:
    rsx, ro3 = by_key(rsx_2024), by_key(ro3_2024)
    for service in ("adult_social_care", "children_social_care", "public_health"):
        for (code, key), row in ro3.items():
            if key == service:
                assert rsx[code, service].amount == row.amount, (code, service)


@needs_shared
def test_barnsley_keeps_the_code_the_file_prints(rsx_2024: ReturnFile) -> None:
    barnsley = by_key(rsx_2024)[BARNSLEY_OLD, "adult_social_care"]
    assert (barnsley.council_name, barnsley.amount) == ("Barnsley", Decimal("88595000"))
    assert not any(row.council_code == "E08000038" for row in rsx_2024.outturn)


@needs_shared
@pytest.mark.parametrize("form", ["RSX", "RO3"])
def test_only_upper_tier_councils_are_kept(
    rsx_2024: ReturnFile, ro3_2024: ReturnFile, form: str
) -> None:
    result = rsx_2024 if form == "RSX" else ro3_2024
    codes = {row.council_code for row in result.outturn}
    assert len(codes) == 153
    assert all(code[:3] in {"E06", "E08", "E09", "E10"} and len(code) == 9 for code in codes)
    assert {"E09000001", "E06000053"} <= codes  # City of London and the Isles of Scilly
    ignored = next(note for note in result.notes if note.startswith("Ignored"))
    assert "164 district rows" in ignored and "1 England total rows" in ignored
    assert "class total rows" in ignored
    assert not result.problems


@needs_shared
def test_every_ro3_key_but_covid_is_read_in_2024_25(ro3_2024: ReturnFile) -> None:
    services = {row.service for row in ro3_2024.outturn}
    expected = {key for key in SERVICES if "." in key} | {
        "adult_social_care",
        "children_social_care",
        "public_health",
    }
    assert services == expected - {
        "public_health.covid_test_and_trace",
        "public_health.covid_other",
    }
    assert any("No line in this file for: public_health.covid" in n for n in ro3_2024.notes)


@needs_shared
def test_adult_social_care_by_support_reason_adds_up_to_the_total(ro3_2024: ReturnFile) -> None:
    found = by_key(ro3_2024)
    parts = [
        row.amount
        for (code, key), row in found.items()
        if code == KENT and key.startswith("adult_social_care.")
    ]
    assert len(parts) == 11
    assert sum(part or Decimal(0) for part in parts) == found[KENT, "adult_social_care"].amount


@needs_shared
def test_the_2024_25_rsx_workbook_loads_in_a_couple_of_seconds() -> None:
    started = time.perf_counter()
    read_revenue_outturn(RSX_2024)
    assert time.perf_counter() - started < 2


# --- Other years, held in real/ ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "form", "year", "kent_adult_social_care"),
    [
        (RSX_2022, "RSX", "2022-23", "574994000"),
        (RSX_2023, "RSX", "2023-24", "663100000"),
        (RO3_2023, "RO3", "2023-24", "663100000"),
        (RS_2017, "RS", "2017-18", "398657000"),
    ],
)
def test_each_year_and_layout_gives_the_same_keys(
    path: Path, form: str, year: str, kent_adult_social_care: str
) -> None:
    result = read_revenue_outturn(path)
    assert {row.form for row in result.outturn} == {form}
    assert {row.financial_year for row in result.outturn} == {year}
    assert amount(result, KENT, "adult_social_care") == Decimal(kent_adult_social_care)
    assert not result.problems
    assert all(row.council_code[:3] != "E07" for row in result.outturn)


def test_the_2017_18_rs_workbook_reads_service_totals_and_keeps_the_city() -> None:
    result = read_revenue_outturn(RS_2017)
    assert amount(result, KENT, "total_services") == Decimal("1711415000")
    assert amount(result, BARNSLEY_OLD, "public_health") is not None
    # The City of London's class is "L" in this file: its code says what it is.
    assert amount(result, "E09000001", "adult_social_care") == Decimal("5697200.19")
    assert amount(result, "E06000053", "total_services") == Decimal("8234000")


def test_the_2023_24_returns_not_received_are_listed(ro3_2023: ReturnFile) -> None:
    missing = next(note for note in ro3_2023.notes if note.startswith("Return not received"))
    for name in ("Birmingham", "Bradford", "Cornwall UA", "Thurrock UA", "Redbridge"):
        assert name in missing
    assert by_key(ro3_2023)["E08000025", "public_health.obesity"].status == NOT_RECEIVED


def test_ro3_lines_named_in_the_row_above_the_header_are_read(ro3_2023: ReturnFile) -> None:
    # 2023-24 headers say only "Net Current Expenditure"; the line is named in row 11.
    assert amount(ro3_2023, MANCHESTER, "public_health") == Decimal("60122000")
    assert amount(ro3_2023, MANCHESTER, "adult_social_care") == Decimal("258843000")
    assert amount(ro3_2023, MANCHESTER, "public_health.smoking_and_tobacco") == Decimal("584000")
    assert amount(ro3_2023, MANCHESTER, "public_health.covid_other") is not None


def test_the_2023_24_rsx_and_ro3_agree(ro3_2023: ReturnFile) -> None:
    rsx = by_key(read_revenue_outturn(RSX_2023))
    for (code, key), row in by_key(ro3_2023).items():
        if key in {"adult_social_care", "public_health"}:
            assert rsx[code, key].amount == row.amount, (code, key)


# --- Files that are not Revenue Outturn ----------------------------------------------------------


@needs_shared
def test_an_allocations_workbook_is_refused_by_name() -> None:
    with pytest.raises(UnreadableReturn) as raised:
        read_revenue_outturn(ALLOCATIONS)
    message = str(raised.value)
    assert f"Excel workbook with sheets '{NHS_ALLOCATIONS}'" in message
    assert "NHS England allocations workbook, not a Revenue Outturn form" in message


@needs_shared
def test_a_fingertips_csv_is_refused_by_name() -> None:
    with pytest.raises(UnreadableReturn, match="OHID Fingertips data download"):
        read_revenue_outturn(FINGERTIPS)


def test_a_text_file_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Minutes of the health and wellbeing board\nItem 1\n", encoding="utf-8")
    with pytest.raises(UnreadableReturn, match="text file whose first line starts"):
        read_return("revenue-outturn", notes)


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    blob = tmp_path / "picture.png"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(UnreadableReturn):
        read_revenue_outturn(blob)


# --- Made-up workbooks and CSVs ------------------------------------------------------------------

NCE = "Net Current Expenditure (C7 = C3 - C6)"


def workbook(path: Path, sheet: str, rows: Sequence[Sequence[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    active = book.active
    assert active is not None
    active.title = sheet
    for row in rows:
        active.append(list(row))
    book.save(path)
    return path


def test_another_revenue_outturn_form_is_refused_naming_it(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "RO2_2024-25_data_by_LA.xlsx",
        "RO2_LA_Data_2024-25",
        [
            ["Revenue Outturn (RO) 2024-25: Highways and transport (RO2) data"],
            ["ONS Code", "Local authority", "Class", f"Structural maintenance - {NCE}"],
            ["E10000016", "Kent CC", "SC", 1000],
        ],
    )
    with pytest.raises(UnreadableReturn, match="the Revenue Outturn RO2 form"):
        read_revenue_outturn(path)


def test_marks_and_bad_cells_on_a_made_up_rsx(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "summary.xlsx",
        "RSX_LA_Data_2019-20",
        [
            ["Revenue Outturn (RO) 2019-20: Service Expenditure Summary (RSX) data"],
            [],
            [
                "E-code",
                "ONS Code",
                "Local authority",
                "Notes",
                "Class",
                f"Adult Social Care - {NCE}",
                f"Public Health - {NCE}",
            ],
            ["E2221", "E10000016", "Kent CC", "", "SC", "1,234.5", "twelve"],
            ["E0304", "E06000039", "Slough UA", "M", "UA", "M", ".."],
            ["E0101", "E06000022", "Bath UA", "", "UA", "[z]", "[note 3]"],
            ["E5010", "E09000001", "City of London", "", "L", None, 0],
            ["E3831", "E07000223", "Adur", "", "SD", 5, 6],
            ["Eng", "E92000001", "ENGLAND", "", "Eng", 9, 9],
        ],
    )
    result = read_revenue_outturn(path)
    found = by_key(result)
    assert found[KENT, "adult_social_care"].amount == Decimal("1234500")
    assert found[KENT, "adult_social_care"].financial_year == "2019-20"
    assert (KENT, "public_health") not in found
    (problem,) = result.problems
    assert (problem.file, problem.sheet, problem.row) == (str(path), "RSX_LA_Data_2019-20", 4)
    assert problem.field == f"Public Health - {NCE}" and "'twelve'" in problem.message
    slough = [found["E06000039", s] for s in ("adult_social_care", "public_health")]
    assert [(row.amount, row.status) for row in slough] == [(None, NOT_RECEIVED)] * 2
    assert found["E06000022", "adult_social_care"].status == NOT_COLLECTED
    assert found["E06000022", "public_health"].status == NOT_RECEIVED
    city = found["E09000001", "adult_social_care"]
    assert (city.amount, city.status) == (None, NOT_RECEIVED)  # a blank is never zero
    assert found["E09000001", "public_health"].amount == Decimal(0)
    assert {row.council_code for row in result.outturn} == {
        KENT,
        "E06000039",
        "E06000022",
        "E09000001",
    }


def test_a_workbook_without_a_year_is_refused(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "summary.xlsx",
        "RSX data",
        [["ONS Code", "Local authority", "Class", f"Adult Social Care - {NCE}"]],
    )
    with pytest.raises(UnreadableReturn, match="no financial year"):
        read_revenue_outturn(path)


CSV_HEADER = (
    "year_ending,ONS_code,LA_LGF_code,LA_name,status,LA_class,LA_subclass,RS_asc_net_exp,"
    "RS_phs_net_exp,RS_totsx_net_exp,RO3_asctot_net_cur_exp,RO3_phsxlsti_net_cur_exp,"
    "RO3_phsxlcnt_net_cur_exp,RO3_phsxlprm_net_cur_exp\n"
)


def test_the_multi_year_csv(tmp_path: Path) -> None:
    # Made up, in the layout of Revenue_Outturn_time_series_data_v*.csv (LAYOUTS.md section 4A).
    path = tmp_path / "Revenue_Outturn_time_series_data_v3.csv"
    path.write_text(
        CSV_HEADER
        + "202303,E06000099,E0999,Exampleshire UA,submitted,UA,UA,98765,21000,412000,98765,"
        "450,300,50.5\n"
        "202403,E06000099,E0999,Exampleshire UA,submitted,UA,UA,104321,21500,430500,104321,"
        "470,,60\n"
        "202403,E08000025,E4601,Birmingham,not submitted,MD,MD,,,,,,,\n"
        "202403,E06,,Unitary Authorities,total,UA,,9876543,1234567,40000000,9876543,1,1,1\n"
        "202403,E07000223,E3831,Adur,submitted,SD,SD,0,0,500,0,0,0,0\n",
        encoding="utf-8",
    )
    result = read_return("revenue-outturn", path)
    rows = {(r.council_code, r.financial_year, r.service, r.form): r for r in result.outturn}
    assert rows["E06000099", "2022-23", "adult_social_care", "RS"].amount == Decimal("98765000")
    assert rows["E06000099", "2022-23", "total_services", "RS"].amount == Decimal("412000000")
    assert rows["E06000099", "2022-23", "public_health.sexual_health", "RO3"].amount == Decimal(
        "800500"
    )
    # A blank line in a submitted return is no figure, so the programme has none either.
    partial = rows["E06000099", "2023-24", "public_health.sexual_health", "RO3"]
    assert (partial.amount, partial.status) == (None, NOT_RECEIVED)
    birmingham = rows["E08000025", "2023-24", "adult_social_care", "RS"]
    assert (birmingham.amount, birmingham.status, birmingham.row) == (None, NOT_RECEIVED, 4)
    assert {r.council_code for r in result.outturn} == {"E06000099", "E08000025"}
    assert any("1 class and England total rows" in note for note in result.notes)
    assert not result.problems


def test_a_csv_with_a_bad_year_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "outturn.csv"
    path.write_text(
        CSV_HEADER + "last year,E06000099,E0999,Exampleshire UA,submitted,UA,UA,1,2,3,1,1,1,1\n",
        encoding="utf-8",
    )
    (problem,) = read_revenue_outturn(path).problems
    assert (problem.row, problem.field) == (2, "year_ending")
