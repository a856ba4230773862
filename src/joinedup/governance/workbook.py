"""The registers as files: export to CSV or XLSX, edit, import back.

An XLSX workbook holds one sheet per register, named after it (``boards``, ``people``,
``memberships``, ``meetings``, ``agenda_items``, ``interests``, ``decisions``, ``commitments``,
``sign_offs``); a CSV file holds one register, named by ``--register`` or by the file's name.
A row with a key that exists changes that row; a row with a new key, or a blank ``id``, is
added. Every row of every sheet is checked first: if any is wrong, nothing is stored and every
problem is reported with its file, sheet, row and field.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from joinedup.core.fields import is_blank, to_cell
from joinedup.core.files import Table, UnreadableFile, header_key, read_table, sheet_names
from joinedup.errors import JoinedUpError
from joinedup.governance.boards import BOARDS
from joinedup.governance.commitments import COMMITMENTS
from joinedup.governance.decisions import DECISIONS, SIGN_OFFS
from joinedup.governance.interests import INTERESTS
from joinedup.governance.meetings import AGENDA_ITEMS, MEETINGS
from joinedup.governance.memberships import MEMBERSHIPS
from joinedup.governance.people import PEOPLE
from joinedup.problems import FileRejected, Problem
from joinedup.records.registers import Batch, Kind, Register, Where, rows
from joinedup.textsafety import neutralise, neutralise_row
from joinedup.warehouse import Warehouse

# In the order they are stored, so a row can refer to rows of the registers before it.
REGISTERS: tuple[Register, ...] = (
    BOARDS,
    PEOPLE,
    MEMBERSHIPS,
    MEETINGS,
    AGENDA_ITEMS,
    INTERESTS,
    DECISIONS,
    COMMITMENTS,
    SIGN_OFFS,
)
FIELDS_SHEET = "fields"


class UnknownRegister(JoinedUpError):
    exit_code = 2


def register_named(name: str) -> Register:
    """A register by its name, written in any case, with hyphens or spaces."""
    key = header_key(name)
    for register in REGISTERS:
        if register.name == key:
            return register
    names = ", ".join(register.name.replace("_", "-") for register in REGISTERS)
    raise UnknownRegister(f"Unknown register {name!r}; choose one of {names}.")


@dataclass(frozen=True, slots=True)
class Imported:
    file: str
    counts: dict[str, dict[str, int]]  # register -> {"insert": n, "update": n, "unchanged": n}
    ignored_sheets: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(c.get("insert", 0) + c.get("update", 0) for c in self.counts.values())


def import_file(
    warehouse: Warehouse, path: Path, *, register: str | None = None, who: str | None = None
) -> Imported:
    """Check every row of the file and store it whole, or raise ``FileRejected``."""
    path = Path(path)
    tables, ignored = _read(path, register)
    counts: dict[str, dict[str, int]] = {}
    with warehouse.transaction():
        batch = Batch(warehouse, who)
        for chosen, table in tables:
            cells = _rows(chosen, table, batch.problems)
            changes = batch.apply(chosen, cells)
            counts[chosen.name] = dict(Counter(change.action for change in changes))
        batch.finish([chosen for chosen, _ in tables], path.name)
    return Imported(path.name, counts, ignored)


def _read(path: Path, register: str | None) -> tuple[list[tuple[Register, Table]], list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        chosen = register_named(register or path.stem)
        return [(chosen, read_table(path, ()))], []
    if suffix not in (".xlsx", ".xlsm"):
        raise UnreadableFile(f"{path.name}: expected a .csv or .xlsx file, not {suffix or 'none'}.")
    sheets = sheet_names(path)  # refuses a workbook past the read limits before opening it
    wanted = {register_named(register).name} if register else None
    found: dict[str, tuple[Register, Table]] = {}
    ignored = []
    for sheet in sheets:
        try:
            chosen = register_named(sheet)
        except UnknownRegister:
            ignored.append(sheet)
            continue
        if wanted is None or chosen.name in wanted:
            found[chosen.name] = (chosen, read_table(path, (), sheet=sheet))
    if not found:
        names = ", ".join(register.name for register in REGISTERS)
        raise UnreadableFile(f"{path.name} has no sheet named after a register ({names}).")
    ordered = [found[r.name] for r in REGISTERS if r.name in found]
    return ordered, [sheet for sheet in ignored if header_key(sheet) != FIELDS_SHEET]


def _rows(
    register: Register, table: Table, problems: list[Problem]
) -> list[tuple[Where, dict[str, Any]]]:
    known = {item.name for item in register.fields}
    headers = {header for _, cells in table.rows for header in cells}
    unknown = sorted(header for header in headers if header and header not in known)
    if unknown:
        problems.append(
            Problem(
                table.file,
                table.header_row,
                unknown[0],
                f"{register.name} have no column {unknown[0]!r}; the columns are "
                f"{', '.join(item.name for item in register.fields)}",
                table.sheet,
            )
        )
        return []
    found = []
    for number, cells in table.rows:
        if all(is_blank(value) for value in cells.values()):
            continue
        values = {name: value for name, value in cells.items() if name in known}
        found.append((Where(table.file, number, table.sheet), values))
    return found


def export_file(
    warehouse: Warehouse, path: Path, *, registers: Sequence[str] | None = None
) -> Path:
    """Write registers to an XLSX workbook (one sheet each) or one register to a CSV file."""
    path = Path(path)
    chosen = [register_named(name) for name in registers] if registers else list(REGISTERS)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if len(chosen) != 1:
            raise UnknownRegister("A CSV file holds one register; name it with --register.")
        _write_csv(warehouse, path, chosen[0])
    elif suffix == ".xlsx":
        _write_xlsx(warehouse, path, chosen)
    else:
        raise UnreadableFile(f"{path.name}: write a .csv or .xlsx file, not {suffix or 'none'}.")
    return path


def _cells(register: Register, row: dict[str, Any]) -> list[Any]:
    # Register text is typed by people: a spreadsheet must not run it as a formula.
    return [neutralise(to_cell(row[item.name])) for item in register.fields]


def _write_csv(warehouse: Warehouse, path: Path, register: Register) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([item.name for item in register.fields])
        for row in rows(warehouse, register):
            writer.writerow(["" if value is None else value for value in _cells(register, row)])


def _write_xlsx(warehouse: Warehouse, path: Path, registers: Sequence[Register]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for register in registers:
        sheet = workbook.create_sheet(register.name)
        sheet.append([item.name for item in register.fields])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows(warehouse, register):
            sheet.append([_xlsx_value(value) for value in _cells(register, row)])
        for index, item in enumerate(register.fields, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = max(12, len(item.name) + 4)
            if item.kind is Kind.money:
                for cell in sheet[letter][1:]:
                    cell.number_format = "#,##0.00"
            if item.kind is Kind.date:
                for cell in sheet[letter][1:]:
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    guide = workbook.create_sheet(FIELDS_SHEET)
    guide.append(["register", "field", "required", "help"])
    for register in registers:
        for item in register.fields:
            required = "key" if item is register.key else ("yes" if item.required else "")
            guide.append(neutralise_row([register.name, item.name, required, item.help]))
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value == value.quantize(Decimal("0.01")) else str(value)
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return value


def rejected_lines(error: FileRejected) -> list[str]:
    """Every problem of a rejected file, one line each, for the command line."""
    return [str(problem) for problem in error.problems]
