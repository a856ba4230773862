"""Reading the rows of a CSV or XLSX file that people fill in, keeping the row numbers they see."""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from joinedup.errors import JoinedUpError


class UnreadableFile(JoinedUpError):
    pass


@dataclass(frozen=True, slots=True)
class Table:
    """The data rows of one sheet: each a mapping of normalised header to cell value."""

    file: str
    sheet: str | None
    header_row: int
    rows: list[tuple[int, dict[str, Any]]]
    sha256: str


def header_key(text: object) -> str:
    """Headers compare in snake_case, so 'Spending type' and 'spending_type' are the same.

    >>> header_key(" Funding Source ")
    'funding_source'
    """
    return re.sub(r"[^a-z0-9]+", "_", str(text or "").strip().lower()).strip("_")


def read_table(path: Path, required: Sequence[str], sheet: str | None = None) -> Table:
    """The rows of a CSV, or of one sheet of an XLSX workbook, under a header holding ``required``.

    In a workbook the header may sit below title rows (it is looked for in the first 20 rows);
    ``sheet`` names the sheet to read, else the first sheet holding such a header is used.
    """
    path = Path(path)
    if not path.exists():
        raise UnreadableFile(f"{path} does not exist.")
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, required, sha256)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, required, sheet, sha256)
    raise UnreadableFile(
        f"{path.name}: expected a .csv or .xlsx file, not {suffix or 'no suffix'}."
    )


def _read_csv(path: Path, required: Sequence[str], sha256: str) -> Table:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")  # what Excel on Windows writes as "CSV"
    lines = list(csv.reader(text.splitlines()))
    if not lines:
        raise UnreadableFile(f"{path.name} is empty.")
    headers = [header_key(cell) for cell in lines[0]]
    _check_headers(path.name, None, headers, required)
    rows = [
        (number, dict(zip(headers, cells, strict=False)))
        for number, cells in enumerate(lines[1:], start=2)
    ]
    return Table(path.name, None, 1, rows, sha256)


def _read_xlsx(path: Path, required: Sequence[str], sheet: str | None, sha256: str) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(f"{path.name} is not a readable .xlsx workbook ({error}).") from None
    try:
        names = [sheet] if sheet is not None else workbook.sheetnames
        if sheet is not None and sheet not in workbook.sheetnames:
            raise UnreadableFile(
                f"{path.name} has no sheet {sheet!r} (it has {', '.join(workbook.sheetnames)})."
            )
        for name in names:
            cells = [list(row) for row in workbook[name].iter_rows(values_only=True)]
            for index, row in enumerate(cells[:20]):
                headers = [header_key(cell) for cell in row]
                if all(column in headers for column in required):
                    rows = [
                        (number, dict(zip(headers, values, strict=False)))
                        for number, values in enumerate(cells[index + 1 :], start=index + 2)
                    ]
                    return Table(path.name, name, index + 1, rows, sha256)
    finally:
        workbook.close()
    where = f"sheet {sheet!r}" if sheet else "any sheet"
    raise UnreadableFile(
        f"{path.name}: no header row with {', '.join(required)} found in {where}; "
        "start from `joinedup ledger template`."
    )


def _check_headers(
    file: str, sheet: str | None, headers: list[str], required: Sequence[str]
) -> None:
    missing = [column for column in required if column not in headers]
    if missing:
        raise UnreadableFile(
            f"{file}: the header row lacks {', '.join(missing)} "
            f"(found: {', '.join(h for h in headers if h) or 'nothing'})."
        )


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
