"""NHS England's ASC-FR data files: councils' gross current expenditure on adult social care.

Over 400 lines: one reader for one publication in all its layouts and years; their quirks are read
together.

Two layouts are read, told apart by their header (see docs/national-returns.md):

* The long "data file" of 2017-18 onwards ("ASCFR Data File (with descriptions)", "ASC-FR Data
  File (descriptions) v2"): one row per cell of the return, geography columns, dimension columns
  (``CareType``, ``FinanceDescription``, ``AgeBand``, ...; ``CareType_Key`` and so on up to
  2019-20), ``DATA_LEVEL`` and the value, ``ITEMVALUE``, in £ thousands. A total is written ``99``
  in the older files and ``Total`` in the newer; a blank means the dimension does not apply.
* The 2016-17 release's numeric-key "CSV ASCFR Totals.csv": one row per detailed line, every
  dimension a number (``CareType_KEY`` 2, ...; see ``asc_fr_keys``) and the measures side by side,
  ``GROSSCURRENTEXPENDITURE`` among them, in £ thousands.

What is summed: Local Authority rows of gross current expenditure with a blank ValueType and no
total in any expenditure dimension, i.e. the most detailed cells of the return, each counted once,
per council, year and spending type, over age band, primary support reason and provider.
Workbooks (the release's reference tables), other releases' CSV files and other publishers'
files are refused with a line saying what they are.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TextIO

from joinedup.core.cells import (
    NotANumber,
    cell_text,
    count,
    header_key,
    is_suppressed,
    sha256_of,
    thousands_to_pounds,
)
from joinedup.core.financial_year import BadFinancialYear, financial_year, parse_financial_year
from joinedup.money import money_exact as money  # exact pounds: they reconcile totals
from joinedup.problems import Problem
from joinedup.reference import UnknownCode, council
from joinedup.reference.council_codes import RECODED, REORGANISED

from .asc_fr_keys import key_text, ons_code_of_cassr
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
# At least one of these says which rows are expenditure. DATA_LEVEL decides where a row has one:
# within gross current expenditure the real files write FinanceType as "Expenditure", "9" or
# "Gross Current Expenditure" depending on the year.
_MEASURES: dict[str, str] = {
    "DATA_LEVEL": "gross current expenditure",
    "FinanceType": "expenditure",
}
#: How a total ("all") is written in a dimension: 99 up to 2021-22, Total from 2022-23.
_TOTALS = frozenset({"99", "total"})
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


@dataclass(frozen=True, slots=True)
class _Fields:
    """The header names a problem names, as the file writes them."""

    year: str
    council: str
    value: str


def _is_total(values: Iterable[str]) -> bool:
    return any(_value_key(value) in _TOTALS for value in values)


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
    by_cassr: Counter[str] = field(default_factory=Counter)
    voluntary: int = 0
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
        measure = next((name for name in _MEASURES if columns.get(row, name)), None)
        if measure is None or _value_key(columns.get(row, measure)) != _MEASURES[measure]:
            self.not_expenditure += 1
            return
        if columns.get(row, "ValueType"):
            self.value_typed += 1
            return
        dimensions = {name: columns.get(row, name) for name in DIMENSIONS}
        if _is_total(dimensions.values()):
            self.totals += 1
            if _value_key(dimensions["CareType"]) in _TOTALS and all(
                _value_key(value) in _TOTALS or not value for value in dimensions.values()
            ):
                self.grand_total(row, columns)
            return
        code = columns.get(row, "GEOGRAPHY_CODE")
        if not code and columns.has("CASSR"):
            code = self.cassr(columns.get(row, "CASSR"), columns.get(row, "FY_ENDING"))
        fields = _Fields(
            columns.header("FY_ENDING"),
            columns.header("GEOGRAPHY_CODE"),
            columns.header("ITEMVALUE"),
        )
        line = descriptor([dimensions[name] for name in LINE_DIMENSIONS if dimensions[name]])
        self.add(
            number, fields, columns.get(row, "FY_ENDING"), code, columns.get(row, "ITEMVALUE"), line
        )

    def cassr(self, cassr: str, fy_text: str) -> str:
        """The ONS code of a row that gives only a CASSR code (blank if the code is unknown)."""
        year = int(fy_text) if fy_text.isdigit() else None
        found = ons_code_of_cassr(cassr, year)
        if found is None:
            return ""
        self.by_cassr[cassr] += 1
        return found

    def add(
        self, number: int, fields: _Fields, fy_text: str, code: str, raw: str, line: str
    ) -> None:
        """Count one detailed line of gross current expenditure."""
        try:
            year = self.year(fy_text)
        except BadFinancialYear:
            self.problem(
                number,
                fields.year,
                f"{fy_text!r} is not a year: expected the year the financial year ends, "
                "like 2023 for 2022-23.",
            )
            return
        council_code = self.council(number, code, fields.council)
        if is_suppressed(raw):
            self.suppressed[raw or "(blank)"] += 1
            return
        try:
            amount = thousands_to_pounds(raw)
        except NotANumber as error:
            self.problem(
                number,
                fields.value,
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

    def council(self, number: int, code: str, field: str) -> str | None:
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
                field,
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
            f"Summed only the most detailed lines: rows with 99 or Total in none of "
            f"{', '.join(DIMENSIONS)}. Skipped {count(self.totals, 'total row')} so that nothing "
            "is counted twice."
        )
        if self.levels:
            levels = ", ".join(f"{level} {n:,}" for level, n in sorted(self.levels.items()))
            notes.append(
                f"Skipped {count(sum(self.levels.values()), 'row')} not at Local Authority level "
                f"({levels})."
            )
        if self.voluntary:
            notes.append(
                f"Skipped {count(self.voluntary, 'row')} of voluntary data (DataType_KEY 2: finer "
                "age bands of lines already read at 18 to 64 and 65 and over)."
            )
        for cassr, n in sorted(self.by_cassr.items()):
            notes.append(
                f"Read {count(n, 'row')} with no ONS code by CASSR code {cassr} "
                f"({ons_code_of_cassr(cassr, None)} or its successor)."
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


#: Header columns that say what a file is, when it is not an ASC-FR data file JoinedUp reads.
_OTHER_CSV: tuple[tuple[frozenset[str], str], ...] = (
    (
        frozenset({"indicator id", "area code", "time period"}),
        "an OHID Fingertips data download (Indicator ID, Area Code, Time period, Value)",
    ),
    (
        frozenset({"uuid", "cassr_code", "activityprovision_key"}),
        'the 2016-17 ASC-FR activity file ("CSV ASCFR Activity.csv": numbers of clients, not '
        'spending); JoinedUp reads "CSV ASCFR Totals.csv" from the same release',
    ),
    (
        frozenset({"uuid", "cassr_code", "comparativetotals_key"}),
        'the 2016-17 ASC-FR additional data file ("CSV ASCFR Additional.csv": income and '
        'comparative totals); JoinedUp reads "CSV ASCFR Totals.csv" from the same release',
    ),
    (
        frozenset({"uuid", "council code", "care type", "value"}),
        "a 2015-16 ASC-FR file with descriptions (council by CASSR code only); JoinedUp reads the "
        "2016-17 and later layouts",
    ),
)
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"


def _sheet_names(path: Path) -> list[str]:
    """A workbook's sheet names, or none if it cannot be opened."""
    try:
        from python_calamine import CalamineWorkbook  # deferred: only workbooks need it

        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:  # any failure to open only leaves the names out of the message
        return []


def _shown(names: list[str], limit: int = 8) -> str:
    more = ", ..." if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def _refuse_workbook(path: Path, head: bytes) -> None:
    """Raise for a spreadsheet workbook, saying what it is; return for anything else."""
    if head.startswith(_OLE2):
        names = _sheet_names(path)
        sheets = f" (sheets {_shown(names)})" if names else ""
        raise UnreadableReturn(
            f"{path.name}: this is an old-style Excel .xls workbook{sheets}, not an ASC-FR data "
            "file; JoinedUp reads the ASC-FR CSV data file (or the CSV data pack .zip)."
        )
    if not head.startswith(_ZIP):
        return
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.namelist()
            ods = "mimetype" in members and archive.read("mimetype").strip() == _ODS
    except (zipfile.BadZipFile, OSError, KeyError):
        return
    xlsx = any(member.startswith("xl/") for member in members)
    if not (ods or xlsx):
        return
    names = _sheet_names(path)
    kind = "an .ods spreadsheet" if ods else "an Excel workbook"
    sheets = f" (sheets {_shown(names)})" if names else ""
    # The reference tables number their sheets T1, T2, ... beside a contents or notes sheet.
    if sum(1 for name in names if name[:1] in "Tt" and name[1:].isdigit()) >= 3:
        what = "the ASC-FR reference tables"
    else:
        what = "not an ASC-FR data file"
    raise UnreadableReturn(
        f"{path.name}: this is {kind}{sheets}: {what}; JoinedUp reads the CSV data file from the "
        "same release (or the CSV data pack .zip that holds it)."
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
            if ("itemvalue" in first and "geography_level" in first) or (
                "grosscurrentexpenditure" in first and "caretype_key" in first
            ):
                with pack.open(member) as raw:
                    yield io.TextIOWrapper(raw, encoding=encoding, newline="")
                return
    raise UnreadableReturn(
        f"{path.name}: a zip file with no ASC-FR data file in it (a .csv whose header has "
        'GEOGRAPHY_LEVEL and ITEMVALUE, or the 2016-17 "CSV ASCFR Totals.csv").'
    )


#: The 2016-17 numeric-key totals file: its key columns, as named there, and its value column.
_KEYED_DIMENSIONS: tuple[str, ...] = (
    "CareType_KEY",
    "AgeBand_KEY",
    "PrimarySupportReason_KEY",
    "SupportSetting_KEY",
    "Purpose_KEY",
    "CarerSupportType_KEY",
)
_KEYED_VALUE = "GROSSCURRENTEXPENDITURE"


def _is_keyed(header: list[str]) -> bool:
    names = {header_key(text) for text in header}
    return header_key(_KEYED_VALUE) in names and "caretype_key" in names


def _read_keyed(reader: _Reader, header: list[str], rows: Iterator[list[str]], name: str) -> None:
    """Read the 2016-17 "CSV ASCFR Totals.csv": numeric keys, measures side by side."""
    index = {header_key(text): position for position, text in enumerate(header)}
    wanted = ("fy_ending", "cassr_code", "geography_code", *map(header_key, _KEYED_DIMENSIONS))
    missing = [text for text in wanted if text not in index]
    if missing:
        raise UnreadableReturn(
            f"{name}: a 2016-17 ASC-FR totals file without the column(s) "
            f"{', '.join(missing)}; its header row starts: {_shown(header, 12)}."
        )
    written = {header_key(text): cell_text(text) for text in header}
    fields = _Fields(
        written["fy_ending"], written["geography_code"], written[header_key(_KEYED_VALUE)]
    )

    def get(row: list[str], column: str) -> str:
        position = index.get(header_key(column), len(row))
        return row[position].strip() if position < len(row) else ""

    for number, row in enumerate(rows, start=2):
        if not row:
            continue
        cassr, code = get(row, "CASSR_CODE"), get(row, "GEOGRAPHY_CODE")
        if not cassr and not code:
            reader.levels["Region or England (no council code)"] += 1
            continue
        if get(row, "DataType_KEY") == "2":
            reader.voluntary += 1  # finer age bands of lines the mandatory rows already hold
            continue
        keys = {column: get(row, column) for column in _KEYED_DIMENSIONS}
        if _is_total(keys.values()):
            reader.totals += 1
            continue
        if not code:
            code = reader.cassr(cassr, get(row, "FY_Ending"))
        parts = [
            key_text(column, keys[column])
            for column in (
                "CareType_KEY",
                "SupportSetting_KEY",
                "Purpose_KEY",
                "CarerSupportType_KEY",
            )
            if keys[column]
        ]
        if keys["CareType_KEY"] not in ("2", "4") and keys["PrimarySupportReason_KEY"]:
            # Care types without a known meaning carry their detail in the support reason key.
            parts.insert(1, key_text("PrimarySupportReason_KEY", keys["PrimarySupportReason_KEY"]))
        reader.add(
            number, fields, get(row, "FY_Ending"), code, get(row, _KEYED_VALUE), descriptor(parts)
        )


def _read(path: Path, encoding: str) -> _Reader:
    reader = _Reader(str(path), line_map("asc_fr"))
    with _text(path, encoding) as stream:
        rows = csv.reader(stream)
        header = next(rows, [])
        if _is_keyed(header):
            _read_keyed(reader, header, rows, path.name)
            return reader
        _refuse_other_csv(header, path.name)
        columns = _Columns.find(header, path.name)
        for number, row in enumerate(rows, start=2):
            if row:
                reader.read(number, row, columns)
    return reader


def _refuse_other_csv(header: list[str], name: str) -> None:
    names = {header_key(text) for text in header}
    for needed, what in _OTHER_CSV:
        if needed <= names:
            raise UnreadableReturn(f"{name}: this is {what}, not an ASC-FR data file.")
    outturn = "ons code" in names or any(text.startswith("ro") and "_" in text for text in names)
    if outturn and "itemvalue" not in names:
        raise UnreadableReturn(
            f"{name}: this looks like an MHCLG revenue outturn file (header starts: "
            f"{_shown([cell_text(text) for text in header], 8)}), not an ASC-FR data file."
        )


def read_asc_fr(path: Path) -> ReturnFile:
    """Councils' gross current expenditure by spending type from an ASC-FR data file."""
    if FUNDING_SOURCE not in funding_source_codes():
        raise UnreadableReturn(f"taxonomy.yaml has no funding source {FUNDING_SOURCE!r}.")
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except OSError as error:
        raise UnreadableReturn(f"{path}: cannot be read: {error}.") from None
    _refuse_workbook(path, head)
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
