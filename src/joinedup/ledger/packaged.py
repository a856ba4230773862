"""The published files that ship inside the package, loaded into a warehouse.

``published_data/`` holds NHS England's ICB allocations and MHCLG's Revenue Outturn, converted by
``scripts/build_published.py`` with the same loaders ``joinedup ledger import`` uses (see
``published_data/SOURCES.md``). ``joinedup demo build`` loads them, so a new warehouse shows the
real figures of every system beside the synthetic demonstration ones.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Any

from joinedup.ledger.allocations import store_allocations
from joinedup.ledger.outturn import resolve_councils, store_outturn
from joinedup.ledger.returns.records import Outturn
from joinedup.warehouse import Warehouse

__all__ = ["PACKAGED_AT", "load_packaged", "packaged_files"]

#: When the packaged tables were converted: their rows' import time, so that loading them twice
#: gives the same warehouse (the demo is byte-reproducible).
PACKAGED_AT = datetime(2026, 12, 6)


@cache
def _table(name: str) -> tuple[dict[str, str], ...]:
    resource = files(__name__.rpartition(".")[0]).joinpath(f"published_data/{name}.csv")
    text = resource.read_bytes().decode("utf-8")
    return tuple(csv.DictReader(io.StringIO(text, newline="")))


def packaged_files() -> list[str]:
    """The names of the published files the package carries figures from."""
    return sorted({row["file_name"] for name in ("allocations", "outturn") for row in _table(name)})


def _files(table: str) -> list[tuple[str, str]]:
    return sorted({(row["file_name"], row["file_sha256"]) for row in _table(table)})


def _imported_since(
    warehouse: Warehouse, table: str, key: tuple[str, ...], names: list[str]
) -> set[tuple[Any, ...]]:
    """Keys whose current row came from a file someone imported, not from the package."""
    marks = ", ".join("?" for _ in names)
    rows = warehouse.query(
        f"SELECT DISTINCT {', '.join(key)} FROM {table} WHERE superseded_at IS NULL "
        f"AND file_name IS NOT NULL AND file_name NOT IN ({marks})"
        + (" AND NOT synthetic" if table == "ledger_allocations" else ""),
        names,
    )
    return {tuple(row[column] for column in key) for row in rows}


def _outturn_rows(file_name: str) -> list[Outturn]:
    return [
        Outturn(
            r["file_code"],
            r["council_name"],
            r["financial_year"],
            r["service"],
            Decimal(r["amount_gbp"]) if r["amount_gbp"] else None,
            r["status"],
            r["form"],
            0,
        )
        for r in _table("outturn")
        if r["file_name"] == file_name
    ]


def load_packaged(warehouse: Warehouse) -> dict[str, int]:
    """Load the packaged publications, replacing what an earlier load of them stored.

    A figure someone has since imported from a newer file is kept: the package never takes back
    a later import (only a rebuild of the package would).
    """
    names = packaged_files()
    marks = ", ".join("?" for _ in names)
    with warehouse.transaction() as connection:
        connection.execute(f"DELETE FROM council_outturn WHERE file_name IN ({marks})", names)
        connection.execute(
            f"DELETE FROM ledger_allocations WHERE NOT synthetic AND file_name IN ({marks})", names
        )
        newer_allocations = _imported_since(
            warehouse, "ledger_allocations", ("system_code", "financial_year", "stream"), names
        )
        newer_outturn = _imported_since(
            warehouse, "council_outturn", ("financial_year", "council_code", "form"), names
        )
        allocations = 0
        for file_name, sha in _files("allocations"):
            rows = [
                (r["system_code"], r["financial_year"], r["stream"], Decimal(r["amount_gbp"]))
                for r in _table("allocations")
                if r["file_name"] == file_name
            ]
            allocations += store_allocations(
                warehouse,
                [row for row in rows if row[:3] not in newer_allocations],
                file_name=file_name,
                file_sha256=sha,
                imported_at=PACKAGED_AT,
            )
        outturn = 0
        for file_name, sha in _files("outturn"):
            found = resolve_councils(_outturn_rows(file_name), file_name)
            if found.problems:  # the build script checked them: the package itself is broken
                raise RuntimeError(f"packaged outturn: {found.problems[0]}")
            resolved = [
                (code, row)
                for code, row in found.rows
                if (row.financial_year, code, row.form) not in newer_outturn
            ]
            outturn += store_outturn(
                warehouse, resolved, file_name=file_name, file_sha256=sha, imported_at=PACKAGED_AT
            )
    return {"ledger_allocations": allocations, "council_outturn": outturn}
