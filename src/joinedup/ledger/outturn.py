"""Councils' published net current expenditure (MHCLG Revenue Outturn), kept by service.

Outturn is what each council spent, by its own return, on the services the joint picture needs
(adult and children's social care, public health by programme). It sits beside the ledger: it is
published, not submitted. Each row names the council of that year's structure, so Cumbria County
Council's 2022-23 return stays Cumbria's, and Barnsley's is Barnsley's under either code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from joinedup.ledger.returns.records import Outturn
from joinedup.problems import Problem
from joinedup.reference import EARLIEST_YEAR, NotInYear, UnknownCode, council_in_year
from joinedup.warehouse import Warehouse

__all__ = [
    "Resolved",
    "StoredOutturn",
    "outturn_rows",
    "outturn_years",
    "resolve_councils",
    "store_outturn",
]

_COLUMNS = (
    "financial_year",
    "council_code",
    "file_code",
    "form",
    "service",
    "amount",
    "status",
    "file_name",
    "file_sha256",
    "imported_at",
)


@dataclass(frozen=True, slots=True)
class StoredOutturn:
    """One council's published figure for one service and year (amount None: not received)."""

    financial_year: str
    council_code: str
    service: str
    amount: Decimal | None
    status: str
    form: str
    file_name: str | None
    imported_at: datetime


@dataclass(slots=True)
class Resolved:
    """Rows with their council of the year, rows that have none, and years left out on purpose."""

    rows: list[tuple[str, Outturn]]
    problems: list[Problem]
    notes: list[str]


def resolve_councils(rows: Iterable[Outturn], file_name: str) -> Resolved:
    """Each row with the code of its council in that year's structure.

    Years before :data:`joinedup.reference.EARLIEST_YEAR` are left out with a note (the
    multi-year CSV starts in 2008-09); a code that names no council of its year is a problem.
    """
    resolved: list[tuple[str, Outturn]] = []
    problems: list[Problem] = []
    unknown: set[tuple[str, str]] = set()
    early: dict[str, int] = {}
    for row in rows:
        if row.financial_year < EARLIEST_YEAR:
            early[row.financial_year] = early.get(row.financial_year, 0) + 1
            continue
        try:
            code = council_in_year(row.council_code, row.financial_year).code
        except (UnknownCode, NotInYear) as error:
            if (row.council_code, row.financial_year) not in unknown:
                unknown.add((row.council_code, row.financial_year))
                problems.append(
                    Problem(file_name, row.row, "ONS code", f"{row.council_name}: {error}")
                )
            continue
        resolved.append((code, row))
    notes = (
        [
            f"Left out {sum(early.values()):,} figures of {', '.join(sorted(early))}: JoinedUp "
            f"holds council structure from {EARLIEST_YEAR} on."
        ]
        if early
        else []
    )
    return Resolved(resolved, problems, notes)


def store_outturn(
    warehouse: Warehouse,
    rows: Sequence[tuple[str, Outturn]],
    *,
    file_name: str,
    file_sha256: str | None,
    imported_at: datetime | None = None,
) -> int:
    """Store resolved rows, superseding the same council, year, form and service; return count."""
    when = imported_at or datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    with warehouse.transaction():
        warehouse.supersede(
            "council_outturn",
            ("financial_year", "council_code", "form"),
            sorted({(r.financial_year, code, r.form) for code, r in rows}),
            when,
        )
        warehouse.insert_rows(
            "council_outturn",
            _COLUMNS,
            [
                [
                    r.financial_year,
                    code,
                    r.council_code,
                    r.form,
                    r.service,
                    r.amount,
                    r.status,
                    file_name,
                    file_sha256,
                    when,
                ]
                for code, r in rows
            ],
        )
    return len(rows)


def outturn_rows(
    warehouse: Warehouse, financial_year: str, services: Sequence[str]
) -> list[StoredOutturn]:
    """The current published rows of a year for the given services, every council."""
    if not services:
        return []
    found = warehouse.query(
        "SELECT financial_year, council_code, service, amount, status, form, file_name, "
        "imported_at "
        "FROM council_outturn WHERE financial_year = ? AND superseded_at IS NULL AND service IN ("
        + ", ".join("?" for _ in services)
        + ") ORDER BY council_code, service, form",
        [financial_year, *services],
    )
    return [
        StoredOutturn(
            row["financial_year"],
            row["council_code"],
            row["service"],
            None if row["amount"] is None else Decimal(row["amount"]),
            row["status"],
            row["form"],
            row["file_name"],
            row["imported_at"],
        )
        for row in found
    ]


def outturn_years(warehouse: Warehouse) -> list[str]:
    """The financial years with published outturn, oldest first."""
    rows = warehouse.query(
        "SELECT DISTINCT financial_year FROM council_outturn WHERE superseded_at IS NULL ORDER BY 1"
    )
    return [row["financial_year"] for row in rows]
