"""Headline figures of the joint ledger for a system, a council area or England.

Spend is counted where it is spent:

* an ICB's, trust's or VCSE partner's line belongs to its system (and to a council area if the
  line names one);
* a council's line names the system it was spent in, or, for a council in several systems, is
  shared across them by the share of its population living in each (to the penny: the system
  holding most of the council's population takes the rounding remainder, so systems add up
  exactly to England);
* a council area's figures are the council's own spend, the lines other partners coded to that
  area, and its population's share of spend coded to the whole of each of its systems.

Per-head figures use Census 2021 usual residents from the reference data. Children's social care
is reported apart and left out of the headline totals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from joinedup.core.financial_year import parse_financial_year, shift
from joinedup.core.record import Record
from joinedup.errors import JoinedUpError
from joinedup.ledger.taxonomy import SpendingType, funding_sources, spending_types
from joinedup.reference import (
    council,
    councils,
    england_population,
    system,
    systems,
    vintage,
)
from joinedup.warehouse import Warehouse

PREVENTION_GOAL_PP = 1.0
SHIFT_YEARS = 4  # the first and last of five financial years are four years apart
ZERO = Decimal("0")

# Current lines, with councils' system-wide spend shared across their systems (see above), and
# each line's own national-direction override (joinedup.ledger.direction).
APPORTIONED_SQL = """
WITH counted AS (
    -- A partner's own submission counts before a national return for the same year.
    SELECT id, financial_year FROM (
        SELECT id, financial_year, rank() OVER (
            PARTITION BY organisation_code, financial_year
            ORDER BY CASE WHEN source = 'submission' THEN 0 ELSE 1 END) AS preference
        FROM ledger_submissions
        WHERE superseded_by IS NULL AND financial_year IN ({years})
    ) WHERE preference = 1
),
lines AS (
    SELECT s.financial_year, l.submission_id, l.line_number, l.system_code, l.council_code,
           l.spending_type, l.funding_source, l.pooled, l.amount, l.direction
    FROM ledger_lines AS l JOIN counted AS s ON s.id = l.submission_id
),
shared AS (
    SELECT l.*, m.system_code AS member_system, m.is_main_system,
           CAST(round(l.amount * m.population_share, 2) AS DECIMAL(18, 2)) AS part
    FROM lines AS l JOIN ref_council_systems AS m ON m.council_code = l.council_code
    WHERE l.system_code IS NULL
)
SELECT financial_year, system_code, council_code, spending_type, funding_source, pooled, amount,
       direction
FROM lines WHERE system_code IS NOT NULL
UNION ALL
SELECT financial_year, member_system, council_code, spending_type, funding_source, pooled,
       CASE WHEN is_main_system
            THEN amount - (sum(part) OVER (PARTITION BY submission_id, line_number) - part)
            ELSE part END,
       direction
FROM shared
"""


class NoSpend(JoinedUpError):
    pass


class Headline(Record):
    """The headline measures of one area and year (joinedup.ledger.measures names each):
    money in pounds, shares from 0 to 1, None where there is nothing to divide by."""

    population: int
    total_spend: float
    per_head: float | None
    in_hospital_spend: float
    out_of_hospital_spend: float
    out_of_hospital_per_head: float | None
    out_of_hospital_share: float | None
    prevention_spend: float
    prevention_per_head: float | None
    prevention_share: float | None
    prevention_shift_5y_pp: float | None
    prevention_on_track: bool | None
    pooled_spend: float
    pooled_per_head: float | None
    childrens_social_care_spend: float

    def value(self, measure: str) -> float | bool | None:
        """The value of the measure named ``measure``."""
        found: float | bool | None = getattr(self, measure)
        return found


class SpendingTypeSpend(Record):
    """Spend of an area on one spending type; share of headline spend (None for a type
    reported apart, children's social care)."""

    code: str
    label: str
    group: str
    setting: str
    prevention: bool
    headline: bool
    amount: float
    per_head: float | None
    share: float | None


class FundingSourceSpend(Record):
    """Headline spend of an area from one funding source."""

    code: str
    label: str
    pooled: bool
    amount: float
    share: float | None


class Breakdowns(Record):
    by_spending_type: list[SpendingTypeSpend]
    by_funding_source: list[FundingSourceSpend]


class _Area(Record):
    area_type: str
    code: str
    name: str
    financial_year: str
    baseline_year: str | None


class _Provenance(Record):
    synthetic: bool
    reference_vintage: str


# The bases in reverse order of their fields: pydantic lays out a record's fields from the last
# base to the first, so the summary reads area, headline, breakdowns, provenance.
class Summary(_Provenance, Breakdowns, Headline, _Area):
    """The headline figures and breakdowns of one area (system, council area, England) for one
    financial year, compared with the year five years before (the baseline)."""


@dataclass(frozen=True, slots=True)
class Cell:
    """Spend of one area and year on one spending type from one funding source."""

    spending_type: str
    funding_source: str
    pooled: bool
    amount: Decimal


@dataclass(slots=True)
class AreaSpend:
    """All spend of one area (system, council area, England) in one year."""

    cells: list[Cell] = field(default_factory=list)

    def add(self, cell: Cell) -> None:
        self.cells.append(cell)

    def total(self, *, headline: bool = True, where: Any = None) -> Decimal:
        types = spending_types()
        return sum(
            (
                c.amount
                for c in self.cells
                if types[c.spending_type].headline == headline and (where is None or where(c))
            ),
            ZERO,
        )


def spend_by_area(
    warehouse: Warehouse, years: Iterable[str]
) -> dict[tuple[str, str, str], AreaSpend]:
    """Spend keyed by (area type, area code, year) for every system, council area and England."""
    chosen = sorted({parse_financial_year(year) for year in years})
    if not chosen:
        return {}
    rows = warehouse.connection.execute(
        APPORTIONED_SQL.format(years=", ".join("?" for _ in chosen)), chosen
    ).fetchall()
    areas: dict[tuple[str, str, str], AreaSpend] = defaultdict(AreaSpend)
    council_share = _council_shares_of_systems()
    for year, system_code, council_code, kind, source, pooled, amount, _direction in rows:
        cell = Cell(kind, source, bool(pooled), Decimal(amount))
        areas["england", "E92000001", year].add(cell)
        areas["system", system_code, year].add(cell)
        if council_code is not None:
            areas["council", council_code, year].add(cell)
        else:
            # System-wide spend reaches each council area by its share of the system's people.
            for member, share in council_share[system_code]:
                areas["council", member, year].add(
                    Cell(kind, source, bool(pooled), Decimal(amount) * share)
                )
    return areas


def _council_shares_of_systems() -> dict[str, list[tuple[str, Decimal]]]:
    shares: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    totals = {found.code: found.population for found in systems()}
    for member in councils():
        for membership in member.systems:
            share = Decimal(membership.population) / Decimal(totals[membership.system_code])
            shares[membership.system_code].append((member.code, share))
    return shares


def years_with_spend(warehouse: Warehouse) -> list[str]:
    rows = warehouse.query(
        "SELECT DISTINCT financial_year FROM ledger_submissions WHERE superseded_by IS NULL "
        "ORDER BY 1"
    )
    return [row["financial_year"] for row in rows]


def area(area_type: str, key: str) -> tuple[str, str, int]:
    """(code, name, population) of a system, council or England."""
    if area_type == "system":
        found = system(key)
        return found.code, found.name, found.population
    if area_type == "council":
        member = council(key)
        return member.code, member.name, member.population
    return "E92000001", "England", england_population()


def headline(spend: AreaSpend, baseline: AreaSpend | None, population: int) -> Headline:
    """The headline measures of one area and year."""
    types = spending_types()
    total = spend.total()
    out = spend.total(where=lambda c: types[c.spending_type].setting == "out_of_hospital")
    inside = spend.total(where=lambda c: types[c.spending_type].setting == "in_hospital")
    prevention = spend.total(where=lambda c: types[c.spending_type].prevention)
    pooled = spend.total(where=lambda c: c.pooled)
    prevention_share = _share(prevention, total)
    shift_pp = None
    if baseline is not None and prevention_share is not None:
        before = _share(
            baseline.total(where=lambda c: types[c.spending_type].prevention), baseline.total()
        )
        if before is not None:
            shift_pp = round((prevention_share - before) * 100, 4)
    return Headline(
        population=population,
        total_spend=_pounds(total),
        per_head=_per_head(total, population),
        in_hospital_spend=_pounds(inside),
        out_of_hospital_spend=_pounds(out),
        out_of_hospital_per_head=_per_head(out, population),
        out_of_hospital_share=_share(out, total),
        prevention_spend=_pounds(prevention),
        prevention_per_head=_per_head(prevention, population),
        prevention_share=prevention_share,
        prevention_shift_5y_pp=shift_pp,
        prevention_on_track=None if shift_pp is None else shift_pp >= PREVENTION_GOAL_PP,
        pooled_spend=_pounds(pooled),
        pooled_per_head=_per_head(pooled, population),
        childrens_social_care_spend=_pounds(spend.total(headline=False)),
    )


def breakdowns(spend: AreaSpend, population: int) -> Breakdowns:
    types = spending_types()
    total = spend.total()
    by_type: dict[str, Decimal] = defaultdict(Decimal)
    by_source: dict[str, Decimal] = defaultdict(Decimal)
    for cell in spend.cells:
        by_type[cell.spending_type] += cell.amount
        if types[cell.spending_type].headline:
            by_source[cell.funding_source] += cell.amount
    sources = funding_sources()
    return Breakdowns(
        by_spending_type=[
            _type_row(kind, by_type[code], total, population)
            for code, kind in types.items()
            if code in by_type
        ],
        by_funding_source=[
            FundingSourceSpend(
                code=code,
                label=source.label,
                pooled=source.pooled,
                amount=_pounds(by_source[code]),
                share=_share(by_source[code], total),
            )
            for code, source in sources.items()
            if code in by_source
        ],
    )


def _type_row(
    kind: SpendingType, amount: Decimal, total: Decimal, population: int
) -> SpendingTypeSpend:
    return SpendingTypeSpend(
        code=kind.code,
        label=kind.label,
        group=kind.group,
        setting=kind.setting,
        prevention=kind.prevention,
        headline=kind.headline,
        amount=_pounds(amount),
        per_head=_per_head(amount, population),
        share=_share(amount, total) if kind.headline else None,
    )


def summary(
    warehouse: Warehouse, area_type: str, key: str = "", year: str | None = None
) -> Summary:
    """The headline figures and breakdowns of one area for one year (the latest by default)."""
    code, name, population = area(area_type, key)
    available = years_with_spend(warehouse)
    if not available:
        raise NoSpend(
            "The ledger holds no spend yet: submit some with `joinedup ledger submit` "
            "or build the demonstration data with `joinedup demo build`."
        )
    chosen = parse_financial_year(year) if year else available[-1]
    if chosen not in available:
        raise NoSpend(f"No spend for {chosen}; the ledger has {', '.join(available)}.")
    baseline_year = shift(chosen, -SHIFT_YEARS)
    areas = spend_by_area(warehouse, [chosen, baseline_year])
    spend = areas.get((area_type, code, chosen), AreaSpend())
    baseline = areas.get((area_type, code, baseline_year))
    return Summary(
        area_type=area_type,
        code=code,
        name=name,
        financial_year=chosen,
        baseline_year=baseline_year if baseline is not None else None,
        **dict(headline(spend, baseline, population)),
        **dict(breakdowns(spend, population)),
        synthetic=warehouse.synthetic,
        reference_vintage=vintage(),
    )


def headline_table(
    warehouse: Warehouse, year: str, area_type: str = "system"
) -> dict[str, Headline]:
    """Headline measures of every area of a type for one year, keyed by area code."""
    chosen = parse_financial_year(year)
    baseline_year = shift(chosen, -SHIFT_YEARS)
    areas = spend_by_area(warehouse, [chosen, baseline_year])
    codes = (
        [found.code for found in systems()]
        if area_type == "system"
        else [member.code for member in councils()]
    )
    return {
        code: headline(
            areas.get((area_type, code, chosen), AreaSpend()),
            areas.get((area_type, code, baseline_year)),
            area(area_type, code)[2],
        )
        for code in codes
    }


def _pounds(amount: Decimal) -> float:
    return float(round(amount, 2))


def _per_head(amount: Decimal, population: int) -> float | None:
    return float(round(amount / population, 2)) if population else None


def _share(part: Decimal, whole: Decimal) -> float | None:
    return float(round(part / whole, 6)) if whole else None
