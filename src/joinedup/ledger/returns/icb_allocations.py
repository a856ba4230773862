"""NHS England's ICB allocations workbooks (XLSX, £ thousands), every published version.

Over 400 lines: one reader for one family of published workbooks; the layout quirks listed below are
read together.

Written against the real workbooks: the combined 2023-24 and 2024-25 v1.2 and the 2025-26 v1.4
(``tests/ledger/returns/real/icb-allocations/README.md`` lists every version tested). What they
share, and what this module relies on:

- one sheet per stream and year (``ICB Core Allocations 2024-25``, ``PMC Allocation 2025-26``,
  ``POD Allocation 2025-26``, ``Specialised Allocations 2025-26``), or one sheet for every year
  (``Other Primary Care``, ``ICB running cost allowance``), beside ``… Baseline`` sheets that
  build last year's figure and are never read;
- a header row within the first rows naming the region code (``R23``), the ICB code (``ICB23``,
  an ODS code such as ``QWO``) and the ICB's name (``System Name``, ``Integrated Care Board``);
- value columns whose headers give the year (``2024/25``) and the unit: ``(£k)`` columns sit beside
  ``£/head`` and ``%`` ones, so a column is read only when its header says £k;
- region subtotal rows (the region code in the ICB column) and an England total row among the ICB
  rows, some as text with thousands commas: both are checked against the sum of their ICBs;
- in pharmacy, optometry and dental (POD) sheets, lines held by NHS England's regions, which count
  towards the England total but belong to no ICB.

See docs/national-returns.md for the column chosen for each stream.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from joinedup.core.cells import (
    NotANumber,
    cell_text,
    count,
    header_key,
    is_suppressed,
    sha256_of,
    thousands_to_pounds,
)
from joinedup.core.financial_year import BadFinancialYear, parse_financial_year
from joinedup.money import money_exact as money  # exact pounds: they reconcile totals
from joinedup.problems import Problem
from joinedup.reference import UnknownCode, system
from joinedup.reference.system_history import retired_system_code

from .identify import describe_file
from .records import Allocation, ReturnFile, UnreadableReturn

__all__ = ["KIND", "STREAMS", "read_icb_allocations"]

KIND = "icb-allocations"

#: How far down a sheet to look for its header row (the real workbooks use row 2 or 3).
HEADER_SEARCH_ROWS = 20

_ICB_CODE = re.compile(r"^Q[A-Z0-9]{2}$")
_REGION_CODE = re.compile(r"^Y\d\d$")
_YEAR = re.compile(r"(20\d\d)\s*[/-]\s*(\d\d)(?!\d)")
_THOUSANDS = re.compile(r"£\s*k\b|£\s*'?000|£\s*thousands?")
# Headers of figures that build or judge an allocation rather than being one.
_NOT_ALLOCATION = ("baseline", "target", "growth", "distance", "convergence", "per head", "£/head")


@dataclass(frozen=True, slots=True)
class _Stream:
    code: str
    #: header phrases of the allocation column, best first
    phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Table:
    """What a sheet holds: the streams it is read for, matched by the words of its name."""

    sheet_words: tuple[tuple[str, ...], ...]
    streams: tuple[_Stream, ...]


# Checked in this order, so that "PMC" and "POD" sheets are never taken for core ones.
_TABLES: tuple[_Table, ...] = (
    _Table(
        (("pmc",), ("primary medical care",)),
        (
            _Stream(
                "primary_medical_care",
                ("revised recurrent allocation", "total allocation", "recurrent allocation"),
            ),
        ),
    ),
    _Table(
        (("other primary care",), ("pod",)),
        (_Stream("other_primary_care", ("total allocation", "recurrent allocation")),),
    ),
    _Table(
        (("specialised",),),
        (
            _Stream("delegated_specialised", ("physical health services + hcdd recurrent alloc",)),
            _Stream("delegated_specialised_mental_health", ("delegated mh resource allocation",)),
        ),
    ),
    _Table((("running cost",),), (_Stream("running_costs", ("",)),)),
    _Table(
        (("core", "allocation"),),
        (
            _Stream(
                "core_services", ("combined allocation", "total allocation", "recurrent allocation")
            ),
        ),
    ),
)

#: Every allocation stream a workbook can hold.
STREAMS: tuple[str, ...] = tuple(s.code for table in _TABLES for s in table.streams)


@dataclass(frozen=True, slots=True)
class _Header:
    row: int  # index in the sheet's rows
    region: int | None
    region_name: int | None
    code: int
    name: int
    texts: tuple[str, ...]  # as printed, single-spaced


@dataclass(frozen=True, slots=True)
class _Column:
    index: int
    stream: str
    year: str
    header: str


@dataclass(slots=True)
class _Tally:
    """Sums of one column: ICB rows by region, lines NHS England's regions hold, and totals."""

    icbs: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    icb_count: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    held: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    region_rows: list[tuple[int, str, Decimal]] = field(default_factory=list)
    england_rows: list[tuple[int, Decimal]] = field(default_factory=list)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _table_of(sheet: str) -> _Table | None:
    name = header_key(sheet)
    if "baseline" in name:
        return None
    for table in _TABLES:
        if any(all(word in name for word in words) for words in table.sheet_words):
            return table
    return None


def _years_in(text: str) -> set[str]:
    years = set()
    for match in _YEAR.finditer(text):
        try:
            years.add(parse_financial_year(f"{match[1]}/{match[2]}"))
        except BadFinancialYear:
            continue
    return years


def _cell(row: Sequence[Any], index: int | None) -> Any:
    return row[index] if index is not None and index < len(row) else None


def _first(headers: Sequence[str], test: Any) -> int | None:
    return next((index for index, text in enumerate(headers) if test(text)), None)


def _find_header(rows: Sequence[Sequence[Any]]) -> _Header | None:
    """The first row naming an ICB code column and an ICB name column."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        headers = [header_key(value) for value in row]
        code = _first(
            headers,
            lambda t: (
                re.fullmatch(r"icb\s?\d\d", t) is not None
                or (("code" in t or "ods" in t) and "region" not in t and "parent" not in t)
            ),
        )
        name = _first(
            headers,
            lambda t: (
                t in {"system name", "icb name", "name"}
                or t.startswith(("integrated care board", "icb name", "system name"))
            ),
        )
        if code is None or name is None or code == name:
            continue
        region = _first(headers, lambda t: re.fullmatch(r"r\d\d|region code", t) is not None)
        region_name = _first(headers, lambda t: t in {"region", "nhs region", "region name"})
        texts = tuple(" ".join(cell_text(value).split()) for value in row)
        return _Header(index, region, region_name, code, name, texts)
    return None


_RATE = re.compile(r"%|£\s*/|per head|per capita|£\s*per")


def _allocation_columns(
    header: _Header, table: _Table, sheet_year: str | None, *, titled_in_thousands: bool = False
) -> list[_Column]:
    """For each stream and year, the £k column whose header best names the allocation.

    A header must say £k, unless the sheet's title rows say the whole table is in £ thousands
    (then a header with no unit, and no rate, is read as £k too).
    """
    best: dict[tuple[str, str], tuple[tuple[int, int], _Column]] = {}
    for index, text in enumerate(header.texts):
        key = header_key(text)
        in_thousands = _THOUSANDS.search(key) or (titled_in_thousands and not _RATE.search(key))
        if not in_thousands or any(word in key for word in _NOT_ALLOCATION):
            continue
        years = _years_in(key) or ({sheet_year} if sheet_year else set())
        if len(years) != 1:
            continue
        (year,) = years
        if sheet_year is not None and year != sheet_year:
            continue
        for stream in table.streams:
            rank = next((n for n, phrase in enumerate(stream.phrases) if phrase in key), None)
            if rank is None:
                continue
            # The best phrase wins; among equals, the rightmost column (the final figure).
            score = (rank, -index)
            if (stream.code, year) not in best or score < best[stream.code, year][0]:
                best[stream.code, year] = (score, _Column(index, stream.code, year, text))
            break
    return [column for _, column in sorted(best.values(), key=lambda item: item[1].index)]


def _tolerance(rows: int) -> Decimal:
    # Published totals are rounded to the £k and ICB figures are not: half a £k per row summed.
    return Decimal(500) * (rows + 1)


@dataclass(slots=True)
class _Reader:
    path: Path
    allocations: list[Allocation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seen: dict[tuple[str, str, str], Allocation] = field(default_factory=dict)

    def problem(self, sheet: str, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(self.path.name, row, column, message, sheet=sheet))

    def resolve(self, sheet: str, row: int, code: str, header: _Header) -> str | None:
        """The E54 code of an ICB row, or None after recording why it could not be found."""
        try:
            return system(code).code
        except UnknownCode as error:
            retired = retired_system_code(code)
            if retired is not None:
                return retired
            self.problem(
                sheet,
                row,
                header.texts[header.code],
                f"no ICB has the code {code!r}; the closest are {', '.join(error.suggestions)}.",
            )
            return None

    def read_sheet(self, sheet: str, table: _Table, rows: Sequence[Sequence[Any]]) -> None:
        header = _find_header(rows)
        if header is None:
            raise UnreadableReturn(
                f"{self.path.name}: sheet {sheet!r} has no header row naming the ICB code "
                f"(like 'ICB23') and the ICB's name (like 'System Name') in its first "
                f"{HEADER_SEARCH_ROWS} rows."
            )
        sheet_years = _years_in(header_key(sheet))
        sheet_year = next(iter(sheet_years)) if len(sheet_years) == 1 else None
        titles = " ".join(header_key(cell) for row in rows[: header.row] for cell in row if cell)
        columns = _allocation_columns(
            header, table, sheet_year, titled_in_thousands=bool(_THOUSANDS.search(titles))
        )
        if not columns:
            raise UnreadableReturn(
                f"{self.path.name}: sheet {sheet!r} has no allocation column in £k: expected a "
                f"header on row {header.row + 1} naming {sheet_year or 'the year'} (like "
                "'2024/25 Total allocation (£k)')."
            )
        tallies = {(c.stream, c.year): _Tally() for c in columns}
        for offset, row in enumerate(rows[header.row + 1 :]):
            self.read_row(sheet, header.row + 2 + offset, row, header, columns, tallies)
        for column in columns:
            self.reconcile(sheet, column, tallies[column.stream, column.year])

    def read_row(
        self,
        sheet: str,
        number: int,
        row: Sequence[Any],
        header: _Header,
        columns: list[_Column],
        tallies: dict[tuple[str, str], _Tally],
    ) -> None:
        code = cell_text(_cell(row, header.code)).upper()
        name = cell_text(_cell(row, header.name))
        region = cell_text(_cell(row, header.region)).upper()
        if _ICB_CODE.match(code):
            kind = "icb"
            system_code = self.resolve(sheet, number, code, header)
            if system_code is None:
                return
        elif _REGION_CODE.match(code):
            # Lines NHS England's regions hold name NHS England (or the region itself) as region.
            owner = header_key(_cell(row, header.region_name))
            kind = "held" if region in {code, "ENG"} or owner == "nhs england" else "region"
            system_code = ""
        elif header_key(name) in {"england", "england total", "total"} or code == "TOTAL":
            kind, system_code = "england", ""
        else:
            return  # titles, blank rows, a repeated header, notes
        for column in columns:
            value = _cell(row, column.index)
            if is_suppressed(value):
                if kind == "icb":
                    self.problem(
                        sheet,
                        number,
                        column.header,
                        f"no figure for {name or code}: every ICB has an allocation.",
                    )
                continue
            try:
                amount = thousands_to_pounds(value)
            except NotANumber as error:
                self.problem(sheet, number, column.header, f"{error}; expected £ thousands.")
                continue
            tally = tallies[column.stream, column.year]
            if kind == "icb":
                tally.icbs[region] += amount
                tally.icb_count[region] += 1
                self.add(Allocation(system_code, column.year, column.stream, amount, number, sheet))
            elif kind == "held":
                tally.held[code] += amount
            elif kind == "region":
                tally.region_rows.append((number, code, amount))
            else:
                tally.england_rows.append((number, amount))

    def add(self, allocation: Allocation) -> None:
        key = (allocation.system_code, allocation.financial_year, allocation.stream)
        earlier = self.seen.setdefault(key, allocation)
        if earlier is not allocation:
            self.problem(
                allocation.sheet,
                allocation.row,
                allocation.stream,
                f"a second {allocation.stream} allocation for {allocation.system_code} in "
                f"{allocation.financial_year} (the first is on sheet {earlier.sheet!r}, row "
                f"{earlier.row}).",
            )
            return
        self.allocations.append(allocation)

    def reconcile(self, sheet: str, column: _Column, tally: _Tally) -> None:
        """Check region subtotals and the England total against the ICB rows they add up."""
        what = f"{column.stream} {column.year}"
        problems_before = len(self.problems)
        for number, code, amount in tally.region_rows:
            icbs = tally.icbs.get(code, Decimal(0))
            rows = tally.icb_count.get(code, 0)
            # Some editions count the region's own held lines in its subtotal, some do not.
            if all(
                abs(amount - expected) > _tolerance(rows)
                for expected in (icbs, icbs + tally.held.get(code, Decimal(0)))
            ):
                self.problem(
                    sheet,
                    number,
                    column.header,
                    f"the {code} region subtotal {money(amount)} is not the sum of its "
                    f"{count(rows, 'ICB')} ({money(icbs)}).",
                )
        icbs = sum(tally.icbs.values(), Decimal(0))
        held = sum(tally.held.values(), Decimal(0))
        rows = sum(tally.icb_count.values())
        for number, amount in tally.england_rows:
            if abs(amount - icbs - held) > _tolerance(rows + len(tally.held)):
                self.problem(
                    sheet,
                    number,
                    column.header,
                    f"the England total {money(amount)} is not the sum of the "
                    f"{count(rows, 'ICB')} ({money(icbs)})"
                    + (
                        f" and the lines NHS England's regions hold ({money(held)})."
                        if held
                        else "."
                    ),
                )
        if len(self.problems) > problems_before:
            return  # the problems say what is wrong; a note would say it agrees
        checked = (
            "agrees with the workbook's England total"
            if tally.england_rows
            else "the sheet has no England total to check it against"
        )
        regions = len(tally.region_rows)
        self.notes.append(
            f"Sheet {sheet!r}: column {_letter(column.index)} {column.header!r} read as {what}: "
            f"{count(rows, 'ICB')}, {money(icbs)}; {checked}"
            + (f"; {count(regions, 'region subtotal')} agree" if regions else "")
            + (f"; {money(held)} held by NHS England's regions, not by an ICB" if held else "")
            + "."
        )


def _open(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a file that is no xlsx
        raise UnreadableReturn(
            f"{path.name}: this is {describe_file(path)}, not an NHS England ICB allocations "
            "workbook (.xlsx). Download that from NHS England's allocations pages."
        ) from None


def read_icb_allocations(path: Path) -> ReturnFile:
    """Every ICB allocation in an NHS England allocations workbook, in pounds, by stream."""
    workbook = _open(path)
    reader = _Reader(path)
    try:
        read: list[str] = []
        unread: list[str] = []
        for worksheet in workbook.worksheets:
            table = _table_of(worksheet.title)
            if table is None:
                unread.append(worksheet.title)
                continue
            worksheet.reset_dimensions()  # read every row, whatever size the file declares
            rows = [tuple(row) for row in worksheet.iter_rows(values_only=True)]
            reader.read_sheet(worksheet.title, table, rows)
            read.append(worksheet.title)
    finally:
        workbook.close()
    if not read:
        raise UnreadableReturn(
            f"{path.name}: this is {describe_file(path)}; no ICB allocation sheet found. Expected "
            "sheets named like 'ICB Core Allocations 2024-25', 'PMC Allocations 2024-25', "
            f"'Other Primary Care' or 'ICB running cost allowance'; the workbook has "
            f"{', '.join(map(repr, unread))}."
        )
    if unread:
        reader.notes.append(
            f"Sheets not read (baselines and other tables): {', '.join(map(repr, unread))}."
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
