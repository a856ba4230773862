"""MHCLG Revenue Outturn: each council's net current expenditure by service, from its own return.

Over 400 lines: one reader for one publication in all its forms and years; their quirks are read
together.

Three shapes of file are read, all in £ thousands:

- the per-form workbooks of the "individual local authority data - outturn" releases, one row per
  authority: ``RSX_LA_Data_2024-25_data_by_LA.ods`` (service expenditure summary), ``RO3_...``
  (social care and public health detail), and the older ``RS_2017-18_data_by_LA.xlsx`` (revenue
  outturn summary, whose service columns are the same service totals);
- the multi-year ``Revenue_Outturn_time_series_data_v*.csv``: one row per authority per year, a
  column per form line (``RS_asc_net_exp``, ``RSX_asc_net_cur_exp``, ``RO3_phsxlsti_net_cur_exp``).

Columns are found by their text. A workbook names a line either in the header itself (``Adult
Social Care - Net Current Expenditure (C7 = C3 - C6)``, 2024-25) or in a label row above a header
that only says ``Net Current Expenditure`` (RO3 to 2023-24); the CSV names lines by asset ID. Lines
become the service keys of :data:`SERVICES` through the phrase tables below, so every year and
every shape of file gives the same keys. Only upper-tier councils are kept.

A council whose return was not received has no figures, never zero: ``[x]``, ``M``, ``..`` and
blanks are ``not_received``; ``[z]`` (not collected from that council) is ``not_collected``.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from joinedup.core.cells import (
    NotANumber,
    cell_text,
    count,
    header_key,
    sha256_of,
    thousands_to_pounds,
)
from joinedup.core.financial_year import BadFinancialYear, financial_year
from joinedup.problems import Problem

from .records import Outturn, ReturnFile, UnreadableReturn

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook

__all__ = [
    "FORMS",
    "KIND",
    "NOT_COLLECTED",
    "NOT_RECEIVED",
    "RECEIVED",
    "SERVICES",
    "read_revenue_outturn",
]

KIND = "revenue-outturn"

RECEIVED = "received"
NOT_RECEIVED = "not_received"
NOT_COLLECTED = "not_collected"

#: The forms read, with what each gives.
FORMS: dict[str, str] = {
    "RSX": "service expenditure summary: net current expenditure of each service",
    "RS": "revenue outturn summary: the same service totals, in older workbooks and the CSV",
    "RO3": "social care and public health: totals, adult social care by primary support reason "
    "and activity, public health by programme",
}

#: Every service key a Revenue Outturn file can give, with what it holds. All are net current
#: expenditure (gross expenditure less sales, fees, charges and other income), in pounds.
SERVICES: dict[str, str] = {
    # RSX and RS: service totals
    "education": "Education services",
    "highways_and_transport": "Highways and transport services",
    "children_social_care": "Children's social care (RSX, RS; RO3 total)",
    "adult_social_care": "Adult social care (RSX, RS; RO3 total)",
    "public_health": "Public health (RSX, RS; RO3 total)",
    "housing": "Housing services (general fund, not the HRA)",
    "culture": "Cultural and related services",
    "environment_and_regulation": "Environmental and regulatory services",
    "planning_and_development": "Planning and development services",
    "police": "Police services",
    "fire_and_rescue": "Fire and rescue services",
    "central_services": "Central services",
    "other_services": "Other services",
    "total_services": "Total service expenditure",
    # RO3: adult social care by primary support reason (both age bands) and by activity
    "adult_social_care.physical_support": "Physical support, adults 18-64 and older people 65+",
    "adult_social_care.sensory_support": "Sensory support, 18-64 and 65+",
    "adult_social_care.memory_and_cognition": "Support with memory and cognition, 18-64 and 65+",
    "adult_social_care.learning_disability": "Learning disability support, 18-64 and 65+",
    "adult_social_care.mental_health": "Mental health support, 18-64 and 65+",
    "adult_social_care.social_support": "Social support: substance misuse, asylum seekers, "
    "social isolation",
    "adult_social_care.carer_support": "Social support: support for carers",
    "adult_social_care.assistive_equipment": "Assistive equipment and technology",
    "adult_social_care.assessment_and_safeguarding": "Care assessment and safeguarding",
    "adult_social_care.information_and_early_intervention": "Information and early intervention",
    "adult_social_care.commissioning": "Commissioning, strategy and admin support",
    # RO3: public health by programme (the sum of the programme's lines)
    "public_health.sexual_health": "Sexual health services: STI testing and treatment, "
    "contraception, advice, prevention and promotion",
    "public_health.nhs_health_check": "NHS health check programme",
    "public_health.health_protection": "Local authority role in health protection",
    "public_health.child_measurement": "National child measurement programme",
    "public_health.public_health_advice": "Public health advice to the NHS",
    "public_health.obesity": "Obesity, adults and children",
    "public_health.physical_activity": "Physical activity, adults and children",
    "public_health.substance_misuse": "Substance misuse: drug and alcohol treatment and harm "
    "reduction in adults, specialist services for young people",
    "public_health.smoking_and_tobacco": "Stop smoking services and wider tobacco control",
    "public_health.children_0_5": "Children's 0-5 services (health visiting), prescribed and other",
    "public_health.children_5_19": "Children 5-19 public health programmes",
    "public_health.health_at_work": "Health at work",
    "public_health.mental_health": "Public mental health",
    "public_health.miscellaneous": "Miscellaneous public health services",
    "public_health.covid_test_and_trace": "Test, track and trace and outbreak planning",
    "public_health.covid_other": "Other public health spend relating to COVID-19",
}

# Line labels as :func:`_label` writes them, for each key. A key with several lines is their sum.
# RSX and RS name each service the same way; RO3 lines are named by the form's own line text.
_SUMMARY_LINES: dict[str, tuple[str, ...]] = {
    "education": ("education services",),
    "highways_and_transport": ("highways and transport services",),
    "children_social_care": ("children social care", "children's social care"),
    "adult_social_care": ("adult social care",),
    "public_health": ("public health",),
    "housing": ("housing services (gfra only)", "housing services"),
    "culture": ("cultural and related services",),
    "environment_and_regulation": ("environmental and regulatory services",),
    "planning_and_development": ("planning and development services",),
    "police": ("police services",),
    "fire_and_rescue": ("fire and rescue services",),
    "central_services": ("central services",),
    "other_services": ("other services",),
    "total_services": ("total service expenditure",),
}

_ADULTS, _OLDER = "adults (18-64)", "older people (65+)"

_RO3_LINES: dict[str, tuple[str, ...]] = {
    "children_social_care": ("total children social care", "total children's social care"),
    "adult_social_care": ("total adult social care",),
    "public_health": ("total public health",),
    "adult_social_care.physical_support": (
        f"physical support - {_ADULTS}",
        f"physical support - {_OLDER}",
    ),
    "adult_social_care.sensory_support": (
        f"sensory support - {_ADULTS}",
        f"sensory support - {_OLDER}",
    ),
    "adult_social_care.memory_and_cognition": (
        f"support with memory and cognition - {_ADULTS}",
        f"support with memory and cognition - {_OLDER}",
    ),
    "adult_social_care.learning_disability": (
        f"learning disability support - {_ADULTS}",
        f"learning disability support - {_OLDER}",
    ),
    "adult_social_care.mental_health": (
        f"mental health support - {_ADULTS}",
        f"mental health support - {_OLDER}",
    ),
    "adult_social_care.social_support": (
        "social support: substance misuse support",
        "social support: asylum seeker support",
        "social support: social isolation",
    ),
    "adult_social_care.carer_support": ("social support: support for carer",),
    "adult_social_care.assistive_equipment": ("assistive equipment and technology",),
    "adult_social_care.assessment_and_safeguarding": ("care assessment and safeguarding",),
    "adult_social_care.information_and_early_intervention": ("information and early intervention",),
    "adult_social_care.commissioning": ("commissioning, strategy and admin support",),
    "public_health.sexual_health": (
        "sexual health services - sti testing and treatment",
        "sexual health services - contraception",
        "sexual health services - advice, prevention and promotion",
    ),
    "public_health.nhs_health_check": ("nhs health check programme",),
    "public_health.health_protection": (
        "health protection - local authority role in health protection",
    ),
    "public_health.child_measurement": ("national child measurement programme",),
    "public_health.public_health_advice": ("public health advice",),
    "public_health.obesity": ("obesity - adults", "obesity - children"),
    "public_health.physical_activity": (
        "physical activity - adults",
        "physical activity - children",
    ),
    "public_health.substance_misuse": (
        "substance misuse - treatment for drug misuse in adults",
        "substance misuse - treatment for alcohol misuse in adults",
        "substance misuse - preventing and reducing harm from drug misuse in adults",
        "substance misuse - preventing and reducing harm from alcohol misuse in adults",
        "substance misuse - specialist drug and alcohol misuse services for children and young "
        "people",
    ),
    "public_health.smoking_and_tobacco": (
        "smoking and tobacco - stop smoking services and interventions",
        "smoking and tobacco - wider tobacco control",
    ),
    "public_health.children_0_5": (
        "miscellaneous public health services - children's 0-5 services",
        "miscellaneous public health services - children's 0-5 services - other",
    ),
    "public_health.children_5_19": ("children 5-19 public health programmes",),
    "public_health.health_at_work": ("health at work",),
    "public_health.mental_health": ("public mental health",),
    "public_health.miscellaneous": ("miscellaneous public health services",),
    "public_health.covid_test_and_trace": ("test, track & trace and outbreak planning",),
    "public_health.covid_other": ("other public health spend relating to covid-19",),
}

# The multi-year CSV names lines by the forms' asset IDs (the same IDs the workbooks keep in a
# hidden row): ``RS_<id>_net_exp``, ``RSX_<id>_net_cur_exp`` and ``RO3_<id>_net_cur_exp``.
_SUMMARY_ASSETS: dict[str, str] = {
    "edu": "education",
    "trans": "highways_and_transport",
    "csc": "children_social_care",
    "asc": "adult_social_care",
    "phs": "public_health",
    "hous": "housing",
    "cul": "culture",
    "env": "environment_and_regulation",
    "plan": "planning_and_development",
    "pol": "police",
    "frs": "fire_and_rescue",
    "cen": "central_services",
    "oth": "other_services",
    "totsx": "total_services",
}

_RO3_ASSETS: dict[str, tuple[str, ...]] = {
    "children_social_care": ("csctot",),
    "adult_social_care": ("asctot",),
    "public_health": ("phtot",),
    "adult_social_care.physical_support": ("ascphyadl", "ascphyold"),
    "adult_social_care.sensory_support": ("ascsnsadl", "ascsnsold"),
    "adult_social_care.memory_and_cognition": ("ascmmradl", "ascmmrold"),
    "adult_social_care.learning_disability": ("asclrnadl", "asclrnold"),
    "adult_social_care.mental_health": ("ascmntadl", "ascmntold"),
    "adult_social_care.social_support": ("ascsclsbs", "ascsclasy", "ascsclisl"),
    "adult_social_care.carer_support": ("ascsclcrr",),
    "adult_social_care.assistive_equipment": ("ascass",),
    "adult_social_care.assessment_and_safeguarding": ("asccrasssfg",),
    "adult_social_care.information_and_early_intervention": ("ascinf",),
    "adult_social_care.commissioning": ("asccmstad",),
    "public_health.sexual_health": ("phsxlsti", "phsxlcnt", "phsxlprm"),
    "public_health.nhs_health_check": ("phhcp",),
    "public_health.health_protection": ("phprt",),
    "public_health.child_measurement": ("phcmp",),
    "public_health.public_health_advice": ("phadv",),
    "public_health.obesity": ("phobsadl", "phobschl"),
    "public_health.physical_activity": ("phphyadl", "phphychl"),
    "public_health.substance_misuse": (
        "phsbstrtdrg",
        "phsbstrtalc",
        "phsbsprvdrg",
        "phsbsprvalc",
        "phsbsspc",
    ),
    "public_health.smoking_and_tobacco": ("phsmkstp", "phsmkcnt"),
    "public_health.children_0_5": ("phbbymnd", "phbbyoth"),
    "public_health.children_5_19": ("phchl",),
    "public_health.health_at_work": ("phwrk",),
    "public_health.mental_health": ("phmnt",),
    "public_health.miscellaneous": ("phmsc",),
    "public_health.covid_test_and_trace": ("phttt",),
    "public_health.covid_other": ("phcvd19",),
}

#: Upper-tier councils: unitary (E06), metropolitan (E08), London boroughs and the City (E09),
#: shire counties (E10). Shire districts are E07.
_UPPER_TIER_PREFIXES = ("E06", "E08", "E09", "E10")
_UPPER_TIER_CLASSES = frozenset(
    {"ua", "md", "lb", "sc", "unitary authority", "met district", "london", "shire county"}
)
_DISTRICT_CLASSES = frozenset({"sd", "shire district"})
_ONS_CODE = re.compile(r"^[EWSN]\d{8}$")
_CLASS_TOTAL_CODE = re.compile(r"^E\d\d$")  # a class's total is filed under the bare prefix

_COLLECTED_NOT = frozenset({"[z]", "[y]"})
_NOT_RECEIVED = frozenset(
    {"", "[x]", "m", "..", ":", "*", "-", "\N{EN DASH}", "[c]", "[n]", "not set", "n/a"}
)
_NOTE_MARK = re.compile(r"^\[note \d+\]$", re.IGNORECASE)

_FORM = re.compile(r"(?<![A-Za-z0-9])(RSX|RS|RO[1-6]|RG|TSR)(?![A-Za-z0-9])")
_YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)\s*[-/_]?\s*(\d\d)(?!\d)")
_NET_CURRENT = "net current expenditure"
_TITLE_ROWS = 40
_NOTE_REFERENCE = re.compile(r"\[note \d+\]", re.IGNORECASE)
_PRESCRIBED = re.compile(r"\((?:non-)?prescribed functions\)|\(total of lines[^)]*\)", re.I)
_TYPOGRAPHY = str.maketrans(
    {"\N{EN DASH}": "-", "\N{EM DASH}": "-", "\N{RIGHT SINGLE QUOTATION MARK}": "'"}
)
_ENCODINGS = ("utf-8-sig", "cp1252")

Cell = object


def _label(text: object) -> str:
    """A line label as the phrase tables write it: no note marks, plain dashes, lower case."""
    plain = _NOTE_REFERENCE.sub(" ", cell_text(text)).translate(_TYPOGRAPHY)
    plain = _PRESCRIBED.sub(" ", plain)
    return " ".join(plain.split()).casefold().strip(" -:")


def _phrase_index(table: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {phrase: key for key, phrases in table.items() for phrase in phrases}


_SUMMARY_INDEX = _phrase_index(_SUMMARY_LINES)
_RO3_INDEX = _phrase_index(_RO3_LINES)


def _year_in(text: str) -> str | None:
    """The financial year written in a name or title: ``2024-25``, ``202425``, ``2024_25``."""
    for match in _YEAR.finditer(text):
        start, end = int(match[1]), int(match[2])
        if end == (start + 1) % 100:
            return financial_year(start)
    return None


def _form_in(text: str) -> str | None:
    match = _FORM.search(text.replace("_", " "))
    return match[1].upper() if match else None


# --- One cell ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Figure:
    amount: Decimal | None
    status: str
    mark: str | None = None


def _figure(value: Cell) -> _Figure:
    """What one cell says: a figure in pounds, or why there is none. Raises NotANumber."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _Figure(thousands_to_pounds(value), RECEIVED)
    text = cell_text(value)
    folded = text.casefold()
    if folded in _COLLECTED_NOT:
        return _Figure(None, NOT_COLLECTED, text)
    if folded in _NOT_RECEIVED or _NOTE_MARK.match(folded):
        return _Figure(None, NOT_RECEIVED, text or "(blank)")
    return _Figure(thousands_to_pounds(text), RECEIVED)


def _combine(figures: Sequence[_Figure]) -> _Figure:
    """One key's figure from its lines: a sum only when no line is missing.

    A line not collected from a council adds nothing, as the form does not ask for it; a line
    not received leaves the whole key unknown, since a part would read as the whole.
    """
    if any(figure.status == NOT_RECEIVED for figure in figures):
        return _Figure(None, NOT_RECEIVED)
    received = [figure.amount for figure in figures if figure.amount is not None]
    if not received:
        return _Figure(None, NOT_COLLECTED)
    return _Figure(sum(received, Decimal(0)), RECEIVED)


# --- What is read, and what is not -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Column:
    index: int
    header: str
    label: str


@dataclass(frozen=True, slots=True)
class _Authority:
    code: str
    name: str
    authority_class: str
    year: str
    form: str
    row: int


@dataclass(slots=True)
class _Reader:
    file: str
    sheet: str | None
    outturn: list[Outturn] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: Counter[str] = field(default_factory=Counter)
    marks: Counter[str] = field(default_factory=Counter)
    councils: set[str] = field(default_factory=set)
    not_received: dict[tuple[str, str], str] = field(default_factory=dict)
    years: set[str] = field(default_factory=set)
    forms: set[str] = field(default_factory=set)
    described: list[str] = field(default_factory=list)  # which lines were read, and which not

    def keep(self, code: str, authority_class: str) -> bool:
        """Whether a row is an upper-tier council's; a row that is not is counted by kind."""
        kind = _row_kind(code, authority_class)
        if kind is None:
            return True
        self.ignored[kind] += 1
        return False

    def read(
        self, authority: _Authority, lines: Mapping[str, Sequence[_Column]], row: Sequence[Cell]
    ) -> None:
        self.councils.add(authority.code)
        self.years.add(authority.year)
        self.forms.add(authority.form)
        statuses: list[str] = []
        for key, columns in lines.items():
            figures: list[_Figure] = []
            for column in columns:
                value = row[column.index] if column.index < len(row) else None
                try:
                    figure = _figure(value)
                except NotANumber:
                    self.problems.append(
                        Problem(
                            self.file,
                            authority.row,
                            column.header,
                            f"{cell_text(value)!r} is neither a figure (£ thousands) nor a mark "
                            "such as [x] or [z]; the line was not read for "
                            f"{authority.name} ({authority.code}).",
                            self.sheet,
                        )
                    )
                    break
                if figure.mark is not None:
                    self.marks[figure.mark] += 1
                figures.append(figure)
            else:
                combined = _combine(figures)
                statuses.append(combined.status)
                self.outturn.append(
                    Outturn(
                        council_code=authority.code,
                        council_name=authority.name,
                        financial_year=authority.year,
                        service=key,
                        amount=combined.amount,
                        status=combined.status,
                        form=authority.form,
                        row=authority.row,
                    )
                )
        if statuses and all(status == NOT_RECEIVED for status in statuses):
            self.not_received[authority.code, authority.year] = authority.name

    def notes(self) -> list[str]:
        years = ", ".join(sorted(self.years)) or "no year"
        forms = ", ".join(sorted(self.forms)) or "no form"
        notes = [
            f"Read {count(len(self.outturn), 'figure')} of net current expenditure ({forms}, "
            f"{years}) for {count(len(self.councils), 'upper-tier council')}; values are "
            "£ thousands, multiplied by 1,000."
        ]
        if self.not_received:
            missing = "; ".join(
                f"{name} ({code}) {year}"
                for (code, year), name in sorted(self.not_received.items())
            )
            notes.append(f"Return not received, so no figures (not zero): {missing}.")
        if self.marks:
            marks = ", ".join(f"{mark!r} {n:,}" for mark, n in sorted(self.marks.items()))
            notes.append(
                "Cells with a mark instead of a figure, read as no figure ([z] and [Y] as not "
                f"collected, the others as not received): {marks}."
            )
        if self.ignored:
            parts = ", ".join(f"{n:,} {kind}" for kind, n in self.ignored.most_common())
            notes.append(f"Ignored rows that are not upper-tier councils: {parts}.")
        return notes[:1] + self.described + notes[1:]


def _row_kind(code: str, authority_class: str) -> str | None:
    """None for an upper-tier council's row, else what kind of row it is, for the notes."""
    folded = authority_class.casefold()
    if folded in {"eng", "england"} or code.startswith("E92"):
        return "England total rows"
    if _CLASS_TOTAL_CODE.match(code):
        return "class total rows"
    if not _ONS_CODE.match(code):
        return "other rows without an ONS code"
    if code.startswith("E07") or folded in _DISTRICT_CLASSES:
        return "district rows"
    if code.startswith(_UPPER_TIER_PREFIXES):
        return None
    return "rows of other authorities (fire, police, national parks, combined, waste, GLA)"


# --- Workbooks ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Layout:
    header_row: int  # 0-based
    code: int
    name: int
    authority_class: int
    first_value: int


def _find_layout(rows: Sequence[Sequence[Cell]]) -> _Layout | None:
    """The header row of an authority table: it holds ``ONS Code``, the authority and ``Class``."""
    for number, row in enumerate(rows[:_TITLE_ROWS]):
        keys = [header_key(cell) for cell in row]
        try:
            code = keys.index("ons code")
            authority_class = keys.index("class")
        except ValueError:
            continue
        names = [i for i, key in enumerate(keys) if key in {"local authority", "authority"}]
        if not names:
            continue
        identity = {"e-code", "ecode", "notes", "detailed class", "certification", "certified"}
        last = max(
            [code, authority_class, names[0]] + [i for i, key in enumerate(keys) if key in identity]
        )
        return _Layout(number, code, names[0], authority_class, last + 1)
    return None


def _line_labels(rows: Sequence[Sequence[Cell]], layout: _Layout) -> list[tuple[int, str, str]]:
    """``(column, header, label)`` of each Net Current Expenditure column.

    The label is the header's own text before ``Net Current Expenditure`` when it has any, else
    the line named in the row above, whose label cell spans the line's columns (merged cells
    hold the text in their first column only).
    """
    header = rows[layout.header_row]
    above = rows[layout.header_row - 1] if layout.header_row > 0 else []
    found: list[tuple[int, str, str]] = []
    spanning = ""
    for index in range(layout.first_value, len(header)):
        if index < len(above) and cell_text(above[index]):
            spanning = cell_text(above[index])
        text = " ".join(cell_text(header[index]).split())
        position = text.casefold().find(_NET_CURRENT)
        if position < 0:
            continue
        own = text[:position].strip(" -:")
        found.append((index, text, own or spanning))
    return found


def _summary_labels(rows: Sequence[Sequence[Cell]], layout: _Layout) -> list[tuple[int, str, str]]:
    """RS workbooks head each service column with the service alone: its net current spend."""
    header = rows[layout.header_row]
    return [
        (index, cell_text(header[index]), cell_text(header[index]))
        for index in range(layout.first_value, len(header))
        if _label(header[index]) in _SUMMARY_INDEX
    ]


def _columns(
    labelled: Iterable[tuple[int, str, str]], index: Mapping[str, str], keys: Iterable[str]
) -> tuple[dict[str, list[_Column]], list[str]]:
    """Columns of each key, in :data:`SERVICES` order, and the labels that map to no key."""
    by_key: dict[str, list[_Column]] = defaultdict(list)
    unmapped: list[str] = []
    for column, header, label in labelled:
        key = index.get(_label(label))
        if key is None:
            unmapped.append(label or header)
        else:
            by_key[key].append(_Column(column, header, label))
    ordered = {key: by_key[key] for key in keys if key in by_key}
    return ordered, unmapped


def _open_workbook(path: Path) -> CalamineWorkbook:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as error:
        raise UnreadableReturn(
            f"{path.name}: cannot be opened as a spreadsheet ({error}); expected a Revenue "
            "Outturn workbook (.ods or .xlsx) or the multi-year CSV."
        ) from None


def _sheet_rows(
    workbook: CalamineWorkbook, name: str, nrows: int | None = None
) -> list[list[Cell]]:
    # Keep leading empty rows so that row numbers are the ones the spreadsheet shows.
    sheet = workbook.get_sheet_by_name(name)
    return [list(row) for row in sheet.to_python(skip_empty_area=False, nrows=nrows)]


def _title(rows: Sequence[Sequence[Cell]], layout: _Layout) -> str:
    return " ".join(
        cell_text(cell) for row in rows[: layout.header_row] for cell in row[:3] if cell_text(cell)
    )


def _read_workbook(path: Path) -> _Reader:
    workbook = _open_workbook(path)
    # Data sheets are named like "RSX_LA_Data_202425"; try those first, then every other sheet.
    names = sorted(workbook.sheet_names, key=lambda name: "data" not in name.casefold())
    for name in names:
        top = _sheet_rows(workbook, name, nrows=_TITLE_ROWS)
        layout = _find_layout(top)
        if layout is None:
            continue
        return _read_sheet(path, name, _sheet_rows(workbook, name), layout)
    raise UnreadableReturn(f"{path.name}: {_describe_workbook(path, workbook.sheet_names)}")


def _read_sheet(path: Path, sheet: str, rows: list[list[Cell]], layout: _Layout) -> _Reader:
    title = _title(rows, layout)
    form = _form_in(sheet) or _form_in(title) or _form_in(path.stem)
    if form not in FORMS:
        what = f"the Revenue Outturn {form} form" if form else "an authority table"
        raise UnreadableReturn(
            f"{path.name}: sheet {sheet!r} is {what}, not one this loader reads (RSX, RS or "
            "RO3: the forms that hold social care and public health spending)."
        )
    year = _year_in(sheet) or _year_in(title) or _year_in(path.stem)
    if year is None:
        raise UnreadableReturn(
            f"{path.name}: no financial year in the sheet name {sheet!r}, its title or the file "
            "name; rename the file to include it, like RSX_2024-25_data_by_LA.ods."
        )
    if form == "RO3":
        keys: Mapping[str, tuple[str, ...]] = _RO3_LINES
        lines, unmapped = _columns(_line_labels(rows, layout), _RO3_INDEX, keys)
    else:
        keys = _SUMMARY_LINES
        lines, unmapped = _columns(_line_labels(rows, layout), _SUMMARY_INDEX, keys)
        if not lines:
            lines, unmapped = _columns(_summary_labels(rows, layout), _SUMMARY_INDEX, keys)
    if not lines:
        raise UnreadableReturn(
            f"{path.name}: sheet {sheet!r} has no Net Current Expenditure column of a service "
            f"this loader knows; its header row {layout.header_row + 1} starts: "
            f"{_row_text(rows[layout.header_row][:12])}."
        )
    reader = _Reader(str(path), sheet)
    for number in range(layout.header_row + 1, len(rows)):
        row = rows[number]
        code = _at(row, layout.code)
        if not code or header_key(code) == "ons code":
            continue  # blank rows, and the header of the class totals table below
        authority_class = _at(row, layout.authority_class)
        if not reader.keep(code, authority_class):
            continue
        authority = _Authority(code, _at(row, layout.name), authority_class, year, form, number + 1)
        reader.read(authority, lines, row)
    reader.described.append(_lines_note(form, sheet, lines))
    reader.described.extend(_missing_and_unmapped(keys, lines, unmapped))
    return reader


def _at(row: Sequence[Cell], index: int) -> str:
    return cell_text(row[index]) if index < len(row) else ""


def _row_text(cells: Iterable[Cell]) -> str:
    return ", ".join(repr(cell_text(cell)) for cell in cells if cell_text(cell)) or "(empty)"


def _lines_note(form: str, where: str, lines: Mapping[str, Sequence[_Column]]) -> str:
    read = "; ".join(
        f"{key} = {' + '.join(repr(column.label) for column in columns)}"
        for key, columns in lines.items()
    )
    return f"{form} lines read from {where!r}: {read}."


def _missing_and_unmapped(
    keys: Iterable[str], lines: Mapping[str, Sequence[_Column]], unmapped: Sequence[str]
) -> Iterator[str]:
    missing = [key for key in keys if key not in lines]
    if missing:
        yield f"No line in this file for: {', '.join(missing)}."
    if unmapped:
        shown = "; ".join(repr(label) for label in dict.fromkeys(unmapped))
        yield (
            f"Net current expenditure lines not read (detail within a total read, memorandum "
            f"items, or lines no service key takes): {shown}."
        )


def _describe_workbook(path: Path, sheets: Sequence[str]) -> str:
    """What a workbook with no authority table looks like, for the refusal message."""
    kind = "OpenDocument spreadsheet" if path.suffix.casefold() == ".ods" else "Excel workbook"
    shown = ", ".join(repr(name) for name in sheets[:6]) + (", ..." if len(sheets) > 6 else "")
    folded = " ".join(sheets).casefold()
    if "allocation" in folded or "icb" in folded:
        guess = "it looks like an NHS England allocations workbook"
    else:
        guess = "no sheet has a table of authorities headed ONS Code, Local authority and Class"
    return f"this is an {kind} with sheets {shown}: {guess}, not a Revenue Outturn form."


# --- The multi-year CSV ------------------------------------------------------------------------

_CSV_IDENTITY = ("year_ending", "ons_code", "la_name")
_CSV_COLUMN = re.compile(r"^(RSX|RS|RO3)_(.+?)_(net_cur_exp|net_exp)$", re.IGNORECASE)


def _csv_lines(header: Sequence[str]) -> tuple[str, dict[str, list[_Column]]]:
    """The columns of each key: service totals from RSX if the file has them, else from RS."""
    found: dict[tuple[str, str], int] = {}
    for index, name in enumerate(header):
        match = _CSV_COLUMN.match(name.strip())
        if match:
            found[match[1].upper(), match[2].casefold()] = index
    summary = "RSX" if any(form == "RSX" for form, _ in found) else "RS"
    lines: dict[str, list[_Column]] = {}
    for asset, key in _SUMMARY_ASSETS.items():
        if (summary, asset) in found:
            index = found[summary, asset]
            lines[key] = [_Column(index, header[index], header[index])]
    for key, assets in _RO3_ASSETS.items():
        columns = [
            _Column(found["RO3", asset], header[found["RO3", asset]], header[found["RO3", asset]])
            for asset in assets
            if ("RO3", asset) in found
        ]
        # Half a programme is not the programme: a key is read only with all its lines.
        if len(columns) == len(assets):
            lines[f"RO3:{key}"] = columns
    return summary, lines


def _csv_year(text: str) -> str:
    """``202503`` (the March the year ends) is 2024-25; ``2024-25`` is read as written."""
    digits = text.strip()
    if len(digits) == 6 and digits.isdigit():
        return financial_year(int(digits[:4]) - 1)
    year = _year_in(digits)
    if year is None:
        raise BadFinancialYear(f"{text!r} is not a year ending like 202503 (for 2024-25).")
    return year


def _read_csv(path: Path, rows: Iterator[list[str]], header: list[str]) -> _Reader:
    position = {header_key(name): index for index, name in enumerate(header)}
    summary, lines = _csv_lines(header)
    if not lines:
        raise UnreadableReturn(
            f"{path.name}: a Revenue Outturn CSV with no RS_, RSX_ or RO3_ net expenditure "
            "column of a service this loader knows."
        )
    reader = _Reader(str(path), None)
    status_at = position.get("status")
    class_at = position.get("la_class")
    by_form: dict[str, dict[str, list[_Column]]] = {summary: {}, "RO3": {}}
    for key, columns in lines.items():
        form, _, plain = key.rpartition(":")
        by_form[form or summary][plain] = columns
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        code = _at(row, position["ons_code"])
        status = header_key(_at(row, status_at)) if status_at is not None else ""
        authority_class = _at(row, class_at) if class_at is not None else ""
        if status == "total":
            reader.ignored["class and England total rows"] += 1
            continue
        if not reader.keep(code, authority_class):
            continue
        year_text = _at(row, position["year_ending"])
        try:
            year = _csv_year(year_text)
        except BadFinancialYear as error:
            reader.problems.append(
                Problem(str(path), number, header[position["year_ending"]], str(error))
            )
            continue
        name = _at(row, position["la_name"])
        for form, form_lines in by_form.items():
            if form_lines:
                reader.read(
                    _Authority(code, name, authority_class, year, form, number), form_lines, row
                )
    reader.described.extend(
        _lines_note(form, "the CSV", form_lines)
        for form, form_lines in by_form.items()
        if form_lines
    )
    return reader


# --- Any file ----------------------------------------------------------------------------------

_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def _describe_text(path: Path, header: Sequence[str]) -> str:
    keys = {header_key(name) for name in header}
    if {"indicator id", "area code"} <= keys:
        guess = "it looks like an OHID Fingertips data download"
    elif {"geography_level", "itemvalue"} <= keys:
        guess = "it looks like an ASC-FR data file (load it as asc-fr)"
    else:
        guess = "its first line has no year_ending, ONS_code and LA_name columns"
    return (
        f"{path.name}: this is a text file whose first line starts "
        f"{_row_text(header[:6])}: {guess}, not a Revenue Outturn form or the multi-year CSV."
    )


def _read_text(path: Path) -> _Reader:
    for encoding in _ENCODINGS:
        try:
            with path.open(encoding=encoding, newline="") as stream:
                rows = csv.reader(stream)
                header = next(rows, [])
                if not all(name in {header_key(cell) for cell in header} for name in _CSV_IDENTITY):
                    raise UnreadableReturn(_describe_text(path, header))
                return _read_csv(path, rows, header)
        except UnicodeDecodeError:
            continue  # try the next encoding: a file saved from Excel may be Windows-1252
        except csv.Error as error:
            raise UnreadableReturn(f"{path.name}: cannot be read as a CSV file: {error}.") from None
    raise UnreadableReturn(
        f"{path.name}: neither a spreadsheet nor a text file; expected a Revenue Outturn "
        "workbook (.ods or .xlsx) or the multi-year CSV."
    )


def read_revenue_outturn(path: Path) -> ReturnFile:
    """Councils' net current expenditure by service from a Revenue Outturn file (see module)."""
    path = Path(path)
    with path.open("rb") as stream:
        start = stream.read(8)
    # Spreadsheets are zip (.xlsx, .ods) or OLE (.xls) files; anything else is read as text.
    reader = _read_workbook(path) if start.startswith(_SPREADSHEET_MAGIC) else _read_text(path)
    return ReturnFile(
        kind=KIND,
        path=path,
        sha256=sha256_of(path),
        allocations=(),
        spend=(),
        problems=tuple(reader.problems),
        notes=tuple(reader.notes()),
        outturn=tuple(reader.outturn),
    )
