"""Small files in the real layouts of Fingertips and Skills for Care data, with made-up figures.

The layouts follow shared/reference/LAYOUTS.md (sections 6 and 7); every figure is made up. The
CSVs are committed in ``fixtures/``; run this script to rewrite them after changing the rows below
(a test checks they match). Workbooks are built by the tests, so no binary file is committed:

    .venv/bin/python tests/metrics/imports/metrics_import_fixtures.py
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
FINGERTIPS_CSV = FIXTURES / "fingertips_falls_and_example.csv"
LG_INFORM_CSV = FIXTURES / "lginform_asc_workforce_2023-24.csv"

# ---------------------------------------------------------------------------------------------
# OHID Fingertips: the 27-column CSV of /api/all_data/csv/by_indicator_id. Column 23 is named
# after the parent area type; this file's parents are regions.

FINGERTIPS_HEADER = [
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
    "Compared to England value or percentiles",
    "Compared to Region value or percentiles",
    "Time period Sortable",
    "New data",
    "Compared to goal",
    "Time period range",
]

FALLS = ("22401", "Emergency hospital admissions due to falls in people aged 65 and over")
EXAMPLE = ("90000", "Example indicator")
UTLA = "Counties & UAs (from Apr 2023)"
NORTH_EAST = ("E12000001", "North East region (statistical)")
ENGLAND = ("E92000001", "England", "England")
ICB = ("E54000050", "NHS North East and North Cumbria Integrated Care Board - 00P", "ICBs")
HARTLEPOOL = ("E06000001", "Hartlepool", UTLA)
NEWCASTLE = ("E08000021", "Newcastle upon Tyne", UTLA)
MIDDLESBROUGH = ("E06000002", "Middlesbrough", UTLA)

Area = tuple[str, str, str]


def fingertips_row(
    indicator: tuple[str, str],
    area: Area,
    period: str,
    value: str,
    *,
    sex: str = "Persons",
    age: str = "65+ yrs",
    ci: tuple[str, str] = ("", ""),
    count: str = "",
    denominator: str = "",
    note: str = "",
    category: tuple[str, str] = ("", ""),
    parent: tuple[str, str] = NORTH_EAST,
    period_range: str = "1y",
) -> list[str]:
    code, name, area_type = area
    parent_code, parent_name = ("", "") if code == "E92000001" else parent
    sortable = period[:4] + "0000"
    return [
        *indicator,
        parent_code,
        parent_name,
        code,
        name,
        area_type,
        sex,
        age,
        *category,
        period,
        value,
        *ci,
        "",  # the 99.8% limits are not read
        "",
        count,
        denominator,
        note,
        "Cannot be calculated",
        "Not compared" if code == "E92000001" else "Similar",
        "Not compared",
        sortable,
        "",
        "",
        period_range,
    ]


FINGERTIPS_ROWS: list[list[str]] = [
    # row 2: read
    fingertips_row(
        FALLS,
        ENGLAND,
        "2022/23",
        "1933.4",
        ci=("1925.2", "1941.6"),
        count="220810",
        denominator="10813100",
    ),
    # rows 3-4: other sexes, skipped
    fingertips_row(FALLS, ENGLAND, "2022/23", "1544.0", sex="Male", ci=("1533.1", "1555.0")),
    fingertips_row(FALLS, ENGLAND, "2022/23", "2215.9", sex="Female", ci=("2205.0", "2226.8")),
    # row 5: another age, skipped
    fingertips_row(FALLS, ENGLAND, "2022/23", "1004.2", age="65-79 yrs", ci=("998.0", "1010.4")),
    # row 6: an ICB, read
    fingertips_row(
        FALLS,
        ICB,
        "2022/23",
        "2105.3",
        ci=("2071.0", "2140.1"),
        count="14950",
        denominator="668000",
        parent=("E40000012", "NHS North East and Yorkshire Region"),
    ),
    # row 7: a sub-ICB location, skipped
    fingertips_row(
        FALLS,
        ("E38000163", "NHS North East and North Cumbria ICB - 00P", "Sub-ICBs, former CCGs"),
        "2022/23",
        "2290.1",
        ci=("2180.4", "2403.3"),
        count="1650",
        denominator="70120",
    ),
    # row 8: a region, skipped
    fingertips_row(
        FALLS,
        ("E12000001", "North East region", "Regions (statistical)"),
        "2022/23",
        "2144.6",
        ci=("2110.2", "2179.5"),
        count="12560",
        denominator="553020",
        parent=("E92000001", "England"),
    ),
    # rows 9-10: counties & UAs, read
    fingertips_row(
        FALLS,
        HARTLEPOOL,
        "2022/23",
        "2310.8",
        ci=("2172.3", "2455.6"),
        count="420",
        denominator="18300",
    ),
    fingertips_row(
        FALLS,
        NEWCASTLE,
        "2022/23",
        "2251.0",
        ci=("2162.4", "2342.3"),
        count="970",
        denominator="43120",
    ),
    # row 11: suppressed, a note
    fingertips_row(
        FALLS,
        ("E06000047", "County Durham", UTLA),
        "2022/23",
        "",
        note="Value suppressed for disclosure control",
    ),
    # row 12: a bad number, a problem
    fingertips_row(
        FALLS,
        ("E09000003", "Barnet", UTLA),
        "2022/23",
        "17O4.2",
        ci=("1644.9", "1765.1"),
        count="1130",
        denominator="59740",
        parent=("E12000007", "London region (statistical)"),
    ),
    # row 13: an earlier year, read
    fingertips_row(
        FALLS,
        HARTLEPOOL,
        "2021/22",
        "2188.5",
        ci=("2054.8", "2329.1"),
        count="395",
        denominator="18050",
    ),
    # row 14: an earlier year with a value note, read
    fingertips_row(
        FALLS,
        NEWCASTLE,
        "2021/22",
        "2199.9",
        ci=("2111.7", "2290.8"),
        count="935",
        denominator="42500",
        note="Data quality issue: see indicator definition",
    ),
    # row 15: a retired county code (North Yorkshire before April 2023), read as E06000065
    fingertips_row(
        FALLS,
        ("E10000023", "North Yorkshire", "Counties & UAs (4/21-3/23)"),
        "2021/22",
        "1802.7",
        ci=("1751.0", "1855.5"),
        count="2350",
        denominator="133400",
        parent=("E12000003", "Yorkshire and the Humber region (statistical)"),
    ),
    # row 16: a UA in the lower-tier list, skipped
    fingertips_row(
        FALLS,
        ("E06000001", "Hartlepool", "Districts & UAs (from Apr 2023)"),
        "2022/23",
        "2310.8",
        ci=("2172.3", "2455.6"),
        count="420",
        denominator="18300",
    ),
    # row 17: a district, skipped
    fingertips_row(
        FALLS,
        ("E07000223", "Adur", "Districts & UAs (from Apr 2023)"),
        "2022/23",
        "1801.2",
        ci=("1650.3", "1962.0"),
        count="250",
        denominator="14200",
        parent=("E12000008", "South East region (statistical)"),
    ),
    # row 18: a GP practice, skipped
    fingertips_row(
        FALLS,
        ("A81001", "The Densham Surgery", "GPs"),
        "2022/23",
        "1990.0",
        ci=("1700.2", "2313.9"),
        count="160",
        denominator="8040",
    ),
    # row 19: a council code JoinedUp does not know, a problem
    fingertips_row(
        FALLS,
        ("E06000999", "Exampleshire", UTLA),
        "2022/23",
        "2001.0",
        ci=("1900.0", "2105.0"),
        count="600",
        denominator="29980",
    ),
    # row 20: the same as row 10, as a profile download repeats it; skipped with a note
    fingertips_row(
        FALLS,
        NEWCASTLE,
        "2022/23",
        "2251.0",
        ci=("2162.4", "2342.3"),
        count="970",
        denominator="43120",
    ),
    # row 21: a quarter of an annual metric, skipped
    fingertips_row(
        FALLS,
        HARTLEPOOL,
        "2023/24 Q1",
        "580.2",
        ci=("512.0", "654.9"),
        count="106",
        denominator="18400",
        period_range="1q",
    ),
    # rows 22-28: the LAYOUTS.md example indicator, not in the default map. Mapped to an all-ages
    # percentage in a test: one pooled period, one breakdown, one suppressed value, one calendar
    # year, one financial year (read) and one unreadable period.
    fingertips_row(
        EXAMPLE,
        ENGLAND,
        "2022 - 24",
        "63.1",
        age="All ages",
        ci=("63.0", "63.2"),
        period_range="3y",
    ),
    fingertips_row(
        EXAMPLE,
        MIDDLESBROUGH,
        "2022 - 24",
        "59.4",
        age="All ages",
        ci=("58.1", "60.7"),
        count="1520",
        denominator="2560",
        period_range="3y",
    ),
    fingertips_row(
        EXAMPLE,
        MIDDLESBROUGH,
        "2022 - 24",
        "55.0",
        age="All ages",
        ci=("52.0", "58.0"),
        count="300",
        denominator="545",
        category=("Deprivation deciles", "Most deprived decile"),
        period_range="3y",
    ),
    fingertips_row(
        EXAMPLE,
        ("E06000003", "Redcar and Cleveland", UTLA),
        "2022 - 24",
        "",
        age="All ages",
        note="Value suppressed for disclosure control",
        period_range="3y",
    ),
    fingertips_row(
        EXAMPLE,
        MIDDLESBROUGH,
        "2023",
        "58.8",
        age="All ages",
        ci=("56.0", "61.5"),
        count="505",
        denominator="859",
    ),
    fingertips_row(
        EXAMPLE,
        MIDDLESBROUGH,
        "2022/23",
        "58.2",
        age="All ages",
        ci=("55.4", "60.9"),
        count="500",
        denominator="859",
    ),
    fingertips_row(
        EXAMPLE,
        ("E06000004", "Stockton-on-Tees", UTLA),
        "Summer 2023",
        "61.0",
        age="All ages",
        ci=("58.6", "63.3"),
        count="700",
        denominator="1148",
    ),
]


def csv_text(rows: Sequence[Sequence[str]], *, quote_all: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(
        out, lineterminator="\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    )
    writer.writerows(rows)
    return out.getvalue()


def fingertips_text() -> str:
    return csv_text([FINGERTIPS_HEADER, *FINGERTIPS_ROWS])


# ---------------------------------------------------------------------------------------------
# LG Inform CSV export: every row starts with the three id columns; eight header rows (title,
# group, metric names, metric IDs, period label, period ID, unit, "raw"), then one row per area.

_IDS = ["area label", "area long label", "area"]
LG_INFORM_ROWS: list[list[str]] = [
    [*_IDS, "Adult social care workforce", "Adult social care workforce"],
    [*_IDS, "Skills for Care workforce estimates", "Skills for Care workforce estimates"],
    [*_IDS, "% ASC staff turnover", "% ASC vacancy rate"],
    [*_IDS, "19266", "99901"],
    [*_IDS, "2023/24", "2023/24"],
    [*_IDS, "fin_2023_24", "fin_2023_24"],
    [*_IDS, "%", "%"],
    [*_IDS, "raw", "raw"],
    ["England", "England (Country)", "E92000001", "25.8", "8.3"],
    ["North East", "North East (Region)", "E12000001", "24.1", "6.9"],
    ["Hartlepool", "Hartlepool (Unitary)", "E06000001", "27.0", "7.1"],
    ["Barnet", "Barnet (London borough)", "E09000003", "31.2", "10.2"],
    ["Hampshire", "Hampshire (County)", "E10000014", "26.6", "-"],
    ["Adur", "Adur (District)", "E07000223", "22.0", "6.0"],
    ["Sampleton", "Sampleton (London borough)", "E09000999", "30.0", "9.9"],
    [
        "Newcastle upon Tyne",
        "Newcastle upon Tyne (Metropolitan district)",
        "E08000021",
        "",
        "seven",
    ],
]


def lg_inform_text() -> str:
    return csv_text(LG_INFORM_ROWS, quote_all=True)


# ---------------------------------------------------------------------------------------------
# Skills for Care LA data download: sheet "LA level data", long, one row per council, sector,
# service and job role; councils by name, as the file writes them.

LA_DATA_HEADER = [
    "CSSR (LA area)",
    "Sector",
    "Service",
    "Job role",
    "Turnover rate",
    "Vacancy rate",
    "Sickness - Mean (divide by Employees)",
    "Zero Hour Contracts - Yes",
]
ALL = ("All sectors", "All services", "Job role group - All job roles")
LA_DATA_ROWS: list[list[object]] = [
    ["England", *ALL, 0.28, 0.099, 5.3, 0.24],  # row 2
    ["North East", *ALL, 0.26, 0.072, 5.0, 0.18],  # row 3: a region
    ["Hartlepool", *ALL, 0.27, 0.09, 5.1, 0.22],  # row 4
    ["Redcar & Cleveland", *ALL, 0.25, 0.081, 4.9, 0.2],  # row 5
    ["Stockton on Tees", *ALL, 0.3, 0.07, 5.2, 0.21],  # row 6
    ["Durham", *ALL, 0.26, 0.11, 5.4, 0.19],  # row 7
    ["Bristol", *ALL, "*", "*", "*", "*"],  # row 8: suppressed
    ["Cornwall and Isles of Scilly", *ALL, 0.29, 0.1, 4.8, 0.3],  # row 9
    ["Hartlepool", "All sectors", "All services", "Individual role - Care worker", 0.33, 0.11],
    ["Hartlepool", "Independent", "All services", "Job role group - All job roles", 0.3, 0.1],
    ["Sampleton & District", *ALL, 0.3, 0.09, 5.0, 0.2],  # row 12: no such council
    ["Newcastle upon Tyne", *ALL, 0.31, "0.1O", 5.0, 0.2],  # row 13: a bad number
    ["Kingston upon Hull", *ALL, 0.28, "8.5%", 5.0, 0.2],  # row 14: a percent sign
    ["Source: Skills for Care estimates, ASC-WDS"],  # row 15: a footnote
]


def write_la_data_download(
    path: Path,
    rows: Sequence[Sequence[object]] = LA_DATA_ROWS,
    header: Sequence[str] = LA_DATA_HEADER,
    sheet: str = "LA level data",
) -> Path:
    """A workbook with a Notes tab, then the data sheet with its header on row 1."""
    from openpyxl import Workbook

    workbook = Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "Notes"
    notes.append(["* Suppressed: too few jobs recorded to publish an estimate."])
    data = workbook.create_sheet(sheet)
    data.append(list(header))
    for row in rows:
        data.append(list(row))
    workbook.save(path)
    return path


if __name__ == "__main__":
    FIXTURES.mkdir(exist_ok=True)
    FINGERTIPS_CSV.write_text(fingertips_text(), encoding="utf-8")
    LG_INFORM_CSV.write_text(lg_inform_text(), encoding="utf-8")
    print(f"wrote {FINGERTIPS_CSV.name} and {LG_INFORM_CSV.name} in {FIXTURES}")
