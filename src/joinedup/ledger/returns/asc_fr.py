"""NHS England's ASC-FR main data file: councils' gross current expenditure on adult social care.

The file is long: one row per cell of the return, with geography columns, dimension columns
(``CareType``, ``FinanceDescription``, ``AgeBand``, ...; ``CareType_Key`` and so on in the 2015-16
to 2019-20 editions), a ``ValueType`` and the value, ``ITEMVALUE``, in £ thousands. ``99`` in a
dimension means "all" (a total), a blank means the dimension does not apply to the line.

What is summed (see docs/national-returns.md): Local Authority rows of gross current expenditure
with a blank ValueType and no 99 in any expenditure dimension, i.e. the most detailed cells of the
return, each counted once. They are summed per council, year and spending type over age band,
primary support reason and provider (own provision and provision by others).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TextIO

from joinedup.ledger.financial_year import BadFinancialYear, financial_year, parse_financial_year
from joinedup.problems import Problem
from joinedup.reference import UnknownCode, council

from .cells import (
    NotANumber,
    cell_text,
    count,
    header_key,
    is_suppressed,
    money,
    sha256_of,
    thousands_to_pounds,
)
from .council_codes import RECODED, REORGANISED
from .line_map import LineMap, descriptor, funding_source_codes, line_map
from .records import ReturnFile, ReturnSpend, UnreadableReturn

__all__ = [
    "DIMENSIONS",
    "FUNDING_SOURCE",
    "KIND",
    "LINE_DIMENSIONS",
    "read_asc_fr",
]

KIND = "asc-fr"

#: ASC-FR gross current expenditure is the council's own spending on the service.
FUNDING_SOURCE = "council_core"

#: The dimensions of an expenditure line. A row with 99 in any of them is a total of others.
DIMENSIONS: tuple[str, ...] = (
    "CareType",
    "FinanceDescription",
    "AgeBand",
    "PrimarySupportReason",
    "SupportSetting",
    "Purpose",
    "CarerSupportType",
)

#: The dimensions that name a line for the taxonomy, broadest first; blank ones are left out.
#: The others (age band, support reason, provider) are summed over.
LINE_DIMENSIONS: tuple[str, ...] = ("CareType", "SupportSetting", "Purpose", "CarerSupportType")

_REQUIRED: tuple[str, ...] = (
    "GEOGRAPHY_LEVEL",
    "FY_ENDING",
    "GEOGRAPHY_CODE",
    *DIMENSIONS,
    "ValueType",
    "ITEMVALUE",
)
# At least one of these says which rows are expenditure; both are checked where both exist.
_MEASURES: dict[str, str] = {
    "FinanceType": "expenditure",
    "DATA_LEVEL": "gross current expenditure",
}
_TOTAL = "99"
_ENCODINGS = ("utf-8-sig", "cp1252")


@cache
def _base(header: str) -> str:
    """A column's name without the ``_Key`` suffix of older editions, case-folded."""
    key = header_key(header)
    return key.removesuffix("_key")


@cache
def _value_key(text: str) -> str:
    """A dimension value as compared; a file holds few distinct values, so this is cached."""
    return header_key(text)


@dataclass(slots=True)
class _Columns:
    index: dict[str, int]
    written: dict[str, str]

    @classmethod
    def find(cls, header: list[str], where: str) -> _Columns:
        index: dict[str, int] = {}
        written: dict[str, str] = {}
        for position, text in enumerate(header):
            name = _base(text)
            if name and name not in index:
                index[name] = position
                written[name] = cell_text(text)
        missing = [name for name in _REQUIRED if _base(name) not in index]
        if not any(_base(name) in index for name in _MEASURES):
            missing.append(" or ".join(_MEASURES))
        if missing:
            shown = ", ".join(cell_text(text) for text in header[:12]) or "(empty)"
            raise UnreadableReturn(
                f"{where}: not an ASC-FR data file: no column {', '.join(missing)} (accepted with "
                f"or without the _Key suffix of the 2015-16 to 2019-20 editions). Its header row "
                f"starts: {shown}."
            )
        return cls(index, written)

    def get(self, row: list[str], name: str) -> str:
        position = self.index.get(_base(name), len(row))
        return row[position].strip() if position < len(row) else ""

    def has(self, name: str) -> bool:
        return _base(name) in self.index

    def header(self, name: str) -> str:
        return self.written[_base(name)]


@dataclass(slots=True)
class _Line:
    amount: Decimal = Decimal(0)
    rows: int = 0
    councils: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Reader:
    file: str
    lines: LineMap
    problems: list[Problem] = field(default_factory=list)
    spend: dict[tuple[str, str, str], _Line] = field(default_factory=lambda: defaultdict(_Line))
    sources: dict[tuple[str, str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    unmapped: dict[str, _Line] = field(default_factory=lambda: defaultdict(_Line))
    detail: dict[tuple[str, str], Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    grand_totals: dict[tuple[str, str], set[Decimal]] = field(
        default_factory=lambda: defaultdict(set)
    )
    matched: set[str] = field(default_factory=set)
    councils: dict[str, str | None] = field(default_factory=dict)
    matches: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    levels: Counter[str] = field(default_factory=Counter)
    suppressed: Counter[str] = field(default_factory=Counter)
    recoded: Counter[str] = field(default_factory=Counter)
    reorganised: dict[str, _Line] = field(default_factory=lambda: defaultdict(_Line))
    not_expenditure: int = 0
    value_typed: int = 0
    totals: int = 0
    lines_read: int = 0

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(self.file, row, column, message))

    def year(self, text: str) -> str:
        """The financial year ending in March of ``FY_ENDING`` (2023 -> 2022-23)."""
        if text.isdigit() and len(text) == 4:
            return financial_year(int(text) - 1)
        return parse_financial_year(text)

    def read(self, number: int, row: list[str], columns: _Columns) -> None:
        level = columns.get(row, "GEOGRAPHY_LEVEL")
        if _value_key(level) != "local authority":
            self.levels[level or "(blank)"] += 1
            return
        for name, wanted in _MEASURES.items():
            if columns.has(name) and _value_key(columns.get(row, name)) != wanted:
                self.not_expenditure += 1
                return
        if columns.get(row, "ValueType"):
            self.value_typed += 1
            return
        dimensions = {name: columns.get(row, name) for name in DIMENSIONS}
        if _TOTAL in dimensions.values():
            self.totals += 1
            if dimensions["CareType"] == _TOTAL and set(dimensions.values()) <= {_TOTAL, ""}:
                self.grand_total(row, columns)
            return

        fy_text = columns.get(row, "FY_ENDING")
        try:
            year = self.year(fy_text)
        except BadFinancialYear:
            self.problem(
                number,
                columns.header("FY_ENDING"),
                f"{fy_text!r} is not a year: expected the year the financial year ends, "
                "like 2023 for 2022-23.",
            )
            return
        code = columns.get(row, "GEOGRAPHY_CODE")
        council_code = self.council(number, code, columns)
        raw = columns.get(row, "ITEMVALUE")
        if is_suppressed(raw):
            self.suppressed[raw or "(blank)"] += 1
            return
        try:
            amount = thousands_to_pounds(raw)
        except NotANumber as error:
            self.problem(
                number,
                columns.header("ITEMVALUE"),
                f"{error}, nor a suppression mark; expected £ thousands.",
            )
            return
        if council_code is None:
            if code in REORGANISED:
                retired = self.reorganised[code]
                retired.rows += 1
                retired.amount += amount
            return

        self.lines_read += 1
        self.detail[council_code, year] += amount
        line = descriptor([dimensions[name] for name in LINE_DIMENSIONS if dimensions[name]])
        if line not in self.matches:
            self.matches[line] = self.lines.match(line)
        found = self.matches[line]
        if found is None:
            unmapped = self.unmapped[line or "(no CareType)"]
            unmapped.rows += 1
            unmapped.amount += amount
            unmapped.councils.add(council_code)
            return
        spending_type, written = found
        self.matched.add(written)
        total = self.spend[council_code, year, spending_type]
        total.amount += amount
        total.rows += 1
        self.sources[council_code, year, spending_type].add(line)

    def council(self, number: int, code: str, columns: _Columns) -> str | None:
        """The current code of a row's council, or None (a problem, or a reorganised council)."""
        if code in RECODED:
            self.recoded[code] += 1
            return RECODED[code][0]
        if code in REORGANISED:
            return None
        if code not in self.councils:
            try:
                self.councils[code] = council(code).code
            except UnknownCode:
                self.councils[code] = None
        found = self.councils[code]
        if found is None:
            self.problem(
                number,
                columns.header("GEOGRAPHY_CODE"),
                f"{code!r} is not the ONS code of an upper-tier council (county, unitary, "
                "metropolitan or London borough) in JoinedUp's reference data.",
            )
        return found

    def grand_total(self, row: list[str], columns: _Columns) -> None:
        """Remember a council's all-99 total, to check the detailed lines against it."""
        code = columns.get(row, "GEOGRAPHY_CODE")
        current = RECODED[code][0] if code in RECODED else code
        raw = columns.get(row, "ITEMVALUE")
        try:
            year = self.year(columns.get(row, "FY_ENDING"))
            amount = thousands_to_pounds(raw)
        except (BadFinancialYear, NotANumber):
            return
        self.grand_totals[current, year].add(amount)

    def result(self) -> tuple[ReturnSpend, ...]:
        return tuple(
            ReturnSpend(
                council_code=council_code,
                financial_year=year,
                spending_type=spending_type,
                funding_source=FUNDING_SOURCE,
                amount=line.amount,
                source_lines=tuple(sorted(self.sources[council_code, year, spending_type])),
            )
            for (council_code, year, spending_type), line in sorted(self.spend.items())
        )

    def notes(self) -> list[str]:
        notes: list[str] = []
        councils = {key[0] for key in self.spend} | {
            code for line in self.unmapped.values() for code in line.councils
        }
        years = sorted({key[1] for key in self.detail})
        notes.append(
            f"Read {count(self.lines_read, 'line')} of gross current expenditure for "
            f"{count(len(councils), 'council')} ({', '.join(years) or 'no year'}); values are "
            "£ thousands, multiplied by 1,000."
        )
        notes.append(
            f"Summed only the most detailed lines: rows with 99 (total) in none of "
            f"{', '.join(DIMENSIONS)}. Skipped {count(self.totals, 'total row')} so that nothing "
            "is counted twice."
        )
        if self.levels:
            levels = ", ".join(f"{level} {n:,}" for level, n in sorted(self.levels.items()))
            notes.append(
                f"Skipped {count(sum(self.levels.values()), 'row')} not at Local Authority level "
                f"({levels})."
            )
        if self.not_expenditure:
            notes.append(
                f"Skipped {count(self.not_expenditure, 'row')} of measures other than gross "
                "current expenditure (income, activity and others)."
            )
        if self.value_typed:
            notes.append(
                f"Skipped {count(self.value_typed, 'row')} with a ValueType (unit costs, "
                "numerators, denominators)."
            )
        if self.suppressed:
            marks = ", ".join(f"{mark!r} {n:,}" for mark, n in sorted(self.suppressed.items()))
            notes.append(
                f"Skipped {count(sum(self.suppressed.values()), 'suppressed or missing value')} "
                f"among the detailed lines ({marks})."
            )
        for code, n in sorted(self.recoded.items()):
            current, what = RECODED[code]
            notes.append(f"Read {count(n, 'row')} of retired code {code} ({what}) as {current}.")
        for code, line in sorted(self.reorganised.items()):
            notes.append(
                f"Left out {count(line.rows, 'line')}, {money(line.amount)}, of retired code "
                f"{code} ({REORGANISED[code]}): it has no single successor."
            )
        for line_name, line in sorted(self.unmapped.items(), key=lambda item: -item[1].amount):
            notes.append(
                f"Not mapped to a spending type: {line_name!r}, {money(line.amount)} in "
                f"{count(line.rows, 'line')} from {count(len(line.councils), 'council')}. "
                "Add it to an asc_fr list in taxonomy.yaml to count it."
            )
        unused = [written for written in self.lines.descriptors if written not in self.matched]
        if unused and self.lines_read:
            notes.append(
                "Taxonomy asc_fr descriptors that matched no line of this file: "
                f"{', '.join(map(repr, unused))}."
            )
        notes.extend(self.reconcile())
        return notes

    def reconcile(self) -> Iterator[str]:
        """A note wherever a council's detailed lines fall short of, or exceed, its total row."""
        for (council_code, year), amounts in sorted(self.grand_totals.items()):
            read = self.detail.get((council_code, year))
            if read is None or len(amounts) != 1:
                continue
            (total,) = amounts
            tolerance = max(Decimal(10_000), abs(total) / 1000)
            if abs(total - read) > tolerance:
                yield (
                    f"{council(council_code).name} ({council_code}) {year}: the file's total "
                    f"gross current expenditure (CareType 99) is {money(total)} but the detailed "
                    f"lines read add up to {money(read)}, {money(abs(total - read))} apart: "
                    "spend reported only as a total, suppressed, or not submitted."
                )


@contextmanager
def _text(path: Path, encoding: str) -> Iterator[TextIO]:
    """The CSV text of a data file, or of the data file inside an ASC-FR CSV data pack (zip)."""
    if not zipfile.is_zipfile(path):
        with path.open(encoding=encoding, newline="") as stream:
            yield stream
        return
    with zipfile.ZipFile(path) as pack:
        for member in pack.namelist():
            if not member.casefold().endswith(".csv"):
                continue
            with pack.open(member) as raw:
                first = raw.readline().decode(encoding, errors="replace").casefold()
            if "itemvalue" in first and "geography_level" in first:
                with pack.open(member) as raw:
                    yield io.TextIOWrapper(raw, encoding=encoding, newline="")
                return
    raise UnreadableReturn(
        f"{path.name}: a zip file with no ASC-FR data file in it (a .csv whose header has "
        "GEOGRAPHY_LEVEL and ITEMVALUE)."
    )


def _read(path: Path, encoding: str) -> _Reader:
    reader = _Reader(str(path), line_map("asc_fr"))
    with _text(path, encoding) as stream:
        rows = csv.reader(stream)
        header = next(rows, [])
        columns = _Columns.find(header, path.name)
        for number, row in enumerate(rows, start=2):
            if row:
                reader.read(number, row, columns)
    return reader


def read_asc_fr(path: Path) -> ReturnFile:
    """Councils' gross current expenditure by spending type from an ASC-FR main data file."""
    if FUNDING_SOURCE not in funding_source_codes():
        raise UnreadableReturn(f"taxonomy.yaml has no funding source {FUNDING_SOURCE!r}.")
    reader: _Reader | None = None
    for encoding in _ENCODINGS:
        try:
            reader = _read(path, encoding)
            break
        except UnicodeDecodeError:
            continue  # try the next encoding: old editions may be Windows-1252
        except (OSError, csv.Error, zipfile.BadZipFile) as error:
            raise UnreadableReturn(
                f"{path}: cannot be read as an ASC-FR data file (CSV): {error}."
            ) from None
    if reader is None:
        raise UnreadableReturn(
            f"{path}: is not a text file; expected the ASC-FR main data file (CSV), or the CSV "
            "data pack (zip) that holds it."
        )
    return ReturnFile(
        kind=KIND,
        path=path,
        sha256=sha256_of(path),
        allocations=(),
        spend=reader.result(),
        problems=tuple(reader.problems),
        notes=tuple(reader.notes()),
    )
