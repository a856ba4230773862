"""The published joint picture: NHS allocations and councils' outturn, for a system, council or
England, from the real files national bodies release.

Nothing here is synthetic. The NHS side is each ICB's allocation by stream (NHS England); the
council side is each council's net current expenditure on adult social care, children's social
care and public health (MHCLG Revenue Outturn). Joining them needs one rule each way:

- **councils to systems**: a council's figure counts in each system by the share of its
  population living there (Census 2021, the reference data), using the councils of that year's
  structure (Cumbria County Council in 2022-23, Cumberland and Westmorland and Furness after);
- **systems to councils**: a council's NHS figure is its share of each of its ICBs' allocations,
  by the same populations (the council's people in the system over the system's).

A council whose return was not received adds nothing and is listed in ``missing``, so a total is
never silently short; a year with no outturn at all has ``None`` for the council figures and for
the total, never zero. Per-head figures divide by the ONS mid-year estimate nearest the year.
See docs/published-figures.md.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from joinedup.core.record import Record
from joinedup.ledger.outturn import StoredOutturn, outturn_rows
from joinedup.reference import CouncilInYear, council_in_year, councils_in_year
from joinedup.reference.mid_year import population_of
from joinedup.reference.system_history import system_in_year, systems_in_year
from joinedup.warehouse import Warehouse

__all__ = [
    "COUNCIL_SERVICES",
    "PREVENTION_METHOD",
    "PREVENTION_SERVICES",
    "MissingReturn",
    "PublishedFigures",
    "PublishedRecord",
    "Source",
    "YearReturns",
    "latest_complete_year",
    "published_figures",
    "published_years",
    "year_returns",
]

#: Council services in the joint picture: output field -> outturn service key.
COUNCIL_SERVICES: dict[str, str] = {
    "adult_social_care_gbp": "adult_social_care",
    "children_social_care_gbp": "children_social_care",
    "public_health_gbp": "public_health",
}

#: The published lines counted as prevention, and how they are justified (docs say more).
PREVENTION_SERVICES: tuple[str, ...] = (
    "public_health",
    "adult_social_care.information_and_early_intervention",
)
PREVENTION_METHOD = (
    "Prevention = councils' public health net current expenditure (every programme of RO3 "
    "table 1c: sexual health, NHS Health Checks, smoking, obesity, physical activity, substance "
    "misuse, children 0-19, health protection and the rest) + adult social care 'information and "
    "early intervention' where RO3 gives it. NHS allocations are not split by purpose, so NHS "
    "prevention spend is not in the published figure."
)

# RSX is each council's summary of the same lines RO3 details; either gives the service total.
_FORM_ORDER = ("RSX", "RO3")


class Source(Record):
    """A published file a figure comes from."""

    publisher: str
    title: str
    file: str
    vintage: str


class MissingReturn(Record):
    """A council whose figure is not in the totals: ``status`` says why (``not_received``, or
    ``not_in_file`` when the file loaded does not list it)."""

    code: str
    name: str
    status: str


class PublishedRecord(Record):
    """The published figures of one area and financial year as the API and ``--format json``
    write them: money as numbers of pounds to the penny, shares as fractions, None no data."""

    scope: str
    code: str
    name: str
    financial_year: str
    status: str
    population: int
    population_estimate: str
    nhs_gbp: float | None
    streams: dict[str, float]
    adult_social_care_gbp: float | None
    children_social_care_gbp: float | None
    public_health_gbp: float | None
    total_gbp: float | None
    per_head_gbp: float | None
    prevention_gbp: float | None
    prevention_share: float | None
    prevention_method: str
    missing: list[MissingReturn]
    councils: list[str]
    sources: list[Source]


@dataclass(slots=True)
class PublishedFigures:
    """The published figures of one area and financial year (pounds; None: no data)."""

    scope: str
    code: str
    name: str
    financial_year: str
    population: int
    population_estimate: str
    nhs_gbp: Decimal | None
    streams: dict[str, Decimal]
    adult_social_care_gbp: Decimal | None
    children_social_care_gbp: Decimal | None
    public_health_gbp: Decimal | None
    prevention_gbp: Decimal | None
    total_gbp: Decimal | None
    missing: list[MissingReturn]
    sources: list[Source]
    councils: list[str] = field(default_factory=list)

    @property
    def per_head_gbp(self) -> Decimal | None:
        if self.total_gbp is None or not self.population:
            return None
        return self.total_gbp / self.population

    @property
    def prevention_share(self) -> float | None:
        if self.prevention_gbp is None or not self.total_gbp:
            return None
        return float(self.prevention_gbp / self.total_gbp)

    def record(self) -> PublishedRecord:
        """The figures as they are published: pounds to the penny, shares as fractions."""
        return PublishedRecord(
            scope=self.scope,
            code=self.code,
            name=self.name,
            financial_year=self.financial_year,
            status="published",
            population=self.population,
            population_estimate=self.population_estimate,
            nhs_gbp=_pounds(self.nhs_gbp),
            streams={name: _penny(amount) for name, amount in sorted(self.streams.items())},
            adult_social_care_gbp=_pounds(self.adult_social_care_gbp),
            children_social_care_gbp=_pounds(self.children_social_care_gbp),
            public_health_gbp=_pounds(self.public_health_gbp),
            total_gbp=_pounds(self.total_gbp),
            per_head_gbp=_pounds(self.per_head_gbp),
            prevention_gbp=_pounds(self.prevention_gbp),
            prevention_share=self.prevention_share,
            prevention_method=PREVENTION_METHOD,
            missing=self.missing,
            councils=self.councils,
            sources=self.sources,
        )


def _pounds(amount: Decimal | None) -> float | None:
    return None if amount is None else _penny(amount)


def _penny(amount: Decimal) -> float:
    return float(round(amount, 2))


def published_years(warehouse: Warehouse) -> list[str]:
    """Financial years with any published figure (allocations or outturn), oldest first."""
    rows = warehouse.query(
        "SELECT financial_year FROM ledger_allocations WHERE NOT synthetic "
        "AND superseded_at IS NULL UNION SELECT financial_year FROM council_outturn "
        "WHERE superseded_at IS NULL ORDER BY 1"
    )
    return [row["financial_year"] for row in rows]


def latest_complete_year(warehouse: Warehouse) -> str | None:
    """The latest year with both NHS allocations and council outturn published, if any."""
    rows = warehouse.query(
        "SELECT financial_year FROM ledger_allocations WHERE NOT synthetic "
        "AND superseded_at IS NULL INTERSECT SELECT financial_year FROM council_outturn "
        "WHERE superseded_at IS NULL ORDER BY 1 DESC LIMIT 1"
    )
    return rows[0]["financial_year"] if rows else None


def _allocations(
    warehouse: Warehouse, year: str
) -> tuple[dict[str, dict[str, Decimal]], dict[str, set[str]]]:
    """system -> stream -> £, and system -> the files its figures came from."""
    rows = warehouse.query(
        "SELECT system_code, stream, amount, file_name FROM ledger_allocations "
        "WHERE financial_year = ? AND NOT synthetic AND superseded_at IS NULL",
        [year],
    )
    by_system: dict[str, dict[str, Decimal]] = defaultdict(dict)
    files: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        by_system[row["system_code"]][row["stream"]] = Decimal(row["amount"])
        if row["file_name"]:
            files[row["system_code"]].add(row["file_name"])
    return by_system, files


def _service_amounts(rows: list[StoredOutturn]) -> dict[str, dict[str, StoredOutturn]]:
    """council -> service -> the row used: the latest import, RSX's before RO3's in a tie."""
    rank = {form: index for index, form in enumerate(_FORM_ORDER)}
    chosen: dict[str, dict[str, StoredOutturn]] = defaultdict(dict)
    ordered = sorted(rows, key=lambda r: rank.get(r.form, len(rank)))
    for row in sorted(ordered, key=lambda r: r.imported_at, reverse=True):  # stable: ties keep rank
        chosen[row.council_code].setdefault(row.service, row)
    return chosen


def _weights(scope: str, code: str, year: str) -> tuple[dict[str, float], dict[str, float]]:
    """Weights of each council's outturn and each system's allocation in the area asked for."""
    if scope == "england":
        return (
            {item.code: 1.0 for item in councils_in_year(year)},
            {item.code: 1.0 for item in systems_in_year(year)},
        )
    if scope == "system":
        found = system_in_year(code, year)
        councils = {
            item.code: membership.population_share
            for item in councils_in_year(year)
            for membership in item.systems
            if membership.system_code == found.code
        }
        return councils, {found.code: 1.0}
    council = council_in_year(code, year)
    sizes = {item.code: item.population for item in systems_in_year(year)}
    return {council.code: 1.0}, {
        m.system_code: m.population / sizes[m.system_code] for m in council.systems
    }


def _sum(
    council_weights: dict[str, float],
    chosen: dict[str, dict[str, StoredOutturn]],
    service: str,
    names: dict[str, CouncilInYear],
    missing: dict[str, MissingReturn],
) -> Decimal | None:
    """The weighted sum of one service over the councils; None if no council reported it."""
    total = Decimal(0)
    seen = False
    for code, weight in council_weights.items():
        row = chosen.get(code, {}).get(service)
        if row is None or row.amount is None:
            if row is not None or chosen:
                status = row.status if row is not None else "not_in_file"
                missing.setdefault(
                    code, MissingReturn(code=code, name=names[code].name, status=status)
                )
            continue
        seen = True
        total += row.amount * Decimal(repr(weight))
    return total if seen else None


@dataclass(frozen=True, slots=True)
class YearReturns:
    """A year's published returns as every area's figures read them: NHS allocations by
    system and stream (with their files), and the outturn row used for each council's service."""

    allocations: dict[str, dict[str, Decimal]]
    allocation_files: dict[str, set[str]]
    outturn: dict[str, dict[str, StoredOutturn]]


def year_returns(warehouse: Warehouse, financial_year: str) -> YearReturns:
    """The returns of a year, read once for the figures of many areas (an export, a ranking)."""
    allocations, allocation_files = _allocations(warehouse, financial_year)
    services = [*COUNCIL_SERVICES.values(), *PREVENTION_SERVICES]
    chosen = _service_amounts(outturn_rows(warehouse, financial_year, services))
    return YearReturns(allocations, allocation_files, chosen)


def published_figures(
    warehouse: Warehouse,
    scope: str,
    key: str,
    financial_year: str,
    *,
    returns: YearReturns | None = None,
) -> PublishedFigures:
    """The published joint figures of a system, a council (any code of any vintage) or England.

    ``scope`` is ``system``, ``council`` or ``england`` (``key`` is then ignored); ``returns``
    are the year's, if already read (:func:`year_returns`). Raises
    :class:`joinedup.reference.UnknownCode` or :class:`joinedup.reference.NotInYear` for a key
    that names nothing in that year.
    """
    year = financial_year
    if returns is None:
        returns = year_returns(warehouse, year)
    names = {item.code: item for item in councils_in_year(year)}
    if scope == "system":
        area = system_in_year(key, year)
        code, name = area.code, area.name
        estimate = population_of(financial_year=year, system_code=code)
    elif scope == "council":
        council = council_in_year(key, year)
        code, name = council.code, council.name
        estimate = population_of(financial_year=year, council=council)
    else:
        code, name = "E92000001", "England"
        estimate = population_of(financial_year=year)
    council_weights, system_weights = _weights(scope, code, year)

    allocations, allocation_files = returns.allocations, returns.allocation_files
    streams: dict[str, Decimal] = defaultdict(Decimal)
    for system_code, weight in system_weights.items():
        for stream, amount in allocations.get(system_code, {}).items():
            streams[stream] += amount * Decimal(repr(weight))
    nhs = sum(streams.values(), Decimal(0)) if streams else None

    chosen = returns.outturn
    outturn_files = {
        row.file_name
        for code in council_weights
        for row in chosen.get(code, {}).values()
        if row.file_name and row.amount is not None
    }
    missing: dict[str, MissingReturn] = {}
    council_figures = {
        field_name: _sum(council_weights, chosen, service, names, missing)
        for field_name, service in COUNCIL_SERVICES.items()
    }
    prevention_parts = [
        _sum(council_weights, chosen, service, names, {}) for service in PREVENTION_SERVICES
    ]
    prevention = (
        None
        if prevention_parts[0] is None
        else sum((part or Decimal(0) for part in prevention_parts), Decimal(0))
    )
    parts = [nhs, *council_figures.values()]
    total = None
    if all(part is not None for part in parts):
        total = sum((part for part in parts if part is not None), Decimal(0))
    return PublishedFigures(
        scope=scope,
        code=code,
        name=name,
        financial_year=year,
        population=estimate.population,
        population_estimate=f"{estimate.source} ({estimate.estimate})",
        nhs_gbp=nhs,
        streams=dict(streams),
        adult_social_care_gbp=council_figures["adult_social_care_gbp"],
        children_social_care_gbp=council_figures["children_social_care_gbp"],
        public_health_gbp=council_figures["public_health_gbp"],
        prevention_gbp=prevention,
        total_gbp=total,
        missing=sorted(missing.values(), key=lambda item: item.code),
        sources=_sources(
            {name for code in system_weights for name in allocation_files.get(code, ())},
            outturn_files,
            year,
        ),
        councils=sorted(council_weights) if scope != "england" else [],
    )


def _sources(allocation_files: set[str], outturn_files: set[str], year: str) -> list[Source]:
    found = [
        Source(publisher="NHS England", title="ICB allocations", file=file, vintage=year)
        for file in sorted(allocation_files)
    ]
    found += [
        Source(publisher="MHCLG", title="Local authority revenue outturn", file=file, vintage=year)
        for file in sorted(outturn_files)
    ]
    return found
