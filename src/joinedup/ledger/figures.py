"""Headline figures of the joint ledger for a system, a council area or England.

An area's spend is the lines that reach it (``ledger.area_spend``, which says how spend is
counted where it is spent). Per-head figures use Census 2021 usual residents from the reference
data. Children's social care is reported apart and left out of the headline totals.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from joinedup.core.financial_year import parse_financial_year, shift
from joinedup.core.record import Record
from joinedup.errors import JoinedUpError
from joinedup.ledger.area_spend import AreaSpend, spend_by_area, years_with_spend
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
    areas = spend_by_area(warehouse, [chosen, baseline_year], only=(area_type, code))
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
    areas = spend_by_area(warehouse, [chosen, baseline_year], area_types=[area_type])
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
