"""Reading the rows of a CSV or XLSX file that people fill in, keeping the row numbers they see.

Every read is bounded before and while it parses (:class:`ReadLimits`): the file's size, the
size of a workbook's contents unpacked, rows, columns, cells and seconds. A workbook's declared
dimension is never trusted (a 5 KB file can declare a million rows of 16,384 columns); its rows
are streamed, and reading stops, with a one-line message naming the limit, as soon as one is
passed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from joinedup.core.fields import is_blank
from joinedup.errors import JoinedUpError

HEADER_SEARCH_ROWS = 20  # a header may sit below title rows, but not far below


class UnreadableFile(JoinedUpError):
    pass


class FileTooLarge(UnreadableFile):
    """A file past one of the read limits; nothing of it was used."""


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """How much of an input file JoinedUp will read: each past-the-limit file is refused.

    The defaults are far above any submission, register or plan (a whole system's ledger is a
    few hundred rows) and far below what would exhaust a small server. Each may be changed with
    its environment variable (``JOINEDUP_MAX_ROWS=500000``), read at every call.
    """

    file_bytes: int = 50_000_000  # the file, and a workbook's contents unpacked
    rows: int = 200_000
    columns: int = 500
    cells: int = 5_000_000
    seconds: float = 60.0

    @staticmethod
    def variable(name: str) -> str:
        return {
            "seconds": "JOINEDUP_MAX_READ_SECONDS",
            "file_bytes": "JOINEDUP_MAX_FILE_BYTES",
        }.get(name, f"JOINEDUP_MAX_{name.upper()}")

    @classmethod
    def from_environment(cls) -> ReadLimits:
        """The defaults, with any set in the environment in their place."""
        given: dict[str, Any] = {}
        for item in fields(cls):
            variable = cls.variable(item.name)
            text = os.environ.get(variable)
            if not text:
                continue
            try:
                value = float(text) if item.name == "seconds" else int(text.replace("_", ""))
            except ValueError:
                raise UnreadableFile(f"{variable}={text!r} is not a number.") from None
            if value <= 0:
                raise UnreadableFile(f"{variable} must be more than 0, not {text}.")
            given[item.name] = value
        return cls(**given)


def _too_large(file: str, what: str, limit: int | float, name: str) -> FileTooLarge:
    shown = f"{limit:,} s" if name == "seconds" else f"{limit:,}"
    return FileTooLarge(f"{file}: {what}; the limit is {shown} ({ReadLimits.variable(name)}).")


@dataclass(frozen=True, slots=True)
class Table:
    """The data rows of one sheet that hold anything (blank rows are left out, so a sheet's
    empty expanse costs nothing): each a mapping of normalised header to cell value."""

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


def check_file(path: Path, limits: ReadLimits | None = None) -> ReadLimits:
    """Refuse a file that is missing, or larger (on disk or, for a workbook, unpacked) than the
    limits allow, before anything parses it. Returns the limits in force."""
    limits = limits or ReadLimits.from_environment()
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(f"{path} does not exist.")
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise _too_large(path.name, f"{size:,} bytes is too large", limits.file_bytes, "file_bytes")
    if zipfile.is_zipfile(path):
        # A workbook is a zip file: a few kilobytes can unpack to gigabytes. The sizes in its
        # directory bound what reading each part yields (zipfile stops at the declared size).
        try:
            with zipfile.ZipFile(path) as archive:
                unpacked = sum(item.file_size for item in archive.infolist())
        except (zipfile.BadZipFile, OSError) as error:
            raise UnreadableFile(f"{path.name} is not a readable workbook ({error}).") from None
        if unpacked > limits.file_bytes:
            raise _too_large(
                path.name,
                f"{unpacked:,} bytes when unpacked is too large",
                limits.file_bytes,
                "file_bytes",
            )
    return limits


def sheet_names(path: Path, limits: ReadLimits | None = None) -> list[str]:
    """The sheets of an XLSX workbook, after :func:`check_file`."""
    path = Path(path)
    check_file(path, limits)
    workbook = _open_workbook(path)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def read_table(
    path: Path,
    required: Sequence[str],
    sheet: str | None = None,
    *,
    limits: ReadLimits | None = None,
) -> Table:
    """The rows of a CSV, or of one sheet of an XLSX workbook, under a header holding ``required``.

    In a workbook the header may sit below title rows (it is looked for in the first 20 rows);
    ``sheet`` names the sheet to read, else the first sheet holding such a header is used.
    A file past ``limits`` (by default :meth:`ReadLimits.from_environment`) raises
    :class:`FileTooLarge`.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        if not path.exists():
            raise UnreadableFile(f"{path} does not exist.")
        raise UnreadableFile(
            f"{path.name}: expected a .csv or .xlsx file, not {suffix or 'no suffix'}."
        )
    limits = check_file(path, limits)
    data = path.read_bytes()  # bounded by check_file
    sha256 = hashlib.sha256(data).hexdigest()
    bounded = _Bounds(path.name, limits)
    if suffix == ".csv":
        return _read_csv(path, data, required, sha256, bounded)
    return _read_xlsx(path, required, sheet, sha256, bounded)


class _Bounds:
    """Counts what has been read of one file and refuses it as soon as a limit is passed."""

    def __init__(self, file: str, limits: ReadLimits) -> None:
        self.file = file
        self.limits = limits
        self.cells = 0
        self.deadline = time.monotonic() + limits.seconds

    def check(self, number: int, values: Sequence[Any]) -> bool:
        """Whether the row holds anything, once the limits allow it (blank cells past its last
        value do not count: Excel pads rows)."""
        limits = self.limits
        if number > limits.rows:
            raise _too_large(self.file, f"more than {limits.rows:,} rows", limits.rows, "rows")
        if number % 1000 == 0 and time.monotonic() > self.deadline:
            raise _too_large(
                self.file,
                f"reading took more than {limits.seconds:,} s",
                limits.seconds,
                "seconds",
            )
        width = len(values)
        while width and is_blank(values[width - 1]):
            width -= 1
        if width > limits.columns:
            raise _too_large(
                self.file, f"more than {limits.columns:,} columns", limits.columns, "columns"
            )
        self.cells += width
        if self.cells > limits.cells:
            raise _too_large(self.file, f"more than {limits.cells:,} cells", limits.cells, "cells")
        return width > 0


def _read_csv(
    path: Path, data: bytes, required: Sequence[str], sha256: str, bounds: _Bounds
) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # what Excel on Windows writes as "CSV"
    lines = csv.reader(io.StringIO(text, newline=""))
    try:
        first = next(lines, None)
        if first is None:
            raise UnreadableFile(f"{path.name} is empty.")
        bounds.check(1, first)
        headers = [header_key(cell) for cell in first]
        _check_headers(path.name, None, headers, required)
        rows = [
            (number, dict(zip(headers, cells, strict=False)))
            for number, cells in enumerate(lines, start=2)
            if bounds.check(number, cells)
        ]
    except csv.Error as error:
        raise UnreadableFile(f"{path.name} is not a readable CSV file ({error}).") from None
    return Table(path.name, None, 1, rows, sha256)


def _open_workbook(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        # read_only streams each sheet's XML instead of building every cell up front.
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(f"{path.name} is not a readable .xlsx workbook ({error}).") from None


def sheet_rows(worksheet: Any) -> Iterator[tuple[Any, ...]]:
    """A read-only worksheet's rows of values, each ending at its last cell, whatever the
    sheet declares its size to be."""
    if not hasattr(worksheet, "iter_rows"):
        return iter(())  # a chart sheet holds no cells
    # Forget the declared dimension: openpyxl pads every row to it (A1:XFD1048576 is 16,384
    # cells a row, a million times). Rows then end at their last cell, and missing rows come
    # as empty tuples, one per row number, so counting rows counts row numbers.
    if hasattr(worksheet, "reset_dimensions"):
        worksheet.reset_dimensions()
    rows: Iterable[tuple[Any, ...]] = worksheet.iter_rows(values_only=True)
    return iter(rows)


def _read_xlsx(
    path: Path, required: Sequence[str], sheet: str | None, sha256: str, bounds: _Bounds
) -> Table:
    workbook = _open_workbook(path)
    try:
        names = [sheet] if sheet is not None else workbook.sheetnames
        if sheet is not None and sheet not in workbook.sheetnames:
            raise UnreadableFile(
                f"{path.name} has no sheet {sheet!r} (it has {', '.join(workbook.sheetnames)})."
            )
        for name in names:
            found = _read_sheet(workbook[name], required, bounds)
            if found is not None:
                header_row, rows = found
                return Table(path.name, name, header_row, rows, sha256)
    except UnreadableFile:
        raise
    except Exception as error:  # a damaged sheet's XML fails only once it is streamed
        raise UnreadableFile(f"{path.name} is not a readable .xlsx workbook ({error}).") from None
    finally:
        workbook.close()
    where = f"sheet {sheet!r}" if sheet else "any sheet"
    raise UnreadableFile(
        f"{path.name}: no header row with {', '.join(required)} found in {where}; "
        "start from `joinedup ledger template`."
    )


def _read_sheet(
    worksheet: Any, required: Sequence[str], bounds: _Bounds
) -> tuple[int, list[tuple[int, dict[str, Any]]]] | None:
    """The header's row number and the rows under it, or None if the first rows hold no header
    (the rest of the sheet is then not read)."""
    rows = sheet_rows(worksheet)
    try:
        for number, values in enumerate(rows, start=1):
            if number > HEADER_SEARCH_ROWS:
                return None
            bounds.check(number, values)
            headers = [header_key(cell) for cell in values]
            if all(column in headers for column in required):
                return number, [
                    (later, _by_header(headers, cells))
                    for later, cells in enumerate(rows, start=number + 1)
                    if bounds.check(later, cells)
                ]
        return None
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()  # stop openpyxl's parser and close the sheet's stream now


def _by_header(headers: list[str], values: Sequence[Any]) -> dict[str, Any]:
    # A sheet's row ends at its last cell: the cells after it are blank, as a padded row's were.
    return {header: values[i] if i < len(values) else None for i, header in enumerate(headers)}


def _check_headers(
    file: str, sheet: str | None, headers: list[str], required: Sequence[str]
) -> None:
    missing = [column for column in required if column not in headers]
    if missing:
        raise UnreadableFile(
            f"{file}: the header row lacks {', '.join(missing)} "
            f"(found: {', '.join(h for h in headers if h) or 'nothing'})."
        )
