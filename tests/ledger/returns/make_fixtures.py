"""Small files in the real layouts of the national returns, with made-up figures.

The layouts follow shared/reference/LAYOUTS.md (sections 2 and 3). The ASC-FR CSVs are committed
in ``fixtures/``; run this script to rewrite them after changing the rows below (a test checks
they match). The ICB allocations workbook is built by the tests, so no binary file is committed:

    .venv/bin/python tests/ledger/returns/make_fixtures.py [DIRECTORY-FOR-THE-XLSX]
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
ASC_FR_CURRENT = FIXTURES / "asc_fr_2022-23.csv"
ASC_FR_KEY_NAMES = FIXTURES / "asc_fr_2019-20_key_names.csv"

# ---------------------------------------------------------------------------------------------
# NHS England ICB allocations workbook: titles on rows 1-2, header on row 3, spare column A,
# then region, ICB (ODS) code, ICB name and £000 figures, with region subtotals and ENGLAND.

Cell = str | int | float | None

CORE_SHEET = "ICB Core Allocations 2024-25"
PMC_SHEET = "PMC Allocations 2024-25"
OTHER_PRIMARY_SHEET = "Other Primary Care"
RUNNING_COST_SHEET = "ICB running cost allowance"

ICB_SHEETS: dict[str, list[list[Cell]]] = {
    CORE_SHEET: [
        ["", "Integrated care board allocations 2024/25: core services"],
        [None, "All figures are £000. Region subtotals and the England total are included."],
        [
            None,
            "Region",
            "ICB code",
            "ICB name",
            "2023/24 Recurrent allocation (£k)",
            "Growth (£k)",
            "2024/25 Target allocation (£k)",
            "2024/25 Combined\nallocation (£k)",
        ],
        [
            None,
            "North West",
            "QE1",
            "NHS Lancashire and South Cumbria Integrated Care Board",
            3100000,
            150000,
            3260000,
            3250000.5,
        ],
        [
            None,
            "North West",
            "QYG",
            "NHS Cheshire and Merseyside Integrated Care Board",
            4600000,
            220000,
            4800000,
            4820000,
        ],
        [None, "North West", None, "North West", 7700000, 370000, 8060000, 8070000.5],
        [
            None,
            "South East",
            "QXU",
            "NHS Surrey Heartlands Integrated Care Board",
            1500000,
            70000,
            1580000,
            1570000,
        ],
        [
            None,
            "South East",
            "QNX",
            "NHS Sussex Integrated Care Board",
            2600000,
            120000,
            2700000,
            2720000,
        ],
        [None, "South East", "QZZ", "NHS Nowhere Integrated Care Board", 1, 0, 1, 100],
        [None, "South East", None, "South East", 4100001, 190000, 4280001, 4290100],
        [None, None, None, "ENGLAND", 100000000, 5000000, 105500000, 105000000],
        [None],
        [None, "Source: NHS England, allocations team."],
    ],
    PMC_SHEET: [
        [None, "Primary medical care allocations 2024/25"],
        [None, "£000"],
        [
            None,
            "Region",
            "ICB code",
            "ICB name",
            "2024/25 Recurrent allocation (£000)\n[note 3]",
            "2024/25 Total allocation (£000)",
        ],
        [None, "North West", "QE1", "NHS Lancashire and South Cumbria ICB", 480000, 481000],
        [None, "North West", "QYG", "NHS Cheshire and Merseyside ICB", "7,1O0", 7200],
        [None, "North West", None, "North West", 487100, 488200],
        [None, "South East", "QXU", "NHS Surrey Heartlands ICB", "*", "*"],
        [None, "South East", "QNX", "NHS Sussex ICB", "410,250", "411,000"],
        [None, "South East", None, "South East", 410250, 411000],
        [None, None, None, "ENGLAND", 11000000, 11100000],
    ],
    OTHER_PRIMARY_SHEET: [
        [None, "Delegated pharmacy, optometry and dental allocations"],
        [None, "£000"],
        [
            None,
            "Region",
            "ICB ODS code",
            "ICB name",
            "2023/24 allocation (£000)",
            "2024/25 allocation (£000)",
        ],
        [None, "North West", "QE1", "NHS Lancashire and South Cumbria ICB", 150000, 155000],
        [None, "South East", "QXU", "NHS Surrey Heartlands ICB", 60000, 62000.5],
        [None, None, None, "England", 4000000, 4100000],
    ],
    RUNNING_COST_SHEET: [
        [None, "ICB running cost allowances"],
        [None, "£000"],
        [
            None,
            "Region",
            "ICB code",
            "ICB name",
            "2024/25 Running cost allowance (£000)",
            "2024/25 per head (£)",
        ],
        [None, "North West", "QE1", "NHS Lancashire and South Cumbria ICB", 25000, 12.3],
        [None, "North West", "QYG", "NHS Cheshire and Merseyside ICB", 31000, 12.1],
        [None, "South East", None, "NHS Surrey Heartlands Integrated Care Board", 18000, 11.9],
        [None, "South East", "QNX", "NHS Frimley Integrated Care Board", 21000, 11.5],
        [None, None, None, "ENGLAND", 1500000, 12.0],
    ],
    "Notes": [
        ["Notes"],
        ["1. Figures are in £ thousands."],
    ],
}


def write_icb_workbook(path: Path, sheets: dict[str, list[list[Cell]]] | None = None) -> Path:
    """The ICB allocations workbook (or one made of ``sheets``), written to ``path``."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, rows in (ICB_SHEETS if sheets is None else sheets).items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


# ---------------------------------------------------------------------------------------------
# ASC-FR main data file: long format, one row per cell of the return, £000.

ASC_FR_COLUMNS = (
    "GEOGRAPHY_LEVEL",
    "DATA_LEVEL",
    "UUID",
    "FY_ENDING",
    "CASSR",
    "GEOGRAPHY_CODE",
    "DH_GEOGRAPHY_NAME",
    "REGION_GO_CODE",
    "GEOGRAPHY_NAME",
    "DimensionGroup",
    "CareType",
    "FinanceType",
    "FinanceDescription",
    "AgeBand",
    "PrimarySupportReason",
    "SupportSetting",
    "Purpose",
    "CarerSupportType",
    "DataType",
    "ActivityProvision",
    "ComparativeTotals",
    "DataSource",
    "ValueType",
    "ITEMVALUE",
)

# The 2015-16 to 2019-20 editions: "_Key" on the dimension columns, DATA_Level in one parser,
# and a column order of their own (loaders must find columns by name).
KEY_EDITION_COLUMNS = {
    **{name: name for name in ASC_FR_COLUMNS},
    "DATA_LEVEL": "DATA_Level",
    **{
        name: f"{name}_Key"
        for name in (
            "CareType",
            "FinanceType",
            "FinanceDescription",
            "AgeBand",
            "PrimarySupportReason",
            "SupportSetting",
            "Purpose",
            "CarerSupportType",
            "DataType",
            "ActivityProvision",
            "ComparativeTotals",
            "DataSource",
            "ValueType",
        )
    },
}
KEY_EDITION_ORDER = (
    "GEOGRAPHY_LEVEL",
    "UUID",
    "CASSR",
    "GEOGRAPHY_CODE",
    "DH_GEOGRAPHY_NAME",
    "REGION_GO_CODE",
    "GEOGRAPHY_NAME",
    "FY_ENDING",
    "DATA_LEVEL",
    "DimensionGroup",
    "FinanceType",
    "CareType",
    "AgeBand",
    "FinanceDescription",
    "PrimarySupportReason",
    "SupportSetting",
    "Purpose",
    "CarerSupportType",
    "DataType",
    "ActivityProvision",
    "ComparativeTotals",
    "DataSource",
    "ITEMVALUE",
    "ValueType",
)

_AREAS = {
    "E06000001": ("805", "Hartlepool", "E12000001", "North East"),
    "E10000023": ("815", "North Yorkshire", "E12000003", "Yorkshire and The Humber"),
    "E10000021": ("928", "Northamptonshire", "E12000004", "East Midlands"),
    "E06000999": ("999", "Exampleshire", "E12000001", "North East"),
    "E12000001": ("", "North East", "", "North East"),
    "E92000001": ("", "England", "", "England"),
}

LTC = "Long Term Care"
STC = "Short Term Care"
OSS = "Other Social Support"
OWN = "Own Provision"
OTHERS = "Provision by Others"
OLD = "65 and Over"
WORKING = "18 to 64"
PHYSICAL = "Physical Support"
LEARNING = "Learning Disability Support"
MENTAL = "Mental Health Support"


def _row(
    code: str,
    care: str,
    provider: str,
    age: str,
    reason: str,
    setting: str,
    value: str,
    *,
    purpose: str = "",
    carer: str = "",
    level: str = "Local Authority",
    finance_type: str = "Expenditure",
    data_level: str = "Gross Current Expenditure",
    value_type: str = "",
    fy: str = "2023",
) -> dict[str, str]:
    cassr, name, region_code, region = _AREAS[code]
    return {
        "GEOGRAPHY_LEVEL": level,
        "DATA_LEVEL": data_level,
        "UUID": "",
        "FY_ENDING": fy,
        "CASSR": cassr,
        "GEOGRAPHY_CODE": code,
        "DH_GEOGRAPHY_NAME": name,
        "REGION_GO_CODE": region_code,
        "GEOGRAPHY_NAME": region if level != "Local Authority" else name,
        "DimensionGroup": care if care != "99" else "Total",
        "CareType": care,
        "FinanceType": finance_type,
        "FinanceDescription": provider,
        "AgeBand": age,
        "PrimarySupportReason": reason,
        "SupportSetting": setting,
        "Purpose": purpose,
        "CarerSupportType": carer,
        "DataType": "99",
        "ActivityProvision": "99",
        "ComparativeTotals": "",
        "DataSource": "ASC-FR",
        "ValueType": value_type,
        "ITEMVALUE": value,
    }


HARTLEPOOL = "E06000001"
NORTH_YORKSHIRE = "E10000023"  # retired in April 2023; the same area is now E06000065
NORTHAMPTONSHIRE = "E10000021"  # split in April 2021
EXAMPLESHIRE = "E06000999"  # not a council

ASC_FR_ROWS: list[dict[str, str]] = [
    # Region and England rows: skipped.
    _row("E12000001", "99", "99", "99", "99", "99", "1500000", level="Region"),
    _row("E92000001", "99", "99", "99", "99", "99", "24000000", level="England"),
    # Hartlepool, the most detailed lines.
    _row(HARTLEPOOL, LTC, OWN, OLD, PHYSICAL, "Residential", "1234"),
    _row(HARTLEPOOL, LTC, OTHERS, OLD, PHYSICAL, "Residential", "5678"),
    _row(HARTLEPOOL, LTC, OTHERS, OLD, PHYSICAL, "Nursing", "2000"),
    _row(HARTLEPOOL, LTC, OTHERS, WORKING, MENTAL, "Residential", "-20"),
    _row(HARTLEPOOL, LTC, OTHERS, WORKING, LEARNING, "Supported Accommodation", "3100"),
    _row(HARTLEPOOL, LTC, OTHERS, OLD, PHYSICAL, "Community: Home Care", "4000"),
    _row(HARTLEPOOL, LTC, OTHERS, WORKING, PHYSICAL, "Community: Home Care", "1500.5"),
    _row(HARTLEPOOL, LTC, OWN, WORKING, LEARNING, "Community: Home Care", "*"),
    _row(HARTLEPOOL, LTC, OTHERS, WORKING, PHYSICAL, "Community: Direct Payments", "900"),
    _row(HARTLEPOOL, LTC, OTHERS, OLD, PHYSICAL, "Community: Other Long Term Care", "12O"),
    _row(HARTLEPOOL, STC, OTHERS, OLD, PHYSICAL, "", "700", purpose="ST-Max"),
    _row(HARTLEPOOL, STC, OWN, OLD, PHYSICAL, "", "150", purpose="Other Short Term"),
    _row(HARTLEPOOL, OSS, OWN, "", "", "", "120", purpose="Support for Carers", carer="Direct"),
    _row(HARTLEPOOL, OSS, OTHERS, "", "", "", "300", purpose="Information and Early Intervention"),
    _row(HARTLEPOOL, OSS, OWN, "", "", "", "210", purpose="Equipment and Adaptations"),
    _row(HARTLEPOOL, OSS, OTHERS, "", "", "", "50", purpose="Asylum Seeker Support"),
    _row(HARTLEPOOL, "Commissioning and Service Delivery", OWN, "", "", "", "800"),
    _row(HARTLEPOOL, "Assessment and Care Management", OWN, "", "", "", "400"),
    _row(HARTLEPOOL, LTC, OTHERS, OLD, PHYSICAL, "Residential", "75", fy="FY23"),
    # Hartlepool totals (99 = all): skipped, or they would count the lines above twice.
    _row(HARTLEPOOL, LTC, "99", OLD, "99", "Residential", "6912"),
    _row(HARTLEPOOL, LTC, OTHERS, WORKING, LEARNING, "99", "3100"),
    _row(HARTLEPOOL, STC, "99", "99", "99", "", "850", purpose="99"),
    _row(HARTLEPOOL, "99", "99", "99", "99", "99", "21122.5", purpose="99", carer="99"),
    # Not gross current expenditure, or not a plain value: skipped.
    _row(HARTLEPOOL, LTC, "99", OLD, "99", "Residential", "650", value_type="UNIT COST"),
    _row(
        HARTLEPOOL,
        LTC,
        "Client Contributions",
        OLD,
        "99",
        "99",
        "999",
        finance_type="Income",
        data_level="Income",
    ),
    # North Yorkshire under its pre-April-2023 code; its total row says more than its lines.
    _row(NORTH_YORKSHIRE, LTC, OTHERS, OLD, PHYSICAL, "Residential", "10000"),
    _row(NORTH_YORKSHIRE, LTC, OTHERS, OLD, PHYSICAL, "Community: Home Care", ":"),
    _row(NORTH_YORKSHIRE, STC, OTHERS, OLD, PHYSICAL, "", "[c]", purpose="ST-Max"),
    _row(NORTH_YORKSHIRE, "99", "99", "99", "99", "99", "12000", purpose="99", carer="99"),
    # A council since split, and a code that is no council.
    _row(NORTHAMPTONSHIRE, LTC, OTHERS, OLD, PHYSICAL, "Residential", "7000"),
    _row(EXAMPLESHIRE, LTC, OTHERS, OLD, PHYSICAL, "Residential", "500"),
]


def asc_fr_text(key_names: bool = False) -> str:
    """The ASC-FR fixture as CSV text: 2020-21+ names, or the _Key names of 2015-16 to 2019-20."""
    order = KEY_EDITION_ORDER if key_names else ASC_FR_COLUMNS
    names = KEY_EDITION_COLUMNS if key_names else {name: name for name in ASC_FR_COLUMNS}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([names[column] for column in order])
    for row in ASC_FR_ROWS:
        values = dict(row)
        if key_names and values["FY_ENDING"].isdigit():
            values["FY_ENDING"] = str(int(values["FY_ENDING"]) - 3)  # the same lines, 2019-20
        writer.writerow([values[column] for column in order])
    return out.getvalue()


def main(argv: list[str]) -> None:
    FIXTURES.mkdir(exist_ok=True)
    ASC_FR_CURRENT.write_text(asc_fr_text(), encoding="utf-8")
    ASC_FR_KEY_NAMES.write_text(asc_fr_text(key_names=True), encoding="utf-8")
    print(f"wrote {ASC_FR_CURRENT.relative_to(HERE)}, {ASC_FR_KEY_NAMES.relative_to(HERE)}")
    if argv:
        Path(argv[0]).mkdir(parents=True, exist_ok=True)
        path = write_icb_workbook(Path(argv[0]) / "icb_allocations_2024-25.xlsx")
        print(f"wrote {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
