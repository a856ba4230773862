"""ICB allocations as NHS England publishes them: the NHS side of each system's budget.

Allocations are not spend, so they sit beside the ledger rather than in it; they give the size of
each ICS's NHS budget, against which the prevention shift can be read. A newer import supersedes
the rows it covers, which are kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from joinedup.ledger.returns.icb_allocations import STREAMS
from joinedup.warehouse import Warehouse

__all__ = ["STREAMS", "allocations", "store_allocations"]


def store_allocations(
    warehouse: Warehouse,
    rows: Iterable[tuple[str, str, str, Decimal]],
    *,
    file_name: str | None,
    file_sha256: str | None,
    synthetic: bool = False,
    imported_at: datetime | None = None,
) -> int:
    """Store (system code, financial year, stream, £) rows in one transaction; return the count."""
    when = imported_at or datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    chosen = list(rows)
    with warehouse.transaction():
        warehouse.supersede(
            "ledger_allocations",
            ("system_code", "financial_year", "stream"),
            [row[:3] for row in chosen],
            when,
        )
        warehouse.insert_rows(
            "ledger_allocations",
            (
                "system_code",
                "financial_year",
                "stream",
                "amount",
                "file_name",
                "file_sha256",
                "imported_at",
                "synthetic",
            ),
            [[*row, file_name, file_sha256, when, synthetic] for row in chosen],
        )
    return len(chosen)


def allocations(warehouse: Warehouse, system_code: str, year: str) -> dict[str, Any]:
    """The current allocation of a system for a year, by stream and in total (None if absent)."""
    rows = warehouse.query(
        "SELECT stream, amount FROM ledger_allocations WHERE system_code = ? "
        "AND financial_year = ? AND superseded_at IS NULL",
        [system_code, year],
    )
    by_stream = {row["stream"]: float(row["amount"]) for row in rows}
    return {"total": sum(by_stream.values()) if by_stream else None, "by_stream": by_stream}
