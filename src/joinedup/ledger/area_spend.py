"""Which of the ledger's lines reach which area: every system, council area and England.

Spend is counted where it is spent:

* an ICB's, trust's or VCSE partner's line belongs to its system (and to a council area if the
  line names one);
* a council's line names the system it was spent in, or, for a council in several systems, is
  shared across them by the share of its population living in each (to the penny: the system
  holding most of the council's population takes the rounding remainder, so systems add up
  exactly to England);
* a council area's figures are the council's own spend, the lines other partners coded to that
  area, and its population's share of spend coded to the whole of each of its systems.

``ledger.figures`` turns an area's spend into its headline measures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from joinedup.core.financial_year import parse_financial_year
from joinedup.ledger.taxonomy import spending_types
from joinedup.reference import ENGLAND_CODE, council, councils, systems
from joinedup.warehouse import Warehouse

ZERO = Decimal("0")

#: The kinds of area spend is gathered for.
AREA_TYPES = ("england", "system", "council")

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
    warehouse: Warehouse,
    years: Iterable[str],
    *,
    only: tuple[str, str] | None = None,
    area_types: Collection[str] = AREA_TYPES,
) -> dict[tuple[str, str, str], AreaSpend]:
    """Spend keyed by (area type, area code, year) for every area of the ``area_types`` (every
    system, council area and England), or for the one area named by ``only`` (its type and
    code).

    Only the areas asked for are gathered, and for England and systems the lines are first
    added up in DuckDB (by spending type, funding source and pooling; and system): a page of
    England's figures read every line of the ledger into Python before (50 ms on the demo, now
    15 ms).
    """
    chosen = sorted({parse_financial_year(year) for year in years})
    if not chosen:
        return {}
    wanted = {only[0]} if only is not None else set(area_types)
    unknown = wanted - set(AREA_TYPES)
    if unknown:
        raise ValueError(f"Unknown area types {sorted(unknown)}; choose from {AREA_TYPES}.")
    code = None if only is None else only[1]
    where, parameters = _lines_of(only)
    lines = f"({APPORTIONED_SQL.format(years=', '.join('?' for _ in chosen))}) {where}"
    if "council" in wanted:
        # The lines are as many as their (year, system, council, type, source) anyway.
        selected = "financial_year, system_code, council_code, spending_type, funding_source, "
        selected += f"pooled, amount FROM {lines}"
    else:
        system_code = "system_code" if "system" in wanted else "NULL"
        selected = f"financial_year, {system_code}, NULL, spending_type, funding_source, pooled, "
        selected += f"sum(amount) FROM {lines} GROUP BY ALL"
    rows = warehouse.connection.execute(f"SELECT {selected}", [*chosen, *parameters]).fetchall()
    areas: dict[tuple[str, str, str], AreaSpend] = defaultdict(AreaSpend)
    council_share = _council_shares_of_systems() if "council" in wanted else {}
    for year, system_code, council_code, kind, source, pooled, amount in rows:
        cell = Cell(kind, source, bool(pooled), Decimal(amount))
        if "england" in wanted:
            areas["england", ENGLAND_CODE, year].add(cell)
        if "system" in wanted and code in (None, system_code):
            areas["system", system_code, year].add(cell)
        if "council" not in wanted:
            continue
        if council_code is not None:
            if code in (None, council_code):
                areas["council", council_code, year].add(cell)
            continue
        # System-wide spend reaches each council area by its share of the system's people.
        for member, share in council_share[system_code]:
            if code in (None, member):
                areas["council", member, year].add(
                    Cell(kind, source, bool(pooled), Decimal(amount) * share)
                )
    return dict(areas)


def _lines_of(only: tuple[str, str] | None) -> tuple[str, list[str]]:
    """The SQL condition keeping the apportioned lines that reach one area (all: none)."""
    if only is None or only[0] == "england":
        return "", []
    area_type, code = only
    if area_type == "system":
        return "WHERE system_code = ?", [code]
    systems_of = [membership.system_code for membership in council(code).systems]
    return (
        "WHERE council_code = ? OR (council_code IS NULL AND system_code IN "
        f"({', '.join('?' for _ in systems_of)}))",
        [code, *systems_of],
    )


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
