"""NHS England's ICB allocations workbook (XLSX, £ thousands), e.g. the combined 2023/24-2024/25.

Each allocation table is a sheet with two rows of titles above a header row, a spare column A,
then NHS region, ICB (ODS) code, ICB name and the year's figures. Region subtotals and an ENGLAND
row sit among the ICB rows. Sheets, header row and columns are all found by their text.
See docs/national-returns.md for what is read and how sure we are of the layout.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from joinedup.ledger.financial_year import BadFinancialYear, parse_financial_year
from joinedup.problems import Problem
from joinedup.reference import UnknownCode, system, systems

from .cells import (
    NotANumber,
    cell_text,
    count,
    header_key,
    is_suppressed,
    row_list,
    sha256_of,
    thousands_to_pounds,
)
from .records import Allocation, ReturnFile, UnreadableReturn

__all__ = ["KIND", "STREAMS", "read_icb_allocations"]

KIND = "icb-allocations"

#: How far down a sheet to look for its header row (the real workbook uses row 3).
HEADER_SEARCH_ROWS = 20

_ICB_CODE = re.compile(r"^Q[A-Z0-9]{2}$")
_YEAR = re.compile(r"(20\d\d)\s*[/-]\s*(\d\d)(?!\d)")


@dataclass(frozen=True, slots=True)
class _Stream:
    code: str
    #: the sheet belongs to this stream if its name holds every word of one of these sets
    sheet_words: tuple[tuple[str, ...], ...]
    #: header phrases of the value column, best first; the header must also name the year
    phrases: tuple[str, ...]


# Checked in this order: "PMC Allocations" and "Other Primary Care" before the core tables.
_STREAMS: tuple[_Stream, ...] = (
    _Stream(
        "primary_medical_care",
        (("pmc",), ("primary medical care",)),
        ("recurrent allocation", "total allocation", "allocation"),
    ),
    _Stream("other_primary_care", (("other primary care",),), ("allocation",)),
    _Stream("running_costs", (("running cost",),), ("running cost", "allowance", "allocation", "")),
    _Stream(
        "core_services",
        (("core", "allocation"),),
        ("combined allocation", "total allocation", "allocation"),
    ),
)

#: The allocation streams, in the order the loader checks sheet names against them.
STREAMS: tuple[str, ...] = tuple(stream.code for stream in _STREAMS)

# A header with one of these words is a rate or a planning figure rather than the allocation;
# it is chosen only when nothing else names the year and the phrase.
_RATES = ("%", "per head", "per capita")
_LESSER = ("target", "distance", "growth", "change")


@dataclass(slots=True)
class _Columns:
    header_row: int
    code: int
    name: int
    code_header: str
    name_header: str
    #: financial year -> (column index, header text)
    values: dict[str, tuple[int, str]] = field(default_factory=dict)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _stream_of(sheet: str) -> _Stream | None:
    name = header_key(sheet)
    for stream in _STREAMS:
        if any(all(word in name for word in words) for words in stream.sheet_words):
            return stream
    return None


def _years_in(text: str) -> set[str]:
    years = set()
    for match in _YEAR.finditer(text):
        try:
            years.add(parse_financial_year(f"{match[1]}/{match[2]}"))
        except BadFinancialYear:
            continue
    return years


def _pick(headers: Sequence[str], wanted: Iterable[str], exclude: Iterable[str]) -> int | None:
    """The first column whose header holds a wanted phrase, preferring ones with 'icb'/'ods'."""
    found = [
        index
        for index, text in enumerate(headers)
        if any(word in text for word in wanted) and not any(word in text for word in exclude)
    ]
    preferred = [index for index in found if "icb" in headers[index] or "ods" in headers[index]]
    chosen = preferred or found
    return chosen[0] if chosen else None


def _find_header(rows: Sequence[Sequence[Any]]) -> tuple[int, int, int] | None:
    """``(row index, code column, name column)`` of the first row naming both code and name."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        headers = [header_key(value) for value in row]
        code = _pick(headers, ("code",), ("region", "parent"))
        name = _pick(headers, ("name",), ("region", "parent"))
        if code is not None and name is not None and code != name:
            return index, code, name
    return None


def _value_columns(
    headers: Sequence[str], stream: _Stream, sheet_year: str | None
) -> dict[str, tuple[int, str]]:
    """The best value column for each financial year the headers name (or the sheet's year)."""
    best: dict[str, tuple[tuple[int, int, int], int]] = {}
    for index, text in enumerate(headers):
        years = _years_in(text)
        if len(years) != 1 or any(word in text for word in _RATES):
            continue
        (year,) = years
        if sheet_year is not None and year != sheet_year:
            continue
        rank = next((n for n, phrase in enumerate(stream.phrases) if phrase in text), None)
        if rank is None:
            continue
        lesser = int(any(word in text for word in _LESSER))
        # Best phrase, then not a target/growth figure, then the rightmost (the final figure).
        score = (rank, lesser, -index)
        if year not in best or score < best[year][0]:
            best[year] = (score, index)
    return {year: (index, headers[index]) for year, (_, index) in sorted(best.items())}


def _region_names() -> frozenset[str]:
    return frozenset(header_key(item.region_name) for item in systems())


def _non_icb_kind(code: str, name: str) -> str:
    label = header_key(name).removesuffix(" total").removesuffix(" region").strip()
    if label in {"england", "total", "england total", "national total"}:
        return "England total row"
    if label in _region_names() or header_key(code).startswith(("y", "e40")):
        return "region subtotal row"
    return "other row without an ICB code (notes, blank labels)"


def _cell(row: Sequence[Any], index: int) -> Any:
    return row[index] if index < len(row) else None


@dataclass(slots=True)
class _Reader:
    path: Path
    allocations: list[Allocation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seen: dict[tuple[str, str, str], Allocation] = field(default_factory=dict)

    def problem(self, sheet: str, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(str(self.path), row, column, message, sheet=sheet))

    def resolve(self, sheet: str, row: int, code: str, name: str, columns: _Columns) -> str | None:
        """The E54 code of an ICB row, or None after recording why it could not be found."""
        key, column = (code, columns.code_header) if code else (name, columns.name_header)
        try:
            found = system(key)
        except UnknownCode as error:
            self.problem(
                sheet,
                row,
                column,
                f"no ICB has the ODS code, E54 code or name {key!r}; the closest are "
                f"{', '.join(error.suggestions)}.",
            )
            return None
        if code and name:
            try:
                named = system(name)
            except UnknownCode:
                named = found  # names vary between editions; the code decides
            if named.code != found.code:
                self.problem(
                    sheet,
                    row,
                    columns.name_header,
                    f"the code {code!r} is {found.name} ({found.code}) but the name {name!r} "
                    f"is {named.name} ({named.code}).",
                )
                return None
        return found.code

    def read_sheet(
        self, sheet: str, stream: _Stream, rows: Sequence[Sequence[Any]]
    ) -> Iterator[Allocation]:
        where = self.path.name
        found = _find_header(rows)
        if found is None:
            raise UnreadableReturn(
                f"{where}: sheet {sheet!r} has no header row naming an ICB code and an ICB name "
                f"in its first {HEADER_SEARCH_ROWS} rows (the published workbook has it on row 3)."
            )
        header_index, code_index, name_index = found
        headers = [header_key(value) for value in rows[header_index]]
        raw_headers = [" ".join(cell_text(value).split()) for value in rows[header_index]]
        sheet_years = _years_in(header_key(sheet))
        sheet_year = next(iter(sheet_years)) if len(sheet_years) == 1 else None
        columns = _Columns(
            header_row=header_index + 1,
            code=code_index,
            name=name_index,
            code_header=raw_headers[code_index],
            name_header=raw_headers[name_index],
        )
        for year, (index, _) in _value_columns(headers, stream, sheet_year).items():
            columns.values[year] = (index, raw_headers[index])
        if not columns.values:
            wanted = sheet_year or "the year"
            raise UnreadableReturn(
                f"{where}: sheet {sheet!r} has no allocation column: expected a header on row "
                f"{columns.header_row} naming {wanted} (like '2024/25') and "
                f"{' or '.join(repr(p) for p in stream.phrases if p) or 'the allocation'}."
            )
        for year, (index, text) in columns.values.items():
            self.notes.append(
                f"Sheet {sheet!r}: read column {_letter(index)} {text!r} as {stream.code} {year} "
                f"(£ thousands, multiplied by 1,000)."
            )

        skipped: dict[str, int] = defaultdict(int)
        suppressed: list[int] = []
        for offset, row in enumerate(rows[header_index + 1 :]):
            number = columns.header_row + 1 + offset
            code = cell_text(_cell(row, code_index)).upper()
            name = cell_text(_cell(row, name_index))
            values = [_cell(row, index) for index, _ in columns.values.values()]
            if not code and not name:
                label = next((cell_text(v) for v in row if isinstance(v, str) and v.strip()), "")
                if label or not all(is_suppressed(value) for value in values):
                    skipped[_non_icb_kind("", label)] += 1
                continue
            is_icb = bool(_ICB_CODE.match(code)) or code.startswith("E54")
            if not is_icb and not header_key(name).startswith("nhs "):
                skipped[_non_icb_kind(code, name)] += 1
                continue
            system_code = self.resolve(sheet, number, code, name, columns)
            if system_code is None:
                continue
            for year, (index, header) in columns.values.items():
                value = _cell(row, index)
                if is_suppressed(value):
                    suppressed.append(number)
                    continue
                try:
                    amount = thousands_to_pounds(value)
                except NotANumber as error:
                    self.problem(sheet, number, header, f"{error}; expected £ thousands.")
                    continue
                allocation = Allocation(system_code, year, stream.code, amount, number, sheet)
                earlier = self.seen.setdefault((system_code, year, stream.code), allocation)
                if earlier is not allocation:
                    self.problem(
                        sheet,
                        number,
                        header,
                        f"a second {stream.code} allocation for {system_code} in {year} "
                        f"(the first is on sheet {earlier.sheet!r}, row {earlier.row}).",
                    )
                    continue
                yield allocation
        if skipped:
            parts = ", ".join(count(n, kind) for kind, n in sorted(skipped.items()))
            self.notes.append(f"Sheet {sheet!r}: skipped {parts}.")
        if suppressed:
            self.notes.append(
                f"Sheet {sheet!r}: {count(len(suppressed), 'blank or suppressed value')} "
                f"skipped ({row_list(suppressed)})."
            )


def _open(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of error for a file that is no xlsx
        raise UnreadableReturn(
            f"{path}: cannot be read as an Excel workbook (.xlsx): {error}. Download the ICB "
            "allocations workbook from NHS England's allocations pages."
        ) from None


def read_icb_allocations(path: Path) -> ReturnFile:
    """Every ICB allocation in an NHS England allocations workbook, in pounds, by stream."""
    workbook = _open(path)
    reader = _Reader(path)
    try:
        read: list[str] = []
        unread: list[str] = []
        for worksheet in workbook.worksheets:
            stream = _stream_of(worksheet.title)
            if stream is None:
                unread.append(worksheet.title)
                continue
            worksheet.reset_dimensions()  # read every row, whatever size the file declares
            rows = [tuple(row) for row in worksheet.iter_rows(values_only=True)]
            reader.allocations.extend(reader.read_sheet(worksheet.title, stream, rows))
            read.append(worksheet.title)
    finally:
        workbook.close()
    if not read:
        raise UnreadableReturn(
            f"{path.name}: no ICB allocation sheet found. Expected sheets named like "
            "'ICB Core Allocations 2024-25', 'PMC Allocations 2024-25', 'Other Primary Care' "
            f"or 'ICB running cost allowance'; the workbook has {', '.join(map(repr, unread))}."
        )
    if unread:
        reader.notes.append(
            f"Sheets not read (not an allocation table): {', '.join(map(repr, unread))}."
        )
    return ReturnFile(
        kind=KIND,
        path=path,
        sha256=sha256_of(path),
        allocations=tuple(reader.allocations),
        spend=(),
        problems=tuple(reader.problems),
        notes=tuple(reader.notes),
    )
