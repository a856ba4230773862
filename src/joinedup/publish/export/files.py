"""The export's building blocks: declared columns and tables, and writing them as CSV and
Parquet with the declared types."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from joinedup.publish.disclosure import Rules
from joinedup.textsafety import neutralise
from joinedup.warehouse import Warehouse

if TYPE_CHECKING:
    import duckdb

Row = dict[str, Any]
# Frictionless field types and the DuckDB types their Parquet columns take.
DUCKDB_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "money": "DECIMAL(18, 2)",
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # a key of DUCKDB_TYPES; "money" is a Frictionless number in pounds
    description: str
    count_of_people: bool = False

    @property
    def frictionless_type(self) -> str:
        return "number" if self.type == "money" else self.type


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[Warehouse, Rules], Iterable[Row]]
    primary_key: tuple[str, ...]
    reference: bool = False  # real reference data shipped with JoinedUp (ONS, NHS England)


def col(name: str, kind: str, description: str, *, people: bool = False) -> Column:
    return Column(name, kind, description, people)


def write_csv(path: Path, columns: tuple[Column, ...], rows: Iterable[Row]) -> int:
    """UTF-8 CSV with a header; an empty cell is a missing (or withheld) value."""
    written = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([column.name for column in columns])
        for row in rows:
            writer.writerow([cell(row.get(column.name)) for column in columns])
            written += 1
    return written


def cell(value: Any) -> str:
    """A value as a CSV cell that reads back exactly (line breaks are written as ``\\n``: a
    lone carriage return inside a quoted cell is more than some CSV readers, DuckDB's among
    them, can parse).

    >>> from decimal import Decimal
    >>> [cell(v) for v in (None, True, 0.1, Decimal("2.50"), date(2024, 4, 1), ["a", "b"])]
    ['', 'true', '0.1', '2.50', '2024-04-01', 'a;b']
    >>> cell("one\\r\\ntwo\\rthree")
    'one\\ntwo\\nthree'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return str(neutralise(";".join(str(item) for item in value)))
    if isinstance(value, str):
        # Quoted if a spreadsheet would run it as a formula (joinedup.textsafety).
        return str(neutralise(value.replace("\r\n", "\n").replace("\r", "\n")))
    return repr(value) if isinstance(value, float) else str(value)


def write_parquet(
    csv_path: Path, columns: tuple[Column, ...], converter: duckdb.DuckDBPyConnection
) -> Path:
    """The CSV file read back with the declared types and written as Parquet by ``converter``,
    an in-memory DuckDB that an export shares between its files (each new one takes some 20 ms
    to start)."""
    path = csv_path.with_suffix(".parquet")
    types = ", ".join(f"'{c.name}': '{DUCKDB_TYPES[c.type]}'" for c in columns)
    converter.execute(
        f"COPY (SELECT * FROM {read_csv_sql(types)}) TO ? (FORMAT parquet)",
        [str(csv_path), str(path)],
    )
    return path


def read_csv_sql(types: str) -> str:
    """DuckDB's reader for these files (the first parameter is the path): no guessing."""
    return (
        f"read_csv(?, header = true, delim = ',', quote = '\"', escape = '\"', "
        f"nullstr = '', auto_detect = false, columns = {{{types}}})"
    )
