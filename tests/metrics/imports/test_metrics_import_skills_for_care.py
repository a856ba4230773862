"""Skills for Care vacancy and turnover rates: the LA data download and the LG Inform export."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from joinedup.metrics.imports import MetricImport, UnreadableImport, read_import
from joinedup.metrics.imports.skills_for_care import council_by_name
from joinedup.reference import UnknownCode

from .metrics_import_fixtures import (
    ALL,
    LA_DATA_HEADER,
    LA_DATA_ROWS,
    LG_INFORM_CSV,
    LG_INFORM_ROWS,
    csv_text,
    write_la_data_download,
)

METRIC = "asc_vacancy_rate"
TURNOVER = "asc_staff_turnover"


def rates(result: MetricImport, metric: str = METRIC) -> dict[str, float | None]:
    return {v.area_code: v.value for v in result.values if v.metric_id == metric}


def note_with(result: MetricImport, text: str) -> str:
    found = [note for note in result.notes if text in note]
    assert len(found) == 1, f"no single note with {text!r} in {result.notes}"
    return found[0]


@pytest.fixture
def download(tmp_path: Path) -> MetricImport:
    return read_import(
        "skills-for-care", write_la_data_download(tmp_path / "LA-data-download-2023-24.xlsx")
    )


def test_the_workbook_rates_become_percentages_per_council(download: MetricImport) -> None:
    assert rates(download) == pytest.approx(
        {
            "E92000001": 9.9,  # England
            "E06000001": 9.0,  # Hartlepool
            "E06000003": 8.1,  # Redcar & Cleveland
            "E06000004": 7.0,  # Stockton on Tees
            "E06000047": 11.0,  # Durham
            "E06000052": 10.0,  # Cornwall and Isles of Scilly, as Cornwall
            "E06000010": 8.5,  # Kingston upon Hull, "8.5%"
        }
    )
    assert {v.metric_id for v in download.values} == {METRIC}
    assert {v.period.label for v in download.values} == {"2023-24"}
    assert all(v.numerator is None and v.denominator is None for v in download.values)
    assert [v.row for v in download.values] == [2, 4, 5, 6, 7, 9, 14]


def test_the_workbook_notes_say_what_was_skipped(download: MetricImport) -> None:
    assert note_with(download, "Read 7 vacancy rates").endswith(
        "from sheet 'LA level data', column 'Vacancy rate': 1 England value, 6 council values."
    )
    note_with(download, "Period 2023-24 taken from the file name")
    note_with(download, "read as fractions (0.081 is 8.1%) and multiplied by 100")
    note_with(download, "1 rate written with a % sign")
    note_with(download, "Skipped 2 rows for single sectors, services or job roles")
    note_with(download, "Skipped 1 row with no sector or service (notes or titles)")
    note_with(download, "Skipped 1 row of regions")
    note_with(download, "Isles of Scilly (E06000053) has no value of its own")
    assert "'*' (1)" in note_with(download, "suppressed or missing rate")
    note_with(download, "rates only")


def test_the_workbook_rows_that_cannot_be_read_are_problems(download: MetricImport) -> None:
    assert [(p.row, p.field, p.sheet) for p in download.problems] == [
        (12, "CSSR (LA area)", "LA level data"),
        (13, "Vacancy rate", "LA level data"),
    ]
    assert "'Sampleton & District' is not an upper-tier council" in download.problems[0].message
    assert "'0.1O' is not a number" in download.problems[1].message


def test_rates_above_one_are_read_as_percentages(tmp_path: Path) -> None:
    rows = [["Hartlepool", *ALL, 27, 9.0], ["Barnet", *ALL, 30, "12.5"]]
    result = read_import(
        "skills-for-care", write_la_data_download(tmp_path / "LA-2022-23.xlsx", rows)
    )
    assert rates(result) == {"E06000001": 9.0, "E09000003": 12.5}
    note_with(result, "read as percentages (8.1 is 8.1%)")


def test_a_rate_above_100_percent_is_a_problem(tmp_path: Path) -> None:
    rows = [["Hartlepool", *ALL, 27, 9.0], ["Barnet", *ALL, 30, 120]]
    result = read_import(
        "skills-for-care", write_la_data_download(tmp_path / "LA-2022-23.xlsx", rows)
    )
    assert [(p.row, p.field, p.message) for p in result.problems] == [
        (3, "Vacancy rate", "a vacancy rate of 120% is above 100%")
    ]


def test_vacancy_and_post_counts_give_numerator_and_denominator(tmp_path: Path) -> None:
    header = [*LA_DATA_HEADER[:6], "Vacancies", "Filled posts"]
    rows = [["Hartlepool", *ALL, 0.27, 0.09, "300", "3,030"]]
    result = read_import(
        "skills-for-care",
        write_la_data_download(tmp_path / "LA-data-download-2023-24.xlsx", rows, header),
    )
    ((value),) = result.values
    assert (value.numerator, value.denominator) == (300, 3330)
    assert value.value == pytest.approx(9.0)
    note_with(result, "Numerator from column 'Vacancies'; denominator 'Vacancies' + 'Filled")


def test_the_period_comes_from_a_column_the_argument_or_the_name(tmp_path: Path) -> None:
    undated = write_la_data_download(tmp_path / "LA-data-download.xlsx", LA_DATA_ROWS[:3])
    with pytest.raises(UnreadableImport, match="does not say which financial year"):
        read_import("skills-for-care", undated)
    given = read_import("skills-for-care", undated, period="2021-22")
    assert {v.period.label for v in given.values} == {"2021-22"}

    named = write_la_data_download(tmp_path / "LA-data-download-2019-20.xlsx", LA_DATA_ROWS[:3])
    overridden = read_import("skills-for-care", named, period="2020/21")
    assert {v.period.label for v in overridden.values} == {"2020-21"}
    note_with(overridden, "The file name says 2019-20; read as 2020-21")

    header = ["Year", *LA_DATA_HEADER]
    rows = [["2022/23", "Hartlepool", *ALL, 0.2, 0.09], ["2023/24", "Hartlepool", *ALL, 0.2, 0.1]]
    rows.append(["Summer", "Barnet", *ALL, 0.2, 0.1])
    by_column = read_import(
        "skills-for-care", write_la_data_download(tmp_path / "all.xlsx", rows, header)
    )
    assert sorted(v.period.label for v in by_column.values) == ["2022-23", "2023-24"]
    assert [(p.row, p.field) for p in by_column.problems] == [(4, "Year")]


def test_the_data_sheet_saved_as_csv_is_read(tmp_path: Path) -> None:
    path = tmp_path / "LA level data 2023-24.csv"
    path.write_text(
        csv_text([LA_DATA_HEADER, *[[str(c) for c in row] for row in LA_DATA_ROWS[:6]]]),
        encoding="utf-8",
    )
    result = read_import("skills-for-care", path)
    assert rates(result) == pytest.approx(
        {"E92000001": 9.9, "E06000001": 9.0, "E06000003": 8.1, "E06000004": 7.0, "E06000047": 11}
    )
    assert result.problems == ()


def test_a_workbook_without_the_data_sheet_is_refused(tmp_path: Path) -> None:
    path = write_la_data_download(
        tmp_path / "LA-2023-24.xlsx", [["Hartlepool", 1, 2]], ["Council", "Turnover", "Other"]
    )
    with pytest.raises(UnreadableImport, match=r"LA-2023-24.xlsx: not a Skills for Care") as e:
        read_import("skills-for-care", path)
    assert "sheets: LA level data, Notes" in str(e.value)


def test_a_damaged_workbook_or_other_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.xlsx").write_bytes(b"PK not really")
    with pytest.raises(UnreadableImport, match=r"not a readable \.xlsx"):
        read_import("skills-for-care", tmp_path / "bad.xlsx")
    (tmp_path / "data.json").write_text("{}", encoding="utf-8")
    with pytest.raises(UnreadableImport, match=r"not a \.json"):
        read_import("skills-for-care", tmp_path / "data.json")
    (tmp_path / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UnreadableImport, match="its first row starts: a, b"):
        read_import("skills-for-care", tmp_path / "other.csv")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Redcar & Cleveland", "E06000003"),
        ("Telford & Wrekin", "E06000020"),
        ("Stockton on Tees", "E06000004"),
        ("Stoke on Trent", "E06000021"),
        ("Durham", "E06000047"),
        ("Bristol", "E06000023"),
        ("Kingston upon Hull", "E06000010"),
        ("Herefordshire", "E06000019"),
        ("St Helens", "E08000013"),
        ("Brighton & Hove", "E06000043"),
        ("Kingston upon Thames", "E09000021"),
    ],
)
def test_council_names_as_skills_for_care_writes_them(name: str, code: str) -> None:
    assert council_by_name(name) == code


def test_an_unknown_council_name_suggests_others() -> None:
    with pytest.raises(UnknownCode, match="Did you mean"):
        council_by_name("Hartlepol")


# -- LG Inform -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lg_inform() -> MetricImport:
    return read_import("skills-for-care", LG_INFORM_CSV)


def test_lg_inform_values_are_read_by_ons_code(lg_inform: MetricImport) -> None:
    assert rates(lg_inform) == {"E92000001": 8.3, "E06000001": 7.1, "E09000003": 10.2}
    assert {v.period.label for v in lg_inform.values} == {"2023-24"}
    assert [v.row for v in lg_inform.values if v.metric_id == METRIC] == [9, 11, 12]


def test_lg_inform_turnover_is_read_beside_the_vacancy_rate(lg_inform: MetricImport) -> None:
    assert rates(lg_inform, TURNOVER) == {
        "E92000001": 25.8,
        "E06000001": 27.0,
        "E09000003": 31.2,
        "E10000014": 26.6,  # Hampshire: its vacancy rate is suppressed, its turnover is not
    }
    assert {v.metric_id for v in lg_inform.values} == {METRIC, TURNOVER}
    assert all(v.numerator is None and v.denominator is None for v in lg_inform.values)


def test_lg_inform_notes_and_problems(lg_inform: MetricImport) -> None:
    note_with(lg_inform, "Read 3 vacancy rates as asc_vacancy_rate (2023-24) from LG Inform column")
    note_with(lg_inform, "Read 4 turnover rates as asc_staff_turnover (2023-24) from LG Inform")
    assert not any("other metrics" in note for note in lg_inform.notes)
    note_with(lg_inform, "Skipped 1 row of regions")
    note_with(lg_inform, "Skipped 1 row of non-metropolitan districts")
    assert "'-' (1)" in note_with(lg_inform, "suppressed or missing rate")
    assert [(p.row, p.field) for p in lg_inform.problems] == [
        (15, "area"),
        (16, "% ASC vacancy rate"),
    ]


def test_lg_inform_period_ids_serve_when_labels_do_not(tmp_path: Path) -> None:
    rows = [list(row) for row in LG_INFORM_ROWS[2:]]  # without title and group rows
    rows[2][3:] = ["Apr 2023 - Mar 2024", "Apr 2023 - Mar 2024"]
    rows[3][3:] = ["fin_2023_24", "fin_2023_24"]
    path = tmp_path / "lg.csv"
    path.write_text(csv_text(rows, quote_all=True), encoding="utf-8")
    result = read_import("skills-for-care", path, period="2023-24")
    assert rates(result)["E06000001"] == 7.1
    note_with(result, "The period given (2023-24) is not used")


def test_two_vacancy_columns_for_one_period_are_a_problem(tmp_path: Path) -> None:
    rows = [[*row[:3], row[4], row[4]] for row in LG_INFORM_ROWS]
    rows[2][4] = "% ASC vacancy rate - care workers"
    path = tmp_path / "lg.csv"
    path.write_text(csv_text(rows, quote_all=True), encoding="utf-8")
    result = read_import("skills-for-care", path)
    assert result.values == ()
    assert "more than one vacancy-rate column for 2023-24" in result.problems[-1].message
    assert result.problems[-1].row is None


def _lg_file(tmp_path: Path, names: list[str], values: list[str]) -> Path:
    """An LG Inform export of England and Hartlepool with the metrics named, all 2023/24, %."""
    ids = ["area label", "area long label", "area"]
    rows = [
        [*ids, *names],
        [*ids, *(str(19266 + n) for n in range(len(names)))],
        [*ids, *["2023/24"] * len(names)],
        [*ids, *["fin_2023_24"] * len(names)],
        [*ids, *["%"] * len(names)],
        ["England", "England (Country)", "E92000001", *values],
        ["Hartlepool", "Hartlepool (Unitary)", "E06000001", *values],
    ]
    path = tmp_path / "lg.csv"
    path.write_text(csv_text(rows, quote_all=True), encoding="utf-8")
    return path


def test_columns_by_care_service_are_noted_not_read(tmp_path: Path) -> None:
    names = [
        "% ASC staff turnover, domiciliary care",
        "% ASC staff turnover",
        "% ASC vacancy rate, residential care",
        "Sickness days per worker",
    ]
    result = read_import("skills-for-care", _lg_file(tmp_path, names, ["30.1", "25.5", "9", "5"]))
    assert rates(result, TURNOVER) == {"E92000001": 25.5, "E06000001": 25.5}
    assert rates(result) == {} and result.problems == ()
    assert "'% ASC staff turnover, domiciliary care' (1)" in note_with(
        result, "asc_staff_turnover is the figure for all services"
    )
    assert "'% ASC vacancy rate, residential care' (1)" in note_with(
        result, "asc_vacancy_rate is the figure for all services"
    )
    note_with(result, "Skipped 1 column of other metrics: 'Sickness days per worker' (1)")


def test_a_file_of_care_services_only_is_refused_naming_what_is_read(tmp_path: Path) -> None:
    names = ["% ASC staff turnover, day care", "% ASC vacancy rate, day care"]
    result = read_import("skills-for-care", _lg_file(tmp_path, names, ["12.1", "6.0"]))
    assert result.values == ()
    ((problem),) = result.problems
    assert problem.message.startswith("gives no vacancy rate or turnover rate to store.")
    assert (
        "Only a Skills for Care metric whose name mentions 'vacancy' (as asc_vacancy_rate) or "
        "'turnover' (as asc_staff_turnover), unit %, with no ', <care service>' after the word, "
        "is read; no import option maps another metric." in problem.message
    )


def test_two_turnover_columns_for_one_period_are_a_problem(tmp_path: Path) -> None:
    names = ["% ASC staff turnover", "Staff turnover (%)", "% ASC vacancy rate"]
    result = read_import("skills-for-care", _lg_file(tmp_path, names, ["25", "26", "8"]))
    assert rates(result, TURNOVER) == {} and rates(result) == {"E92000001": 8, "E06000001": 8}
    ((problem),) = result.problems
    assert problem.message.startswith("more than one turnover-rate column for 2023-24")


def test_an_lg_inform_file_without_metric_ids_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lg.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([LG_INFORM_ROWS[2], LG_INFORM_ROWS[8]])
    with pytest.raises(UnreadableImport, match="not an LG Inform export as expected"):
        read_import("skills-for-care", path)
