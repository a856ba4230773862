"""The importers on real published files: cuts kept in real/ and the shared real folder."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from joinedup.cli import app
from joinedup.metrics.definition import Metric, national_metrics, parse_definition
from joinedup.metrics.imports import MetricImport, UnreadableImport, read_import
from joinedup.metrics.imports.cells import area_by_code
from joinedup.metrics.values import current_values
from joinedup.warehouse import Warehouse, init

HERE = Path(__file__).resolve().parent
REAL = HERE / "real"
REPO = HERE.parents[2]
SHARED = REPO.parent / "shared" / "real"
SOCIAL_ISOLATION = SHARED / "fingertips" / "brc_social-isolation-indicators-CountyUA.data.csv"
TURNOVER = SHARED / "lg-inform" / "lginform_17174_chart-16_turnover_excerpt.csv"
COUNTY_UA_2015 = REAL / "fingertips" / "jargonautical_indicators-CountyUA.data.csv"
DISTRICTS_2015 = REAL / "fingertips" / "brc_indicators-DistrictUApre419.data.csv"
CHART_EXPORT = REAL / "fingertips" / "brc_118i-social-isolation.data.csv"

needs_shared = pytest.mark.skipif(
    not SOCIAL_ISOLATION.is_file() or not TURNOVER.is_file(), reason="shared/real is absent"
)


def _local(metric_id: str, *, min_age: int, method: str, multiplier: int) -> Metric:
    return parse_definition(
        {
            "id": metric_id,
            "title": metric_id.replace("_", " "),
            "description": "A local metric a real Fingertips indicator is mapped to.",
            "set": "E54000050",
            "unit": "%" if multiplier == 100 else f"per {multiplier:,}",
            "method": method,
            "multiplier": multiplier,
            "numerator": {"description": "Numerator"},
            "denominator": {"description": "Denominator"},
            "age_band": {"min_age": min_age},
            "polarity": "higher_is_better",
            "source": {"publisher": "OHID", "dataset": "Fingertips"},
            "frequency": "annual",
        },
        "test",
    )


SOCIAL_CONTACT = _local("users_social_contact", min_age=18, method="proportion", multiplier=100)
INCIDENCE = _local("campylobacter_incidence", min_age=0, method="crude_rate", multiplier=100000)
DEFINITIONS = {**national_metrics(), SOCIAL_CONTACT.id: SOCIAL_CONTACT, INCIDENCE.id: INCIDENCE}


def refusal(result: MetricImport) -> str:
    assert result.values == ()
    ((problem),) = result.problems
    assert (problem.row, problem.field) == (None, None)
    return problem.message


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# -- Fingertips --------------------------------------------------------------------------------


@needs_shared
def test_the_26_column_download_is_refused_by_the_default_map_naming_what_it_holds() -> None:
    result = read_import("fingertips", SOCIAL_ISOLATION)
    assert result.notes[0] == "Layout: 26 columns, without Time period range (the older download)."
    message = refusal(result)
    assert message.startswith(
        "gives no value to store. It holds 4,536 rows: indicators 90280 'Social Isolation: "
        "percentage of adult social care users who\u2026', 90638 'Social Isolation: percentage "
        "of adult carers who have as mu\u2026'; area types 'County & UA', 'England', 'Region'; "
        "periods 2010/11 to 2018/19 (9 periods). None of its indicators is in the indicator map "
        "(22401=falls_admissions_65_plus)."
    )
    assert "--map 90280=METRIC" in message


@needs_shared
def test_the_26_column_download_mapped_gives_england_and_councils() -> None:
    result = read_import(
        "fingertips", SOCIAL_ISOLATION, {"90280": SOCIAL_CONTACT.id}, definitions=DEFINITIONS
    )
    assert result.problems == ()
    england = {v.period.label: v for v in result.values if v.area_type == "england"}
    assert sorted(england) == [f"20{y:02d}-{y + 1:02d}" for y in range(10, 19)]
    first = england["2010-11"]
    assert (first.value, first.lower_ci, first.upper_ci, first.denominator) == (
        41.9,
        41.4,
        42.4,
        59555.0,
    )
    councils = [v for v in result.values if v.area_type == "council"]
    assert len(councils) == 1307 and {v.metric_id for v in councils} == {SOCIAL_CONTACT.id}
    notes = " ".join(result.notes)
    assert "Age '18+ yrs'" in notes and "'65+ yrs' (740)" in notes
    assert "retired council codes with no single successor (E10000006)" in notes


def test_a_download_of_calendar_years_mapped_reads_nothing_and_says_why() -> None:
    result = read_import(
        "fingertips", COUNTY_UA_2015, {"93356": INCIDENCE.id}, definitions=DEFINITIONS
    )
    message = refusal(result)
    # The indicator name's line break inside quotes is read as part of the name.
    assert "indicator 93356 'Campylobacter incidence rate/100,000'; area types 'County & UA', " in (
        message
    )
    assert "'Country', 'Region'; periods 2015, 2016, 2017." in message
    assert "The indicator map reads 93356 as campylobacter_incidence" in message
    assert "Skipped 15 rows of calendar years ('2015' (5), '2016' (5), '2017' (5))" in " ".join(
        result.notes
    )
    assert any("(E06000028)" in note for note in result.notes)  # Bournemouth, merged in 2019


def test_a_lower_tier_download_is_refused_naming_its_indicators() -> None:
    message = refusal(read_import("fingertips", DISTRICTS_2015))
    assert message.startswith(
        "gives no value to store. It holds 12 rows: indicators 92659 'Estimated prevalence of "
        "diagnosed hypertension (16+)', 92658 'Estimated prevalence of COPD (all ages)'; area "
        "types 'District & UA (pre 4/19)', 'England', 'Region'; period 2015."
    )
    assert "--map 92659=METRIC" in message


def test_a_chart_export_without_indicator_ids_is_refused_naming_what_it_holds() -> None:
    with pytest.raises(UnreadableImport) as raised:
        read_import("fingertips", CHART_EXPORT)
    message = str(raised.value)
    assert "no Indicator ID column (14 columns: Area Code, Area Name, Area Type" in message
    assert "area types 'UA', 'Country', 'Region', 'County', 'Combined authorities'" in message
    assert "periods 2014/15, 2015/16" in message and "--map ID=METRIC" in message


@needs_shared
def test_the_cli_prints_the_refusal_and_the_notes(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    init(db)
    code, _, err = run("metrics", "import", "fingertips", str(SOCIAL_ISOLATION), "--db", str(db))
    assert code == 1 and "see the notes" not in err
    assert "brc_social-isolation-indicators-CountyUA.data.csv: gives no value to store." in err
    assert "Note: Skipped 4,536 rows of indicators not in the indicator map" in err
    assert "Nothing was stored: 1 problem" in err


@needs_shared
def test_the_cli_stores_a_mapped_real_download(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    init(db)
    definition = tmp_path / "users_social_contact.yaml"
    definition.write_text(
        "id: users_social_contact\n"
        "title: Adult social care users with as much social contact as they would like\n"
        "description: ASCOF 1I(1), as Fingertips publishes it (indicator 90280).\n"
        "set: E54000050\nunit: '%'\nmethod: proportion\nmultiplier: 100\n"
        "numerator: {description: Users who have as much social contact as they would like}\n"
        "denominator: {description: Users who answered the survey}\n"
        "age_band: {min_age: 18}\npolarity: higher_is_better\n"
        "source: {publisher: NHS England, dataset: ASCOF}\nfrequency: annual\n",
        encoding="utf-8",
    )
    code, _, err = run("metrics", "add", str(definition), "--system", "E54000050", "--db", str(db))
    assert code == 0, err
    code, out, err = run(
        "metrics",
        "import",
        "fingertips",
        str(SOCIAL_ISOLATION),
        "--map",
        "90280=users_social_contact",
        "--db",
        str(db),
    )
    assert code == 0, err
    assert "Stored load #1: 1316 values of users_social_contact" in out
    assert "Note: Layout: 26 columns" in out


# -- Skills for Care via LG Inform -------------------------------------------------------------


# The download's all-services turnover for 2023/24, as the file writes it (column 19266).
TURNOVER_2023_24 = {
    "E92000001": 24.8,  # England
    "E09000002": 8.5,  # Barking and Dagenham
    "E09000003": 17.5,  # Barnet
    "E08000038": 18.6,  # Barnsley, under its April 2024 code
    "E06000022": 25.2,  # Bath and North East Somerset
    "E06000055": 23.5,  # Bedford Borough
    "E09000004": 25.2,  # Bexley
    "E08000025": 29.8,  # Birmingham
    "E06000008": 28.2,  # Blackburn with Darwen
}


def _as_held(code: str) -> str:
    """The code JoinedUp's reference data holds the area under (Barnsley's old or new code)."""
    return area_by_code(code)[1]


@needs_shared
def test_a_real_lg_inform_turnover_export_gives_each_councils_turnover() -> None:
    result = read_import("skills-for-care", TURNOVER)
    assert result.problems == ()
    assert {v.metric_id for v in result.values} == {"asc_staff_turnover"}
    assert {v.period.label for v in result.values} == {"2023-24"}
    assert {v.area_code: v.value for v in result.values} == {
        _as_held(code): value for code, value in TURNOVER_2023_24.items()
    }
    assert [v.area_type for v in result.values] == ["england"] + ["council"] * 8
    assert all(v.numerator is None and v.denominator is None for v in result.values)
    assert result.notes[0] == (
        "Read 9 turnover rates as asc_staff_turnover (2023-24) from LG Inform column "
        "'% ASC staff turnover': 1 England value, 8 council values."
    )
    by_service = next(note for note in result.notes if note.startswith("Not read: 4 columns"))
    assert "'% ASC staff turnover, residential care' (1)" in by_service


@needs_shared
def test_the_real_care_service_columns_alone_are_refused_naming_what_they_hold(
    tmp_path: Path,
) -> None:
    rows = list(csv.reader(TURNOVER.open(encoding="utf-8", newline="")))
    cut = tmp_path / "by_care_service.csv"
    with cut.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, quoting=csv.QUOTE_ALL).writerows([*row[:3], *row[4:]] for row in rows)
    message = refusal(read_import("skills-for-care", cut))
    assert message.startswith(
        "gives no vacancy rate or turnover rate to store. It holds LG Inform metrics 19267 "
        "'% ASC staff turnover, community care', 19268 '% ASC staff turnover, day care', 19269 "
        "'% ASC staff turnover, domiciliary care' and 1 more; period 2023/24; unit %; areas "
        "councils (8), England (1)."
    )
    assert "no import option maps another metric" in message


@needs_shared
def test_the_cli_stores_the_real_lg_inform_turnover(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    init(db)
    code, out, err = run("metrics", "import", "skills-for-care", str(TURNOVER), "--db", str(db))
    assert code == 0, err
    assert "Stored load #1: 9 values of asc_staff_turnover for 9 areas." in out
    assert "Note: Not read: 4 columns" in out
    with Warehouse.open(db) as warehouse:
        stored = current_values(warehouse, "asc_staff_turnover")
    assert {row["area_code"]: row["value"] for row in stored} == {
        _as_held(code): value for code, value in TURNOVER_2023_24.items()
    }
    assert {row["period"] for row in stored} == {"2023-24"}
