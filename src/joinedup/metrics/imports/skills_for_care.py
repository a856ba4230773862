"""Skills for Care adult social care workforce estimates by local authority.

Over 400 lines: one reader for one publication in both its layouts; the rules for what is read and
skipped are read together.

Two layouts are read (docs/metrics-imports.md):

- the **LA data download** workbook (``LA-data-download*.xlsx``, sheet ``LA level data``, or that
  sheet saved as CSV): long, one row per council, sector, service and job role, councils by name.
  The rows for all sectors, all services and all job roles are read, as ``asc_vacancy_rate``.
- an **LG Inform CSV export** of Skills for Care metrics: councils by ONS code, one column per
  metric and period under a header of several rows, each starting ``area label``. Each metric
  is recognised by its name (:data:`MEASURES`): the vacancy rate as ``asc_vacancy_rate``, staff
  turnover for all services as ``asc_staff_turnover``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from joinedup.core.cells import cell_text, count, header_key, is_suppressed, sha256_of
from joinedup.core.files import sheet_rows
from joinedup.metrics.definition import Metric
from joinedup.metrics.period import BadPeriod, Period, annual, parse_period
from joinedup.metrics.values import MetricValue
from joinedup.problems import Problem
from joinedup.reference import UnknownCode, council, councils

from .cells import ENGLAND, NotANumber, SkippedArea, area_by_code, compact, csv_rows, to_number
from .records import MetricImport, UnreadableImport

__all__ = [
    "KIND",
    "MEASURES",
    "METRIC",
    "METRICS",
    "SHEET",
    "Measure",
    "council_by_name",
    "read_skills_for_care",
]

KIND = "skills-for-care"


@dataclass(frozen=True, slots=True)
class Measure:
    """A Skills for Care measure JoinedUp reads: the metric, and how a column's name shows it."""

    metric: str
    #: What the metric's name mentions, compared casefolded ("vacanc" for vacancy, vacancies).
    phrase: str
    #: The word quoted to people, in refusals.
    word: str
    #: What one value is called in notes and messages.
    noun: str


#: Every measure read, first match wins. A name with ", <qualifier>" after the phrase (LG
#: Inform's "% ASC staff turnover, domiciliary care") is one care service's figure, not read:
#: the metrics are for all services.
MEASURES: tuple[Measure, ...] = (
    Measure("asc_vacancy_rate", "vacanc", "vacancy", "vacancy rate"),
    Measure("asc_staff_turnover", "turnover", "turnover", "turnover rate"),
)

#: The vacancy rate: the only measure the LA data download is read for (its Turnover rate
#: column has been seen in parser code only, not in a file).
VACANCY = MEASURES[0]
METRIC = VACANCY.metric

#: Every metric a Skills for Care file may give.
METRICS = tuple(measure.metric for measure in MEASURES)

#: The sheet of the LA data download that holds the figures.
SHEET = "LA level data"

#: How far down a sheet to look for its header row.
HEADER_SEARCH_ROWS = 20

_WHAT = (
    "a Skills for Care LA data download (.xlsx, sheet 'LA level data', with columns CSSR (LA "
    "area), Sector, Service, Job role and Vacancy rate) or an LG Inform CSV export"
)

# Names the LA data download writes differently from JoinedUp's reference data, beyond '&' for
# 'and', dropped hyphens and the ", City of" / ", County of" suffixes (handled by rule).
_ALIASES: dict[str, str] = {"Durham": "E06000047"}

#: Areas the file gives as one row: read as the first council, the second has no value.
_COMBINED: dict[str, tuple[str, str]] = {
    "cornwall and isles of scilly": ("E06000052", "E06000053"),
}

_REGIONS = frozenset(
    {
        "north east",
        "north west",
        "yorkshire and the humber",
        "yorkshire and humber",
        "east midlands",
        "west midlands",
        "east of england",
        "eastern",
        "london",
        "south east",
        "south west",
    }
)

_FILE_YEAR = re.compile(r"(?<!\d)(20\d\d)[-_ ]?(\d\d)(?!\d)")
_LG_PERIOD_ID = re.compile(r"fin_(\d{4})_(\d{2})", re.IGNORECASE)


def _name_key(text: object) -> str:
    """A council name as compared: '&' is 'and', hyphens are spaces, punctuation dropped.

    >>> _name_key("Stockton-on-Tees") == _name_key("Stockton on Tees")
    True
    """
    text = cell_text(text).casefold().replace("&", " and ")
    text = re.sub(r"[-\u2013]", " ", text)
    text = re.sub(r"[.,'\u2019()]", "", text)
    return " ".join(text.split())


@cache
def _council_names() -> dict[str, str]:
    index: dict[str, str] = {}
    for item in councils():
        index[_name_key(item.name)] = item.code
        head, _, tail = item.name.partition(", ")
        if tail.casefold() in ("city of", "county of"):
            index[_name_key(head)] = item.code
    for name, code in _ALIASES.items():
        index[_name_key(name)] = code
    return index


def council_by_name(name: str) -> str:
    """The ONS code of an upper-tier council named as Skills for Care names it.

    >>> council_by_name("Redcar & Cleveland"), council_by_name("Bristol")
    ('E06000003', 'E06000023')

    Raises ``joinedup.reference.UnknownCode`` (with suggestions) for a name that matches none.
    """
    found = _council_names().get(_name_key(name))
    if found is None:
        return council(name).code  # raises UnknownCode with the closest names
    return found


def _fy_in_name(path: Path) -> Period | None:
    for found in _FILE_YEAR.finditer(path.stem):
        start, end = int(found[1]), int(found[2])
        if end == (start + 1) % 100:
            return annual(start)
    return None


def _fy_of(text: str) -> Period | None:
    """A financial year written 2023/24, 2023-24 or as an LG Inform period ID fin_2023_24."""
    found = _LG_PERIOD_ID.fullmatch(text.strip())
    if found:
        return annual(int(found[1])) if int(found[2]) == (int(found[1]) + 1) % 100 else None
    try:
        period = parse_period(text)
    except BadPeriod:
        return None
    return period if period.frequency == "annual" else None


def _listing(items: Iterable[tuple[str, int]], limit: int = 8, *, quote: bool = True) -> str:
    """``'a' (3), 'b' (1)``: the first ``limit`` texts with their counts, then how many more."""
    pairs = list(items)
    shown = ", ".join(
        f"{text!r} ({n:,})" if quote else f"{text} ({n:,})" for text, n in pairs[:limit]
    )
    return shown + (f" and {len(pairs) - limit:,} more" if len(pairs) > limit else "")


@dataclass(slots=True)
class _Rate:
    row: int
    column: str
    area: tuple[str, str]
    period: Period
    rate: float
    explicit_percent: bool
    measure: Measure
    vacancies: float | None = None
    filled: float | None = None


@dataclass(slots=True)
class _Collector:
    """What both layouts share: problems, skipped-row counts and the rates read."""

    file: str
    sheet: str | None
    problems: list[Problem] = field(default_factory=list)
    rates: list[_Rate] = field(default_factory=list)
    skipped_areas: Counter[str] = field(default_factory=Counter)
    suppressed: Counter[str] = field(default_factory=Counter)
    combined: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    #: LG Inform states the unit once per column, so its rates need no note of their own.
    percent_by_unit: bool = False

    def problem(self, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, row, column, message, self.sheet))

    def rate(
        self, row: int, column: str, raw: object, measure: Measure
    ) -> tuple[float, bool] | None:
        """A rate cell's number and whether it carried a % sign; None if suppressed or bad."""
        if is_suppressed(raw):
            self.suppressed[cell_text(raw) or "(blank)"] += 1
            return None
        try:
            value = to_number(raw, percent=True)
        except NotANumber as error:
            self.problem(row, column, f"{error}, nor a suppression mark (* or blank)")
            return None
        if value < 0:
            self.problem(row, column, f"a {measure.noun} cannot be negative")
            return None
        return value, cell_text(raw).endswith("%")

    def values(self, definitions: Mapping[str, Metric]) -> list[MetricValue]:
        """The rates as percentages, once the file's scale is known; repeats are problems."""
        found: list[MetricValue] = []
        for measure in MEASURES:
            rates = [rate for rate in self.rates if rate.measure == measure]
            if rates:
                found += self._values(measure, definitions[measure.metric], rates)
        return found

    def _values(self, measure: Measure, metric: Metric, rates: list[_Rate]) -> list[MetricValue]:
        # The scale is decided per measure: turnover rates run higher than vacancy rates, so
        # one measure's figures say nothing about whether another's are fractions.
        numeric = [r.rate for r in rates if not r.explicit_percent]
        percent = any(rate > 1 for rate in numeric)
        if numeric:
            self.notes.append(
                f"{measure.noun.capitalize()}s read as percentages (8.1 is 8.1%): some are above 1."
                if percent
                else f"{measure.noun.capitalize()}s read as fractions (0.081 is 8.1%) and "
                "multiplied by 100: none is above 1."
            )
        if len(numeric) < len(rates) and not self.percent_by_unit:
            self.notes.append(
                f"{count(len(rates) - len(numeric), 'rate')} written with a % sign read "
                "as percentages."
            )
        found: list[MetricValue] = []
        seen: dict[tuple[str, str, str], int] = {}
        for rate in rates:
            value = rate.rate if percent or rate.explicit_percent else rate.rate * 100
            if value > metric.multiplier:
                self.problem(rate.row, rate.column, f"a {measure.noun} of {value:g}% is above 100%")
                continue
            key = (*rate.area, rate.period.label)
            if key in seen:
                self.problem(
                    rate.row,
                    rate.column,
                    f"{rate.area[1]} {rate.period.label} was already read from row {seen[key]}",
                )
                continue
            seen[key] = rate.row
            numerator = denominator = None
            if rate.vacancies is not None and rate.filled is not None:
                numerator, denominator = rate.vacancies, rate.vacancies + rate.filled
            found.append(
                MetricValue(
                    metric_id=metric.id,
                    area_type=rate.area[0],
                    area_code=rate.area[1],
                    period=rate.period,
                    age_band=None,
                    numerator=numerator,
                    denominator=denominator,
                    value=value,
                    row=rate.row,
                )
            )
        return found

    def summary(self, values: list[MetricValue], measure: Measure, where: str) -> str:
        values = [v for v in values if v.metric_id == measure.metric]
        kinds = Counter(v.area_type for v in values)
        periods = ", ".join(sorted({v.period.label for v in values})) or "no period"
        areas = ", ".join(
            count(kinds[kind], noun)
            for kind, noun in (
                ("england", "England value"),
                ("system", "ICB value"),
                ("council", "council value"),
            )
            if kinds[kind]
        )
        return (
            f"Read {count(len(values), measure.noun)} as {measure.metric} ({periods}) from "
            f"{where}: {areas or 'no areas'}."
        )

    def skipped(self) -> Iterator[str]:
        for what, n in sorted(self.skipped_areas.items()):
            yield f"Skipped {count(n, 'row')} of {what}."
        for name, n in self.combined.items():
            first, second = _COMBINED[_name_key(name)]
            yield (
                f"Read {name!r} ({count(n, 'row')}), which the file gives as one area, "
                f"as {council(first).name} ({first}); {council(second).name} ({second}) has no "
                "value of its own."
            )
        if self.suppressed:
            yield (
                f"Skipped {count(sum(self.suppressed.values()), 'suppressed or missing rate')} "
                f"({_listing(self.suppressed.most_common())}): too few posts recorded."
            )


# -- the LA data download (long layout) --------------------------------------------------------


def _is_council_column(key: str) -> bool:
    return key.startswith("cssr") or key in ("local authority", "la", "la name")


# Each column of the long layout: how its header (header_key) is recognised.
_LONG_COLUMNS: dict[str, Callable[[str], bool]] = {
    "council": _is_council_column,
    "sector": lambda key: key == "sector",
    "service": lambda key: key == "service",
    "job_role": lambda key: key == "job role",
    "rate": lambda key: key.startswith("vacancy rate"),
    "period": lambda key: key in ("year", "period", "financial year"),
    "vacancies": lambda key: key in ("vacancies", "number of vacancies", "vacant posts"),
    "filled": lambda key: key in ("filled posts", "number of filled posts"),
}
_LONG_REQUIRED = ("council", "sector", "service", "job_role", "rate")


@dataclass(frozen=True, slots=True)
class _LongColumns:
    index: dict[str, int]
    written: dict[str, str]

    @classmethod
    def find(cls, header: Sequence[object]) -> _LongColumns | None:
        index: dict[str, int] = {}
        written: dict[str, str] = {}
        for position, text in enumerate(header):
            key = header_key(text)
            for name, matches in _LONG_COLUMNS.items():
                if name not in index and key and matches(key):
                    index[name] = position
                    written[name] = cell_text(text)
        if all(name in index for name in _LONG_REQUIRED):
            return cls(index, written)
        return None

    def get(self, row: Sequence[object], name: str) -> object:
        position = self.index.get(name)
        return row[position] if position is not None and position < len(row) else None


def _all_job_roles(text: object) -> bool:
    key = header_key(text)
    for prefix in ("job role group - ", "individual role - "):
        key = key.removeprefix(prefix)
    return key in ("all job roles", "all roles", "all job role groups")


def _read_long(
    collector: _Collector,
    rows: Sequence[Sequence[object]],
    columns: _LongColumns,
    header_row: int,
    period: Period | None,
) -> None:
    other_totals = untitled = 0
    for number, row in enumerate(rows[header_row:], start=header_row + 1):
        name = cell_text(columns.get(row, "council"))
        if not name:
            continue
        sector, service = columns.get(row, "sector"), columns.get(row, "service")
        if not cell_text(sector) and not cell_text(service):
            untitled += 1  # a footnote or a title below the header
            continue
        if (
            header_key(sector) != "all sectors"
            or header_key(service) != "all services"
            or not _all_job_roles(columns.get(row, "job_role"))
        ):
            other_totals += 1
            continue
        key = _name_key(name)
        if key in _REGIONS:
            collector.skipped_areas["regions"] += 1
            continue
        area: tuple[str, str]
        if key == "england":
            area = ("england", ENGLAND)
        elif key in _COMBINED:
            collector.combined[name] += 1
            area = ("council", _COMBINED[key][0])
        else:
            try:
                area = ("council", council_by_name(name))
            except UnknownCode as error:
                collector.problem(
                    number,
                    columns.written["council"],
                    f"{name!r} is not an upper-tier council JoinedUp knows ({error})",
                )
                continue
        row_period = period
        if "period" in columns.index:
            text = cell_text(columns.get(row, "period"))
            row_period = _fy_of(text)
            if row_period is None:
                collector.problem(
                    number,
                    columns.written["period"],
                    f"{text!r} is not a financial year (2023/24)",
                )
                continue
        assert row_period is not None
        found = collector.rate(number, columns.written["rate"], columns.get(row, "rate"), VACANCY)
        if found is None:
            continue
        counts: dict[str, float | None] = {}
        for column in ("vacancies", "filled"):
            raw = columns.get(row, column)
            counts[column] = None
            if column in columns.index and not is_suppressed(raw):
                try:
                    counts[column] = to_number(raw)
                except NotANumber as error:
                    collector.problem(number, columns.written[column], str(error))
        rate, explicit_percent = found
        collector.rates.append(
            _Rate(
                number,
                columns.written["rate"],
                area,
                row_period,
                rate,
                explicit_percent,
                VACANCY,
                vacancies=counts["vacancies"],
                filled=counts["filled"],
            )
        )
    if untitled:
        collector.notes.append(
            f"Skipped {count(untitled, 'row')} with no sector or service (notes or titles)."
        )
    if other_totals:
        collector.notes.append(
            f"Skipped {count(other_totals, 'row')} for single sectors, services or job roles: "
            "only the rows for All sectors, All services and all job roles are read."
        )


def _workbook_import(
    path: Path, definitions: Mapping[str, Metric], period: Period | None
) -> MetricImport:
    """The first sheet with the long layout's header, trying ``LA level data`` first."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableImport(f"{path}: is not a readable .xlsx workbook ({error}).") from None
    try:
        names = sorted(workbook.sheetnames, key=lambda n: n.casefold() != SHEET.casefold())
        for name in names:
            # Rows end at their last cell, not at the size the file declares for the sheet.
            rows = [tuple(row) for row in sheet_rows(workbook[name])]
            result = _long_import(path, name, rows, definitions, period)
            if result is not None:
                return result
    finally:
        workbook.close()
    raise UnreadableImport(
        f"{path}: not {_WHAT}: no sheet has a header row with CSSR (LA area), Sector, "
        f"Service, Job role and Vacancy rate (sheets: {', '.join(names) or 'none'})."
    )


def _find_header(rows: Sequence[Sequence[object]]) -> tuple[int, _LongColumns] | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = _LongColumns.find(row)
        if columns is not None:
            return index + 1, columns
    return None


def _period_for(path: Path, given: Period | None, collector: _Collector) -> Period:
    named = _fy_in_name(path)
    if given is not None:
        if named is not None and named != given:
            collector.notes.append(
                f"The file name says {named.label}; read as {given.label}, the period given."
            )
        return given
    if named is None:
        raise UnreadableImport(
            f"{path}: the file does not say which financial year it covers; give the period "
            "(2023-24), or name the file like LA-data-download-2023-24.xlsx."
        )
    collector.notes.append(f"Period {named.label} taken from the file name.")
    return named


def _long_import(
    path: Path,
    sheet: str | None,
    rows: Sequence[Sequence[object]],
    definitions: Mapping[str, Metric],
    given: Period | None,
) -> MetricImport | None:
    found = _find_header(rows)
    if found is None:
        return None
    header_row, columns = found
    collector = _Collector(path.name, sheet)
    period = None if "period" in columns.index else _period_for(path, given, collector)
    if period is None and given is not None:
        collector.notes.append(
            f"The period given ({given.label}) is not used: the file names its own."
        )
    _read_long(collector, rows, columns, header_row, period)
    values = collector.values(definitions)
    counted = "vacancies" in columns.index and "filled" in columns.index
    notes = [
        collector.summary(
            values,
            VACANCY,
            f"{'sheet ' + repr(sheet) if sheet else 'the file'}, column "
            f"{columns.written['rate']!r}",
        ),
        *collector.notes,
        (
            f"Numerator from column {columns.written['vacancies']!r}; denominator "
            f"{columns.written['vacancies']!r} + {columns.written['filled']!r} (all posts)."
            if counted
            else "The file gives rates only: each value is kept with no numerator or denominator."
        ),
        *collector.skipped(),
    ]
    if not values and not collector.problems:
        where = f"sheet {sheet!r}" if sheet else "the file"
        collector.problem(
            None,
            columns.written["rate"],
            f"gives no vacancy rate to store: {where} has no row for All sectors, All services "
            "and all job roles of England or a council with a rate (the notes count the rows "
            "skipped).",
        )
    return _result(path, values, collector, notes)


# -- the LG Inform CSV export ------------------------------------------------------------------


def _is_lg_header(row: Sequence[str]) -> bool:
    return bool(row) and compact(row[0]) == "arealabel"


def _lg_import(
    path: Path, rows: list[list[str]], definitions: Mapping[str, Metric], given: Period | None
) -> MetricImport:
    collector = _Collector(path.name, None, percent_by_unit=True)
    header_rows = 0
    while header_rows < len(rows) and _is_lg_header(rows[header_rows]):
        header_rows += 1
    width = max((len(row) for row in rows[:header_rows]), default=0)
    columns = range(3, width)

    def line(index: int) -> list[str]:
        row = rows[index]
        return [cell_text(row[c]) if c < len(row) else "" for c in columns]

    ids = next(
        (
            i
            for i in range(header_rows)
            if any(line(i)) and all(cell.isdigit() for cell in line(i) if cell)
        ),
        None,
    )
    if ids is None or ids == 0 or ids + 1 >= header_rows:
        raise UnreadableImport(
            f"{path}: not an LG Inform export as expected: its header rows (each starting "
            "'area label') need the metric names, then the metric IDs, then the periods."
        )
    names, labels, metric_ids = line(ids - 1), line(ids + 1), line(ids)
    period_ids = line(ids + 2) if ids + 2 < header_rows else [""] * len(columns)
    units = line(ids + 3) if ids + 3 < header_rows else [""] * len(columns)
    if given is not None:
        collector.notes.append(
            f"The period given ({given.label}) is not used: the file names its own."
        )

    chosen: dict[int, tuple[Measure, Period]] = {}
    other_metrics: Counter[str] = Counter()
    breakdowns: dict[Measure, Counter[str]] = {}
    for offset, name in enumerate(names):
        unit = units[offset]
        measure = _measure_named(name)
        if measure is None or (unit and "%" not in unit and "percent" not in unit):
            other_metrics[name or "(no name)"] += 1
            continue
        if _is_breakdown(name, measure):
            breakdowns.setdefault(measure, Counter())[name] += 1
            continue
        period = _fy_of(labels[offset]) or _fy_of(period_ids[offset])
        if period is None:
            collector.problem(
                ids + 2,
                name,
                f"{labels[offset]!r} is not a financial year (2023/24; period ID fin_2023_24)",
            )
            continue
        chosen[offset] = (measure, period)
    by_period: dict[tuple[Measure, str], list[int]] = {}
    for offset, (measure, period) in chosen.items():
        by_period.setdefault((measure, period.label), []).append(offset)
    for (measure, label), offsets in by_period.items():
        if len(offsets) > 1:
            written = ", ".join(repr(names[o]) for o in offsets)
            collector.problem(
                None,
                None,
                f"more than one {measure.noun.replace(' ', '-')} column for {label} ({written}): "
                "export one",
            )
            for offset in offsets:
                del chosen[offset]

    for number, row in enumerate(rows[header_rows:], start=header_rows + 1):
        if not any(cell.strip() for cell in row):
            continue
        code = cell_text(row[2]) if len(row) > 2 else ""
        try:
            area = area_by_code(code)
        except SkippedArea as skipped:
            collector.skipped_areas[str(skipped)] += 1
            continue
        except UnknownCode as error:
            collector.problem(number, "area", f"{code!r}: {error}")
            continue
        for offset, (measure, period) in chosen.items():
            position = offset + 3
            raw = row[position] if position < len(row) else ""
            found = collector.rate(number, names[offset], raw, measure)
            if found is not None:
                collector.rates.append(
                    _Rate(number, names[offset], area, period, found[0], True, measure)
                )
    values = collector.values(definitions)
    notes: list[str] = []
    for measure in MEASURES:
        read = [repr(names[o]) for o, (m, _) in chosen.items() if m == measure]
        if read:
            where = f"LG Inform column{'s' if len(read) != 1 else ''} {', '.join(read)}"
            notes.append(collector.summary(values, measure, where))
    notes += [
        *collector.notes,
        "LG Inform gives rates only, as percentages (unit %): each value is kept with no "
        "numerator or denominator.",
    ]
    for measure, parts in breakdowns.items():
        notes.append(
            f"Not read: {count(sum(parts.values()), 'column')} of one care service or other "
            f"part of the workforce ({_listing(parts.most_common(), 4)}): {measure.metric} is "
            "the figure for all services."
        )
    if other_metrics:
        notes.append(
            f"Skipped {count(sum(other_metrics.values()), 'column')} of other metrics: "
            f"{_listing(other_metrics.most_common())}."
        )
    notes.extend(collector.skipped())
    if not values and not collector.problems:
        held = _lg_holdings(names, metric_ids, labels, units, rows[header_rows:])
        collector.problem(
            None,
            None,
            f"gives no {' or '.join(m.noun for m in MEASURES)} to store. It holds {held}. "
            f"Only {_read_by_name()}, is read; no import option maps another metric. Export a "
            "chart of one of them by council from LG Inform ('download CSV') and import that.",
        )
    return _result(path, values, collector, notes)


def _measure_named(name: str) -> Measure | None:
    """The measure an LG Inform metric name mentions, if any."""
    folded = name.casefold()
    return next((measure for measure in MEASURES if measure.phrase in folded), None)


def _is_breakdown(name: str, measure: Measure) -> bool:
    """Whether the name qualifies the measure after a comma ('…turnover, day care')."""
    folded = name.casefold()
    return ", " in folded[folded.index(measure.phrase) :]


def _read_by_name() -> str:
    """What an LG Inform metric name must mention to be read, for refusals."""
    words = " or ".join(f"{m.word!r} (as {m.metric})" for m in MEASURES)
    return (
        f"a Skills for Care metric whose name mentions {words}, unit %, with no "
        "', <care service>' after the word"
    )


def _lg_holdings(
    names: list[str],
    metric_ids: list[str],
    labels: list[str],
    units: list[str],
    data: Sequence[Sequence[str]],
) -> str:
    """``LG Inform metrics 19266 '% ASC staff turnover' and 4 more ...; period 2023/24; ...``."""
    metrics = [(i, n) for i, n in zip(metric_ids, names, strict=True) if i or n]
    shown = ", ".join(f"{i} {n!r}" if i else repr(n) for i, n in metrics[:3])
    more = f" and {len(metrics) - 3} more" if len(metrics) > 3 else ""
    periods = sorted({label for label in labels if label})
    unit_set = sorted({unit for unit in units if unit})
    kinds: Counter[str] = Counter()
    for row in data:
        code = cell_text(row[2]) if len(row) > 2 else ""
        if not code:
            continue
        try:
            kinds[area_by_code(code)[0]] += 1
        except SkippedArea as skipped:
            kinds[str(skipped)] += 1
        except UnknownCode:
            kinds["unknown codes"] += 1
    nouns = {"england": "England", "council": "councils", "system": "ICBs"}
    areas = ", ".join(f"{nouns.get(kind, kind)} ({n})" for kind, n in kinds.most_common())
    return (
        f"LG Inform metric{'s' if len(metrics) != 1 else ''} {shown}{more}; "
        f"period{'s' if len(periods) != 1 else ''} {', '.join(periods) or 'none'}; "
        f"unit {', '.join(unit_set) or 'not given'}; areas {areas or 'none'}"
    )


def _result(
    path: Path, values: list[MetricValue], collector: _Collector, notes: list[str]
) -> MetricImport:
    return MetricImport(
        kind=KIND,
        path=path,
        sha256=sha256_of(path),
        values=tuple(values),
        problems=tuple(sorted(collector.problems, key=lambda p: (p.row is None, p.row or 0))),
        notes=tuple(notes),
    )


def read_skills_for_care(
    path: Path, definitions: Mapping[str, Metric], period: Period | None = None
) -> MetricImport:
    """Councils' (and England's) adult social care vacancy and turnover rates from a Skills for
    Care file (:data:`MEASURES`; ``definitions`` must hold each of :data:`METRICS`).

    ``period`` is the financial year of an LA data download whose name and columns do not say.
    """
    suffix = path.suffix.casefold()
    if suffix in (".xlsx", ".xlsm"):
        return _workbook_import(path, definitions, period)
    if suffix != ".csv":
        raise UnreadableImport(f"{path}: expected {_WHAT}, not a {suffix or 'file'}.")
    text_rows = csv_rows(path, _WHAT)
    if text_rows and _is_lg_header(text_rows[0]):
        return _lg_import(path, text_rows, definitions, period)
    result = _long_import(path, None, text_rows, definitions, period)
    if result is None:
        first = ", ".join(text_rows[0][:6]) if text_rows else "(empty)"
        if text_rows and compact(text_rows[0][0]) == "indicatorid":
            raise UnreadableImport(
                f"{path}: a Fingertips data CSV (its header starts {first}), not {_WHAT}; "
                "import it as fingertips, with --map for its indicators."
            )
        raise UnreadableImport(f"{path}: not {_WHAT}; its first row starts: {first}.")
    return result
