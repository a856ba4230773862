"""Fingertips CSV: which rows become values, area mapping, notes versus problems, the map."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from joinedup.metrics.catalogue import metrics
from joinedup.metrics.definition import national_metrics, parse_definition
from joinedup.metrics.imports import (
    DEFAULT_INDICATOR_MAP,
    MetricImport,
    UnreadableImport,
    read_import,
)
from joinedup.metrics.imports.fingertips import age_range
from joinedup.metrics.values import MetricValue, current_values, store_values
from joinedup.warehouse import Warehouse, init

from .metrics_import_fixtures import (
    FALLS,
    FINGERTIPS_CSV,
    FINGERTIPS_HEADER,
    HARTLEPOOL,
    fingertips_row,
)

FALLS_METRIC = "falls_admissions_65_plus"


@pytest.fixture(scope="module")
def falls() -> MetricImport:
    return read_import("fingertips", FINGERTIPS_CSV)


@pytest.fixture(scope="module")
def example() -> MetricImport:
    """The LAYOUTS.md example indicator mapped, instead of the default map, to an all-ages %."""
    return read_import("fingertips", FINGERTIPS_CSV, {"90000": "deaths_usual_residence"})


def by_area(result: MetricImport) -> dict[tuple[str, str, str], MetricValue]:
    return {(v.area_type, v.area_code, v.period.label): v for v in result.values}


def note_with(result: MetricImport, text: str) -> str:
    found = [note for note in result.notes if text in note]
    assert len(found) == 1, f"no single note with {text!r} in {result.notes}"
    return found[0]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = FINGERTIPS_HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([header, *rows])
    return path


def test_the_default_map_holds_the_confirmed_falls_indicator() -> None:
    assert dict(DEFAULT_INDICATOR_MAP) == {"22401": FALLS_METRIC}
    assert set(DEFAULT_INDICATOR_MAP.values()) <= set(national_metrics())


def test_the_fixture_has_the_27_columns_of_the_real_download() -> None:
    with FINGERTIPS_CSV.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert len(rows[0]) == 27 and rows[0][12] == "Value" and rows[0][-1] == "Time period range"
    assert {len(row) for row in rows} == {27}


def test_values_are_stored_as_published(falls: MetricImport) -> None:
    values = by_area(falls)
    assert values["england", "E92000001", "2022-23"] == MetricValue(
        metric_id=FALLS_METRIC,
        area_type="england",
        area_code="E92000001",
        period=values["england", "E92000001", "2022-23"].period,
        age_band=None,
        numerator=220810,
        denominator=10813100,
        value=1933.4,
        lower_ci=1925.2,
        upper_ci=1941.6,
        row=2,
    )
    hartlepool = values["council", "E06000001", "2021-22"]
    assert (hartlepool.value, hartlepool.lower_ci, hartlepool.upper_ci) == (2188.5, 2054.8, 2329.1)
    assert (hartlepool.numerator, hartlepool.denominator, hartlepool.row) == (395, 18050, 13)
    assert hartlepool.period.frequency == "annual"
    assert all(v.metric_id == FALLS_METRIC and v.age_band is None for v in falls.values)


def test_areas_are_england_icbs_and_upper_tier_councils(falls: MetricImport) -> None:
    assert sorted(by_area(falls)) == [
        ("council", "E06000001", "2021-22"),
        ("council", "E06000001", "2022-23"),
        ("council", "E06000065", "2021-22"),  # North Yorkshire, read from retired E10000023
        ("council", "E08000021", "2021-22"),
        ("council", "E08000021", "2022-23"),
        ("england", "E92000001", "2022-23"),
        ("system", "E54000050", "2022-23"),
    ]


def test_rows_that_cannot_be_read_are_problems(falls: MetricImport) -> None:
    assert [(p.row, p.field) for p in falls.problems] == [(12, "Value"), (19, "Area Code")]
    bad_number, unknown_area = falls.problems
    assert bad_number.file == FINGERTIPS_CSV.name and bad_number.sheet is None
    assert "'17O4.2' is not a number" in bad_number.message
    assert "'E06000999'" in unknown_area.message and "Did you mean" in unknown_area.message


def test_rows_skipped_on_purpose_are_counted_in_notes(falls: MetricImport) -> None:
    assert note_with(falls, "Read 7 values of indicator 22401").endswith(
        "(Sex 'Persons', Age '65+ yrs', 2021-22 to 2022-23): 1 England value, 1 ICB value, "
        "5 council values."
    )
    assert "Sex 'Male' (1), 'Female' (1)" in note_with(falls, "only Persons")
    assert "'65-79 yrs' (1)" in note_with(falls, "at ages other than '65+ yrs'")
    note_with(falls, "Skipped 1 row of area type 'Regions (statistical)' (regions)")
    note_with(falls, "area type 'Sub-ICBs, former CCGs' (sub-ICB locations)")
    note_with(falls, "area type 'GPs'")
    assert note_with(falls, "Districts & UAs").startswith("Skipped 2 rows")  # a UA and a district
    assert "'Value suppressed for disclosure control' (1)" in note_with(falls, "no Value")
    note_with(falls, "Kept 1 value with a Value note")
    note_with(falls, "Skipped 1 row repeating an earlier row exactly")
    note_with(falls, "for quarterly periods: falls_admissions_65_plus is annual")
    assert "90000 'Example indicator' (7)" in note_with(falls, "not in the indicator map")


def test_an_age_standardised_rate_is_kept_whole_and_said_so(falls: MetricImport) -> None:
    note = note_with(falls, "is age-standardised")
    assert note.startswith(FALLS_METRIC) and "do not recompute" in note


def test_a_map_given_replaces_the_default(example: MetricImport) -> None:
    assert [(v.metric_id, v.area_code, v.period.label) for v in example.values] == [
        ("deaths_usual_residence", "E06000002", "2022-23")
    ]
    (value,) = example.values
    assert (value.numerator, value.denominator, value.value) == (500, 859, 58.2)
    note_with(example, "Age 'All ages'")
    note_with(example, "22401 'Emergency hospital admissions due to falls in people aged 65")
    assert not any("age-standardised" in note for note in example.notes)


def test_pooled_and_calendar_years_breakdowns_and_bad_periods(example: MetricImport) -> None:
    assert "'2022 - 24' (3)" in note_with(example, "pooled periods of several years")
    assert "'2023' (1)" in note_with(example, "of calendar years")
    note_with(example, "Category Type 'Deprivation deciles' (1)")
    ((row, field, message),) = [(p.row, p.field, p.message) for p in example.problems]
    assert (row, field) == (28, "Time period") and "'Summer 2023'" in message


@pytest.mark.parametrize(
    ("label", "ages"),
    [
        ("65+ yrs", (65, None)),
        ("18-64 yrs", (18, 64)),
        ("<75 yrs", (0, 74)),
        ("All ages", (0, None)),
        ("16+", (16, None)),
        ("Not applicable", None),
    ],
)
def test_age_labels(label: str, ages: tuple[int, int | None] | None) -> None:
    assert age_range(label) == ages


def test_an_indicator_without_its_metrics_age_is_a_problem(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "falls_80.csv",
        [fingertips_row(FALLS, HARTLEPOOL, "2022/23", "5000.1", age="80+ yrs")],
    )
    result = read_import("fingertips", path)
    assert result.values == ()
    ((problem),) = result.problems
    assert (problem.row, problem.field) == (None, "Age")
    assert "counts ages 65+ but the file's Persons rows are at '80+ yrs'" in problem.message


def test_an_indicator_at_several_ages_for_a_metric_without_an_age_band_is_a_problem(
    tmp_path: Path,
) -> None:
    rows = [
        fingertips_row(("93000", "Example"), HARTLEPOOL, "2022/23", "40.0", age=age)
        for age in ("65+ yrs", "85+ yrs")
    ]
    result = read_import(
        "fingertips", write_csv(tmp_path / "x.csv", rows), {"93000": "deaths_usual_residence"}
    )
    assert result.values == ()
    assert "'65+ yrs', '85+ yrs' and deaths_usual_residence names no age band" in (
        result.problems[0].message
    )


def test_headers_written_as_fingertipsr_writes_them_are_read(tmp_path: Path) -> None:
    header = [name.replace(" ", "") for name in FINGERTIPS_HEADER]  # IndicatorID, Timeperiod, ...
    row = fingertips_row(FALLS, HARTLEPOOL, "2022/23", "2310.8", ci=("2172.3", "2455.6"))
    row[0] = "22401.0"  # as a spreadsheet rewrites a number
    result = read_import("fingertips", write_csv(tmp_path / "r.csv", [row], header))
    ((value),) = result.values
    assert (value.area_code, value.value, value.lower_ci, value.upper_ci) == (
        "E06000001",
        2310.8,
        2172.3,
        2455.6,
    )


def test_a_windows_1252_file_is_read(tmp_path: Path) -> None:
    row = fingertips_row(FALLS, HARTLEPOOL, "2022/23", "2310.8", note="Estimate \u2013 see notes")
    path = tmp_path / "cp1252.csv"
    path.write_bytes(
        ",".join(FINGERTIPS_HEADER).encode() + b"\n" + ",".join(row).encode("cp1252") + b"\n"
    )
    result = read_import("fingertips", path)
    assert len(result.values) == 1 and "Estimate \u2013 see notes" in " ".join(result.notes)


def test_implausible_figures_are_problems(tmp_path: Path) -> None:
    rows = [
        fingertips_row(FALLS, HARTLEPOOL, "2022/23", "2310.8", ci=("2500", "2100")),
        fingertips_row(FALLS, HARTLEPOOL, "2021/22", "2310.8", count="-3"),
        fingertips_row(FALLS, HARTLEPOOL, "2020/21", "2310.8"),
        fingertips_row(FALLS, HARTLEPOOL, "2020/21", "2400.0"),  # the same year, other figures
    ]
    result = read_import("fingertips", write_csv(tmp_path / "x.csv", rows))
    assert [(p.row, p.field) for p in result.problems] == [
        (2, "Lower CI 95.0 limit"),
        (3, "Count"),
        (5, "Value"),
    ]
    assert "already read from row 4" in result.problems[2].message
    assert [v.row for v in result.values] == [4]


def test_a_percentage_above_100_suggests_the_wrong_metric(tmp_path: Path) -> None:
    rows = [fingertips_row(FALLS, HARTLEPOOL, "2022/23", "2310.8", count="420", denominator="900")]
    result = read_import(
        "fingertips", write_csv(tmp_path / "x.csv", rows), {"22401": "deaths_usual_residence"}
    )
    assert "mapped to the right metric" in result.problems[0].message


def test_a_mapped_indicator_absent_from_the_file_is_noted(tmp_path: Path) -> None:
    rows = [fingertips_row(("90000", "Example indicator"), HARTLEPOOL, "2022/23", "1.0")]
    result = read_import("fingertips", write_csv(tmp_path / "x.csv", rows))
    note_with(result, "No row is of an indicator in the indicator map: 22401")
    # Nothing to store is a refusal that says what the file holds and how to map it.
    ((refusal),) = result.problems
    assert result.values == () and (refusal.row, refusal.field) == (None, None)
    assert refusal.message.startswith(
        "gives no value to store. It holds 1 row: indicator 90000 'Example indicator'; "
        "area type 'Counties & UAs (from Apr 2023)'; period 2022/23."
    )
    assert "--map 90000=METRIC" in refusal.message


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("other.csv", "metric,area,period,numerator\nfalls,E06000001,2024-25,3\n"),
        ("empty.csv", ""),
        ("falls.xlsx", "not a workbook"),
    ],
)
def test_a_file_that_is_not_a_fingertips_csv_is_refused(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UnreadableImport, match=name) as raised:
        read_import("fingertips", path)
    assert "\n" not in str(raised.value) and "Fingertips" in str(raised.value)


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    init(tmp_path / "w.duckdb")
    with Warehouse.open(tmp_path / "w.duckdb", write=True) as opened:
        yield opened


def test_a_local_metric_can_be_mapped_and_the_values_stored(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    local = parse_definition(
        {
            "id": "falls_80_plus",
            "title": "Falls admissions, 80 and over",
            "description": "Emergency admissions due to falls, people aged 80 and over.",
            "set": "E54000050",
            "unit": "per 100,000 aged 80+",
            "method": "dsr",
            "multiplier": 100000,
            "numerator": {"description": "Admissions"},
            "denominator": {"description": "Population 80+"},
            "age_band": {"min_age": 80},
            "standard_population": "esp2013",
            "polarity": "lower_is_better",
            "source": {"publisher": "OHID", "dataset": "PHOF"},
            "frequency": "annual",
        },
        "test",
    )
    path = write_csv(
        tmp_path / "falls_80.csv",
        [fingertips_row(("22403", "Falls 80+"), HARTLEPOOL, "2022/23", "5000.1", age="80+ yrs")],
    )
    known = {**metrics(warehouse), local.id: local}
    result = read_import("fingertips", path, {"22403": local.id}, definitions=known)
    assert [v.metric_id for v in result.values] == ["falls_80_plus"]
    stored = store_values(
        warehouse,
        result.values,
        source="import:fingertips",
        file_name=path.name,
        file_sha256=result.sha256,
        loaded_by="test",
    )
    assert stored.rows == 1
    assert current_values(warehouse, "falls_80_plus")[0]["value"] == 5000.1
