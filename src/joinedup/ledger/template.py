"""The spreadsheet a finance officer fills in to submit spend: a data sheet and instructions."""

from __future__ import annotations

from pathlib import Path

from joinedup.core.financial_year import parse_financial_year
from joinedup.ledger.submission import COLUMNS, SHEET
from joinedup.ledger.taxonomy import funding_sources, spending_types
from joinedup.organisations import Organisation
from joinedup.reference import council, councils_in
from joinedup.textsafety import neutralise_row

INSTRUCTIONS = "Instructions"
DATA_ROWS = 1000


def write_template(path: Path, owner: Organisation, year: str) -> Path:
    """Write an .xlsx template for ``owner``'s spend in ``year``, with drop-down lists for codes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    year = parse_financial_year(year)
    places = _places(owner)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="005EB8")
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGH", (14, 12, 12, 34, 22, 9, 16, 40), strict=True):
        sheet.column_dimensions[column].width = width

    notes = workbook.create_sheet(INSTRUCTIONS)
    notes.column_dimensions["A"].width = 38
    notes.column_dimensions["B"].width = 70
    lines = [
        [f"JoinedUp spend submission: {owner.name} ({owner.code}), financial year {year}"],
        [],
        ["How to fill in the Spend sheet"],
        ["financial_year", f"{year} (or leave blank)"],
        ["system", _system_hint(owner)],
        ["council", _council_hint(owner)],
        ["spending_type", "a code from the list below (drop-down in the sheet)"],
        ["funding_source", "a code from the list below (drop-down in the sheet)"],
        [
            "pooled",
            "yes or no: is the money in a pooled budget (BCF, section 75)? "
            "Blank takes the funding source's usual answer.",
        ],
        ["amount", "gross spend in pounds (not thousands), 0 or more"],
        ["description", "optional note"],
        [
            "TOTAL row",
            "optional: a row with spending_type TOTAL and the amount your lines "
            "should add up to; the submission is refused if they do not",
        ],
        ["One line per", "system, council, spending type, funding source and pooled flag"],
        ["Submit with", f"joinedup ledger submit FILE --org {owner.code} --year {year}"],
        [],
    ]
    for line in lines:
        notes.append(neutralise_row(line))  # names come from outside: never a formula
    notes["A1"].font = Font(bold=True, size=14)
    notes["A3"].font = Font(bold=True)

    lists = {}
    types = spending_types()
    lists["spending_type"] = _code_table(
        notes,
        "Spending types",
        [
            (
                code,
                f"{t.label} ({t.setting.replace('_', ' ')}"
                f"{', prevention' if t.prevention else ''}"
                f"{'' if t.headline else ', outside headline totals'})",
            )
            for code, t in types.items()
        ],
    )
    lists["funding_source"] = _code_table(
        notes,
        "Funding sources",
        [
            (code, f"{s.label}{' (pooled)' if s.pooled else ''}")
            for code, s in funding_sources().items()
        ],
    )
    if places["system"]:
        lists["system"] = _code_table(notes, "Systems", places["system"])
    if places["council"]:
        lists["council"] = _code_table(notes, "Councils (places)", places["council"])
    for cell in notes["B"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    validations = {
        "financial_year": f'"{year}"',
        "pooled": '"yes,no"',
        **{name: reference for name, reference in lists.items()},
    }
    for name, formula in validations.items():
        column = "ABCDEFGH"[COLUMNS.index(name)]
        rule = DataValidation(type="list", formula1=formula, allow_blank=True)
        rule.error = f"Choose a {name.replace('_', ' ')} from the list (see {INSTRUCTIONS})."
        rule.showErrorMessage = True
        sheet.add_data_validation(rule)
        rule.add(f"{column}2:{column}{DATA_ROWS + 1}")
    amounts = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    amounts.error = "Amounts are gross spend in pounds, 0 or more."
    amounts.showErrorMessage = True
    sheet.add_data_validation(amounts)
    amounts.add(f"G2:G{DATA_ROWS + 1}")
    for row in sheet.iter_rows(min_row=2, max_row=DATA_ROWS + 1, min_col=7, max_col=7):
        row[0].number_format = "#,##0.00"

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _code_table(notes: object, title: str, rows: list[tuple[str, str]]) -> str:
    """Append a titled list of codes to the instructions; return its range for a drop-down."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(notes, Worksheet)
    notes.append([])
    notes.append([title])
    notes.cell(notes.max_row, 1).font = Font(bold=True)
    first = notes.max_row + 1
    for code, label in rows:
        notes.append(neutralise_row([code, label]))
    return f"'{INSTRUCTIONS}'!$A${first}:$A${notes.max_row}"


def _places(owner: Organisation) -> dict[str, list[tuple[str, str]]]:
    if owner.kind == "council":
        member = council(owner.code)
        return {
            "system": [
                (m.system_code, f"{m.population_share:.1%} of the population")
                for m in member.systems
            ],
            "council": [(owner.code, owner.name)],
        }
    if owner.system_code is None:
        return {"system": [], "council": []}
    return {
        "system": [(owner.system_code, "")],
        "council": [(c.code, c.name) for c in councils_in(owner.system_code)],
    }


def _system_hint(owner: Organisation) -> str:
    if owner.kind == "council":
        return (
            "leave blank to share the spend across your systems by population, "
            "or name the system it was spent in"
        )
    return f"{owner.system_code} (or leave blank)"


def _council_hint(owner: Organisation) -> str:
    if owner.kind == "council":
        return f"{owner.code} (or leave blank)"
    return "the council area (place) the spend is for, or blank for the whole system"
