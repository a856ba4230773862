"""OHID Fingertips indicator data: the CSV of the Fingertips API and website "Download data".

Over 400 lines: one reader for one publication in both its layouts; the rules for what is read and
skipped are read together.

Two layouts are read, by header text: the older 26 columns (as far as ``Compared to goal``) and
the 27 of the current download, which adds ``Time period range`` (``1y``, ``3y``).

One row per indicator, area, sex, age, category and period. What is read (docs/metrics-imports.md):
rows of the indicators in the indicator map, with Sex ``Persons``, an empty ``Category Type``
(headline rows, not inequality breakdowns), the indicator's standard age, an area that is England,
an ICB (E54) or an upper-tier council, and a period JoinedUp holds (a financial year, a financial
quarter or a month). ``Value`` and its 95% interval are stored as published, with ``Count`` as the
numerator and ``Denominator`` as the denominator. Everything else is skipped with a note.

A file that gives no value at all is refused with one problem that says what it holds (its
indicators, area types and periods) and how to map one of its indicators.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from joinedup.core.cells import cell_text, count, is_suppressed, sha256_of
from joinedup.metrics.definition import Metric
from joinedup.metrics.period import BadPeriod, Period, parse_period
from joinedup.metrics.values import MetricValue
from joinedup.problems import Problem
from joinedup.reference import UnknownCode

from .cells import ENCODINGS, NotANumber, SkippedArea, area_by_code, compact, to_number
from .records import MetricImport, UnreadableImport

__all__ = ["DEFAULT_INDICATOR_MAP", "KIND", "age_range", "read_fingertips"]

KIND = "fingertips"

#: Fingertips indicator ID (as text) -> national metric id, for the indicators whose ID we could
#: confirm from independent public sources (see docs/metrics-imports.md). 22401 is PHOF C29
#: "Emergency hospital admissions due to falls in people aged 65 and over", directly
#: age-standardised per 100,000.
DEFAULT_INDICATOR_MAP: Mapping[str, str] = MappingProxyType({"22401": "falls_admissions_65_plus"})

_PERSONS = "persons"
_LOWER_TIER = "a lower-tier list; unitary councils are read from the Counties & UAs rows"
_WHAT = "a Fingertips data file (CSV)"
_LAYOUT = (
    "the Fingertips data download, 26 or 27 columns: Indicator ID, Indicator Name, ..., Area "
    "Code, Area Name, Area Type, Sex, Age, ..., Time period, Value, ..."
)
_API = "https://fingertips.phe.org.uk/api/all_data/csv/by_indicator_id"
_MAP_HINT = (
    "To read an indicator, map its ID to a JoinedUp metric of the same unit, age and kind of "
    "period: joinedup metrics import fingertips {file} --map {id}=METRIC (repeat --map for "
    "more; in Python, indicator_map={{'{id}': 'METRIC'}}). `joinedup metrics list` shows the "
    "metrics; `joinedup metrics add` defines a local one."
)

# Time periods Fingertips writes that JoinedUp's periods (financial years, financial quarters,
# months) cannot hold. Fingertips writes a financial year 2022/23 and a rolling period of
# calendar years with spaces round the dash, 2021 - 23.
_SKIPPED_PERIODS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\d{4}"), "calendar years"),
    (re.compile(r"\d{4}\s+-\s+\d{2}(\d{2})?"), "rolling periods of calendar years"),
    (re.compile(r"\d{4}/\d{2}\s*-\s*(\d{2}){1,2}/\d{2}"), "pooled financial years"),
    (re.compile(r"\d{4}\s+Q[1-4]", re.IGNORECASE), "calendar-year quarters"),
)
_RANGE_YEARS = re.compile(r"(\d+)\s*y", re.IGNORECASE)  # Time period range: 1y, 3y


@dataclass(frozen=True, slots=True)
class _Column:
    written: str  # as the Fingertips download writes it
    keys: tuple[str, ...]  # accepted headers, compacted (see cells.compact)
    required: bool


_COLUMNS: dict[str, _Column] = {
    "indicator_id": _Column("Indicator ID", ("indicatorid",), True),
    "indicator_name": _Column("Indicator Name", ("indicatorname",), False),
    "area_code": _Column("Area Code", ("areacode",), True),
    "area_type": _Column("Area Type", ("areatype",), True),
    "sex": _Column("Sex", ("sex",), True),
    "age": _Column("Age", ("age",), True),
    "category_type": _Column("Category Type", ("categorytype",), False),
    "time_period": _Column("Time period", ("timeperiod",), True),
    "value": _Column("Value", ("value",), True),
    "lower_ci": _Column("Lower CI 95.0 limit", ("lowerci950limit", "lowerci95limit"), False),
    "upper_ci": _Column("Upper CI 95.0 limit", ("upperci950limit", "upperci95limit"), False),
    "count": _Column("Count", ("count",), False),
    "denominator": _Column("Denominator", ("denominator",), False),
    "value_note": _Column("Value note", ("valuenote",), False),
    "time_period_range": _Column("Time period range", ("timeperiodrange",), False),
    "time_period_sortable": _Column("Time period Sortable", ("timeperiodsortable",), False),
}
_AMOUNTS = ("value", "lower_ci", "upper_ci", "count", "denominator")


def age_range(label: str) -> tuple[int, int | None] | None:
    """The ages a Fingertips ``Age`` label covers, ``(lowest, highest or None)``, or None.

    >>> age_range("65+ yrs"), age_range("18-64 yrs"), age_range("<75 yrs"), age_range("All ages")
    ((65, None), (18, 64), (0, 74), (0, None))
    """
    text = " ".join(label.split()).casefold()
    if text == "all ages":
        return 0, None
    unit = r"\s*(yrs?|years?)?"
    if found := re.fullmatch(r"(\d+)\s*\+" + unit, text):
        return int(found[1]), None
    if found := re.fullmatch(r"(\d+)\s*-\s*(\d+)" + unit, text):
        return int(found[1]), int(found[2])
    if found := re.fullmatch(r"<\s*(\d+)" + unit, text):
        return 0, int(found[1]) - 1
    return None


@dataclass(slots=True)
class _Columns:
    index: dict[str, int]
    written: dict[str, str]

    @classmethod
    def find(cls, header: list[str]) -> _Columns:
        """The columns of a header row; :meth:`missing` names the required ones not found."""
        positions: dict[str, int] = {}
        for position, text in enumerate(header):
            positions.setdefault(compact(text), position)
        index: dict[str, int] = {}
        written: dict[str, str] = {}
        for name, column in _COLUMNS.items():
            for key in column.keys:
                if key in positions:
                    index[name] = positions[key]
                    written[name] = cell_text(header[positions[key]])
                    break
        return cls(index, written)

    def missing(self) -> list[str]:
        return [c.written for n, c in _COLUMNS.items() if c.required and n not in self.index]

    def get(self, row: list[str], name: str) -> str:
        position = self.index.get(name, len(row))
        return row[position].strip() if position < len(row) else ""

    def header(self, name: str) -> str:
        return self.written.get(name, _COLUMNS[name].written)


@dataclass(slots=True)
class _Holdings:
    """What a file holds, read or not: the message that refuses a file says it."""

    rows: int = 0
    indicators: Counter[str] = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)
    area_types: Counter[str] = field(default_factory=Counter)
    periods: dict[str, tuple[int, str]] = field(default_factory=dict)

    def add(self, indicator: str | None, name: str, area_type: str, period: str, sort: str) -> None:
        self.rows += 1
        if indicator is not None:
            self.indicators[indicator] += 1
            if name:
                self.names.setdefault(indicator, name)
        self.area_types[area_type or "(blank)"] += 1
        if period and period not in self.periods:
            # Time period Sortable (20220000) orders periods; files without it sort by text.
            digits = sort.strip()
            self.periods[period] = (int(digits) if digits.isdigit() else 0, period)

    def describe(self) -> str:
        """``indicators 90280 'Social Isolation: ...' and 1 more (90638); area types ...``."""
        parts: list[str] = []
        if self.indicators:
            ids = list(self.indicators)
            shown = ", ".join(f"{i}{_name(_short(self.names.get(i)))}" for i in ids[:2])
            rest = ids[2:]
            more = ""
            if rest:
                listed = ", ".join(rest[:10]) + (", ..." if len(rest) > 10 else "")
                more = f" and {len(rest):,} more ({listed})"
            noun = "indicator" if len(ids) == 1 else "indicators"
            parts.append(f"{noun} {shown}{more}")
        types = [t for t, _ in self.area_types.most_common()]
        shown_types = ", ".join(map(repr, types[:6])) + (
            f" and {len(types) - 6} more" if len(types) > 6 else ""
        )
        parts.append(f"area type{'s' if len(types) != 1 else ''} {shown_types or 'none'}")
        parts.append(_span(sorted(self.periods.values())))
        return f"{count(self.rows, 'row')}: " + "; ".join(parts)


def _short(name: str | None, limit: int = 60) -> str | None:
    if name is None:
        return None
    name = " ".join(name.split())
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "\u2026"


def _span(periods: list[tuple[int, str]]) -> str:
    texts = [text for _, text in periods]
    if not texts:
        return "no periods"
    if len(texts) <= 3:
        return f"period{'s' if len(texts) > 1 else ''} {', '.join(texts)}"
    return f"periods {texts[0]} to {texts[-1]} ({len(texts)} periods)"


@dataclass(slots=True)
class _Candidate:
    """A headline Persons row of a mapped indicator for an area JoinedUp holds."""

    number: int
    row: list[str]
    indicator: str
    area: tuple[str, str]


@dataclass(slots=True)
class _Reader:
    file: str
    mapping: Mapping[str, str]
    definitions: Mapping[str, Metric]
    columns: _Columns
    width: int
    holdings: _Holdings = field(default_factory=_Holdings)
    problems: list[Problem] = field(default_factory=list)
    values: list[MetricValue] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    candidates: list[_Candidate] = field(default_factory=list)
    ages: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    chosen_ages: dict[str, str] = field(default_factory=dict)
    unmapped: Counter[str] = field(default_factory=Counter)
    breakdowns: Counter[str] = field(default_factory=Counter)
    sexes: Counter[str] = field(default_factory=Counter)
    area_types: Counter[tuple[str, str]] = field(default_factory=Counter)
    other_ages: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    periods: Counter[tuple[str, str]] = field(default_factory=Counter)
    frequencies: Counter[tuple[str, str]] = field(default_factory=Counter)
    suppressed: Counter[str] = field(default_factory=Counter)
    value_notes: Counter[str] = field(default_factory=Counter)
    seen: dict[tuple[str, str, str, str], tuple[int, tuple[float | None, ...]]] = field(
        default_factory=dict
    )
    read_by_indicator: dict[str, list[MetricValue]] = field(
        default_factory=lambda: defaultdict(list)
    )
    repeated: int = 0

    def problem(self, row: int | None, column: str, message: str) -> None:
        self.problems.append(Problem(self.file, row, self.columns.header(column), message))

    # -- first pass: which rows are candidates ------------------------------------------------

    def sift(self, number: int, row: list[str]) -> None:
        get = self.columns.get
        indicator = _indicator_id(get(row, "indicator_id"))
        self.names.setdefault(indicator, get(row, "indicator_name"))
        area_type = get(row, "area_type")
        self.holdings.add(
            indicator,
            get(row, "indicator_name"),
            area_type,
            get(row, "time_period"),
            get(row, "time_period_sortable"),
        )
        if indicator not in self.mapping:
            self.unmapped[indicator] += 1
            return
        category = get(row, "category_type")
        if category:
            self.breakdowns[category] += 1
            return
        sex = get(row, "sex")
        if sex.casefold() != _PERSONS:
            self.sexes[sex or "(blank)"] += 1
            return
        if _lower_tier(area_type):
            self.area_types[area_type, _LOWER_TIER] += 1
            return
        code = get(row, "area_code")
        try:
            area = area_by_code(code)
        except SkippedArea as skipped:
            self.area_types[area_type or "(blank)", str(skipped)] += 1
            return
        except UnknownCode as error:
            self.problem(
                number,
                "area_code",
                f"{code!r} is not an ICB or upper-tier council JoinedUp knows ({error})",
            )
            return
        self.candidates.append(_Candidate(number, row, indicator, area))
        self.ages[indicator][get(row, "age")] += 1

    # -- which age each indicator is read at ---------------------------------------------------

    def choose_ages(self) -> None:
        for indicator, ages in self.ages.items():
            definition = self.definitions[self.mapping[indicator]]
            chosen, message = _standard_age(definition, sorted(ages))
            if chosen is None:
                what = f"indicator {indicator}{_name(self.names.get(indicator))}"
                self.problem(None, "age", f"{what}: {message}")
            else:
                self.chosen_ages[indicator] = chosen

    # -- second pass: the values ---------------------------------------------------------------

    def read(self, candidate: _Candidate) -> None:
        get = self.columns.get
        row, number, indicator = candidate.row, candidate.number, candidate.indicator
        chosen = self.chosen_ages.get(indicator)
        if chosen is None:
            return  # a problem already says why
        age = get(row, "age")
        if age != chosen:
            self.other_ages[indicator][age or "(blank)"] += 1
            return
        definition = self.definitions[self.mapping[indicator]]
        text = get(row, "time_period")
        skipped = _skipped_period(text, get(row, "time_period_range"))
        if skipped:
            self.periods[skipped, text] += 1
            return
        try:
            period = parse_period(text)
        except BadPeriod:
            self.problem(
                number,
                "time_period",
                f"{text!r} is not a period JoinedUp can read: expected a financial year "
                "(2022/23), a financial quarter (2022/23 Q1) or a month (June 2024)",
            )
            return
        if period.frequency != definition.frequency:
            self.frequencies[indicator, period.frequency] += 1
            return
        raw = get(row, "value")
        note = get(row, "value_note")
        if is_suppressed(raw):
            self.suppressed[note or "(no note)"] += 1
            return
        amounts = self.amounts(number, row)
        if amounts is None:
            return
        if not self.plausible(number, definition, amounts):
            return
        if note:
            self.value_notes[note] += 1
        self.keep(number, indicator, definition, candidate.area, period, amounts)

    def amounts(self, number: int, row: list[str]) -> dict[str, float | None] | None:
        found: dict[str, float | None] = {}
        bad = False
        for name in _AMOUNTS:
            raw = self.columns.get(row, name)
            if is_suppressed(raw):
                found[name] = None
                continue
            try:
                found[name] = to_number(raw)
            except NotANumber as error:
                self.problem(number, name, f"{error}, nor blank (suppressed or missing)")
                bad = True
        return None if bad else found

    def plausible(self, number: int, definition: Metric, amounts: dict[str, float | None]) -> bool:
        before = len(self.problems)
        value, lower, upper = amounts["value"], amounts["lower_ci"], amounts["upper_ci"]
        numerator, denominator = amounts["count"], amounts["denominator"]
        for name in ("count", "denominator"):
            amount = amounts[name]
            if amount is not None and amount < 0:
                self.problem(number, name, "counts cannot be negative")
        if definition.method != "mean" and value is not None and value < 0:
            self.problem(number, "value", f"a {definition.method} cannot be negative")
        if definition.method == "proportion":
            if value is not None and value > definition.multiplier:
                self.problem(
                    number,
                    "value",
                    f"{value:g} is above {definition.multiplier} but {definition.id} is a "
                    f"proportion per {definition.multiplier}: is the indicator mapped to the "
                    "right metric?",
                )
            if numerator is not None and denominator is not None and numerator > denominator:
                self.problem(
                    number,
                    "count",
                    f"the count ({numerator:g}) is larger than the denominator ({denominator:g})",
                )
        if lower is not None and upper is not None and lower > upper:
            self.problem(
                number,
                "lower_ci",
                f"the lower limit ({lower:g}) is above the upper limit ({upper:g})",
            )
        return len(self.problems) == before

    def keep(
        self,
        number: int,
        indicator: str,
        definition: Metric,
        area: tuple[str, str],
        period: Period,
        amounts: dict[str, float | None],
    ) -> None:
        key = (definition.id, *area, period.label)
        figures = tuple(amounts[name] for name in _AMOUNTS)
        if key in self.seen:
            first, earlier = self.seen[key]
            if earlier == figures:
                self.repeated += 1
            else:
                self.problem(
                    number,
                    "value",
                    f"{definition.id} {area[1]} {period.label} was already read from row "
                    f"{first}, with different figures",
                )
            return
        self.seen[key] = (number, figures)
        value = MetricValue(
            metric_id=definition.id,
            area_type=area[0],
            area_code=area[1],
            period=period,
            age_band=None,
            numerator=amounts["count"],
            denominator=amounts["denominator"],
            value=amounts["value"],
            lower_ci=amounts["lower_ci"],
            upper_ci=amounts["upper_ci"],
            row=number,
        )
        self.values.append(value)
        self.read_by_indicator[indicator].append(value)

    # -- what the user is told -----------------------------------------------------------------

    def layout(self) -> str:
        ranges = "with" if "time_period_range" in self.columns.index else "without"
        return (
            f"Layout: {self.width} columns, {ranges} Time period range "
            f"({'the current download' if ranges == 'with' else 'the older download'})."
        )

    def refusal(self) -> Problem:
        """The problem that refuses a file giving no value: what it holds, what would map it."""
        held = f"gives no value to store. It holds {self.holdings.describe()}."
        present = [i for i in self.mapping if i in self.names]
        if not present:
            mapped = ", ".join(f"{i}={m}" for i, m in self.mapping.items()) or "nothing"
            first = next(iter(self.holdings.indicators), "ID")
            hint = _MAP_HINT.format(file=self.file, id=first)
            why = f" None of its indicators is in the indicator map ({mapped}). {hint}"
        else:
            listed = ", ".join(f"{i} as {self.mapping[i]}" for i in present)
            why = (
                f" The indicator map reads {listed}, but no row of "
                f"{'it' if len(present) == 1 else 'them'} is a headline Persons value for "
                "England, an ICB or an upper-tier council at the metric's age, for a financial "
                "year, financial quarter or month: the notes count each kind of row skipped."
            )
        return Problem(self.file, None, None, held + why)

    def notes(self) -> list[str]:
        notes: list[str] = [self.layout()]
        for indicator, age in self.chosen_ages.items():
            read = self.read_by_indicator[indicator]
            notes.append(
                _summary(indicator, self.names.get(indicator), self.mapping[indicator], age, read)
            )
        for metric_id in sorted({value.metric_id for value in self.values}):
            if self.definitions[metric_id].method == "dsr":
                notes.append(
                    f"{metric_id} is age-standardised: Fingertips gives the standardised rate "
                    "and its 95% confidence interval, not the counts by age band, so each value "
                    "is kept as published with no age band (numerator = Count, denominator = "
                    "Denominator). Report the value and interval given; do not recompute them."
                )
        present = [i for i in self.mapping if i in self.names]
        for indicator in present:
            if indicator not in self.ages:
                notes.append(
                    f"Indicator {indicator}{_name(self.names.get(indicator))} is in the file "
                    "but has no headline Persons rows for England, an ICB or an upper-tier "
                    "council."
                )
        if not present:
            listed = ", ".join(f"{i} ({m})" for i, m in self.mapping.items()) or "none"
            notes.append(f"No row is of an indicator in the indicator map: {listed}.")
        if self.unmapped:
            listed = _listing(
                ((f"{i}{_name(self.names.get(i))}", n) for i, n in self.unmapped.most_common()),
                quote=False,
            )
            notes.append(
                f"Skipped {count(sum(self.unmapped.values()), 'row')} of indicators not in the "
                f"indicator map: {listed}."
            )
        if self.breakdowns:
            notes.append(
                f"Skipped {count(sum(self.breakdowns.values()), 'row')} of inequality breakdowns "
                f"(Category Type {_listing(self.breakdowns.most_common())}); only headline rows, "
                "with Category Type empty, are read."
            )
        if self.sexes:
            notes.append(
                f"Skipped {count(sum(self.sexes.values()), 'row')} for Sex "
                f"{_listing(self.sexes.most_common())}: only Persons is read."
            )
        for (area_type, why), n in sorted(self.area_types.items()):
            notes.append(f"Skipped {count(n, 'row')} of area type {area_type!r} ({why}).")
        for indicator, ages in self.other_ages.items():
            notes.append(
                f"Skipped {count(sum(ages.values()), 'row')} of indicator {indicator} at ages "
                f"other than {self.chosen_ages[indicator]!r}: {_listing(ages.most_common())}."
            )
        by_kind: dict[str, Counter[str]] = defaultdict(Counter)
        for (kind, text), n in self.periods.items():
            by_kind[kind][text] += n
        for kind, texts in sorted(by_kind.items()):
            notes.append(
                f"Skipped {count(sum(texts.values()), 'row')} of {kind} "
                f"({_listing(sorted(texts.items()))}): JoinedUp holds financial years, "
                "financial quarters and months."
            )
        for (indicator, frequency), n in sorted(self.frequencies.items()):
            metric = self.definitions[self.mapping[indicator]]
            notes.append(
                f"Skipped {count(n, 'row')} of indicator {indicator} for {frequency} periods: "
                f"{metric.id} is {metric.frequency}."
            )
        if self.suppressed:
            notes.append(
                f"Skipped {count(sum(self.suppressed.values()), 'row')} with no Value "
                f"(suppressed or missing; Value note {_listing(self.suppressed.most_common())})."
            )
        if self.value_notes:
            notes.append(
                f"Kept {count(sum(self.value_notes.values()), 'value')} with a Value note: "
                f"{_listing(self.value_notes.most_common())}."
            )
        if self.repeated:
            notes.append(
                f"Skipped {count(self.repeated, 'row')} repeating an earlier row exactly "
                "(a profile download lists an indicator once per domain it appears in)."
            )
        return notes


def _in_row_order(problem: Problem) -> tuple[int, int]:
    return (0, problem.row) if problem.row is not None else (1, 0)


def _indicator_id(text: str) -> str:
    """``22401``, also when a spreadsheet has rewritten it as ``22401.0``."""
    return text[:-2] if re.fullmatch(r"\d+\.0", text) else text


def _lower_tier(area_type: str) -> bool:
    text = area_type.casefold()
    return "district" in text or "lower tier" in text


def _skipped_period(text: str, period_range: str) -> str | None:
    """What kind of period JoinedUp cannot hold this is, or None to parse it."""
    years = _RANGE_YEARS.fullmatch(period_range.strip())
    if years and int(years[1]) > 1:
        return "pooled periods of several years"
    for pattern, kind in _SKIPPED_PERIODS:
        if pattern.fullmatch(text):
            return kind
    return None


def _standard_age(definition: Metric, ages: list[str]) -> tuple[str | None, str]:
    """The age an indicator is read at, or None and why no age can be chosen."""
    shown = ", ".join(map(repr, ages))
    band = definition.age_band
    if band is not None:
        wanted = (band.min_age, band.max_age)
        matching = [age for age in ages if age_range(age) == wanted]
        if len(matching) == 1:
            return matching[0], ""
        label = "all ages" if wanted == (0, None) else f"ages {band.label()}"
        return None, (
            f"{definition.id} counts {label} but the file's Persons rows are at {shown}; "
            "map the indicator for that age group, or download it"
        )
    if len(ages) == 1:
        return ages[0], ""
    all_ages = [age for age in ages if age_range(age) == (0, None)]
    if len(all_ages) == 1:
        return all_ages[0], ""
    return None, (
        f"the file has Persons rows at {shown} and {definition.id} names no age band; keep one "
        "age in the file, or give the metric an age_band"
    )


def _summary(
    indicator: str, name: str | None, metric_id: str, age: str, read: list[MetricValue]
) -> str:
    periods = sorted({v.period for v in read})
    span = (
        "no period"
        if not periods
        else periods[0].label
        if len(periods) == 1
        else f"{periods[0].label} to {periods[-1].label}"
    )
    kinds = Counter(v.area_type for v in read)
    areas = ", ".join(count(kinds[kind], noun) for kind, noun in _AREA_NOUNS if kinds[kind])
    return (
        f"Read {count(len(read), 'value')} of indicator {indicator}{_name(name)} as {metric_id} "
        f"(Sex 'Persons', Age {age!r}, {span}): {areas or 'no areas'}."
    )


_AREA_NOUNS = (("england", "England value"), ("system", "ICB value"), ("council", "council value"))


def _name(name: str | None) -> str:
    return f" {name!r}" if name else ""


def _listing(items: Iterable[tuple[str, int]], limit: int = 8, *, quote: bool = True) -> str:
    """``'a' (3), 'b' (1)``: the first ``limit`` texts with their counts, then how many more."""
    pairs = list(items)
    shown = ", ".join(
        f"{text!r} ({n:,})" if quote else f"{text} ({n:,})" for text, n in pairs[:limit]
    )
    return shown + (f" and {len(pairs) - limit:,} more" if len(pairs) > limit else "")


def _sift(path: Path, mapping: Mapping[str, str], definitions: Mapping[str, Metric]) -> _Reader:
    """The first pass, streamed: a profile download can be large, its candidate rows few."""
    for encoding in ENCODINGS:
        try:
            with path.open(encoding=encoding, newline="") as stream:
                rows = csv.reader(stream)
                header = next(rows, None)
                if header is None:
                    raise UnreadableImport(f"{path}: is empty; expected {_WHAT}.")
                columns = _Columns.find(header)
                if columns.missing():
                    raise _not_a_download(path, header, columns, rows)
                reader = _Reader(path.name, mapping, definitions, columns, len(header))
                for number, row in enumerate(rows, start=2):
                    if any(cell.strip() for cell in row):
                        reader.sift(number, row)
                return reader
        except UnicodeDecodeError:
            continue  # read it again as Windows-1252
        except (OSError, csv.Error) as error:
            raise UnreadableImport(f"{path}: cannot be read as {_WHAT}: {error}.") from None
    raise UnreadableImport(f"{path}: is not a text file; expected {_WHAT}.")


def _not_a_download(
    path: Path, header: list[str], columns: _Columns, rows: Iterator[list[str]]
) -> UnreadableImport:
    """Why a CSV is refused, naming what it holds when that can be told."""
    shown = ", ".join(cell_text(text) for text in header[:8]) or "(empty)"
    if header and compact(header[0]) == "arealabel":
        return UnreadableImport(
            f"{path}: an LG Inform export (every row starts 'area label'), not {_WHAT}; if it "
            "is a Skills for Care vacancy or turnover rate, import it as skills-for-care."
        )
    if columns.missing() == ["Indicator ID"]:
        # The website's chart export of one indicator: the same columns but no indicator ID.
        holdings = _Holdings()
        for row in rows:
            if any(cell.strip() for cell in row):
                holdings.add(
                    None,
                    "",
                    columns.get(row, "area_type"),
                    columns.get(row, "time_period"),
                    columns.get(row, "time_period_sortable"),
                )
        return UnreadableImport(
            f"{path}: a Fingertips export of one indicator with no Indicator ID column "
            f"({len(header)} columns: {shown}, ...), as the website writes a single chart's "
            f"data; it holds {holdings.describe()}. JoinedUp maps an indicator to a metric by "
            "its ID: download the indicator's data CSV (a profile's 'Download data', or "
            f"{_API}?indicator_ids=ID&child_area_type_id=502) and import that with "
            "--map ID=METRIC."
        )
    return UnreadableImport(
        f"{path}: not {_WHAT}: no column {', '.join(columns.missing())}. Expected {_LAYOUT}; "
        f"its header row starts: {shown}."
    )


def read_fingertips(
    path: Path, mapping: Mapping[str, str], definitions: Mapping[str, Metric]
) -> MetricImport:
    """The values of the mapped indicators in a Fingertips CSV (see the module's docstring)."""
    if path.suffix.casefold() != ".csv":
        raise UnreadableImport(
            f"{path}: expected {_WHAT}, as the Fingertips API (all_data/csv) or the website's "
            f"data download writes it, not a {path.suffix or 'file with no suffix'}."
        )
    reader = _sift(path, mapping, definitions)
    reader.choose_ages()
    for candidate in reader.candidates:
        reader.read(candidate)
    if not reader.values and not reader.problems:
        # Otherwise the problems already say why nothing can be stored.
        reader.problems.append(reader.refusal())
    return MetricImport(
        kind=KIND,
        path=path,
        sha256=sha256_of(path),
        values=tuple(reader.values),
        problems=tuple(sorted(reader.problems, key=_in_row_order)),
        notes=tuple(reader.notes()),
    )
