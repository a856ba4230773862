"""Open data: the published figures as CSV and Parquet, with a data dictionary (CSV and
Markdown) and a Frictionless ``datapackage.json``.

Each table is declared once (:data:`TABLES`): its columns, their types and descriptions, and
which columns are counts of people. Rows come from the analysis modules; every count of people
passes through ``publish.disclosure`` (metric values through ``publish.figures.public_point``),
so no count from 1 to the threshold is written. The Parquet files are made by DuckDB from the
CSV files with the declared types, so the two always hold the same rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from joinedup.publish.disclosure import DEFAULT_THRESHOLD, Rules
from joinedup.publish.export.files import (
    DUCKDB_TYPES,
    Column,
    Row,
    Table,
    read_csv_sql,
    write_csv,
    write_parquet,
)
from joinedup.publish.export.package import (
    DICTIONARY_COLUMNS,
    datapackage,
    dictionary_markdown,
    dictionary_rows,
)
from joinedup.publish.export.tables import TABLES
from joinedup.warehouse import Warehouse

__all__ = [
    "DUCKDB_TYPES",
    "TABLES",
    "Column",
    "Exported",
    "Row",
    "Table",
    "export",
    "read_csv_sql",
    "write_csv",
    "write_parquet",
]


@dataclass(frozen=True, slots=True)
class Exported:
    folder: Path
    tables: dict[str, int]  # rows written, by table
    files: list[Path]


def export(warehouse: Warehouse, folder: Path, *, threshold: int = DEFAULT_THRESHOLD) -> Exported:
    """Write every table as CSV and Parquet, the data dictionary and ``datapackage.json``."""
    import duckdb

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rules = Rules(threshold=threshold)
    counts, files = {}, []
    with duckdb.connect() as converter:
        for table in TABLES:
            csv_path = folder / f"{table.name}.csv"
            counts[table.name] = write_csv(csv_path, table.columns, table.rows(warehouse, rules))
            files += [csv_path, write_parquet(csv_path, table.columns, converter)]
        dictionary = folder / "data-dictionary.csv"
        write_csv(dictionary, DICTIONARY_COLUMNS, dictionary_rows())
        files += [dictionary, write_parquet(dictionary, DICTIONARY_COLUMNS, converter)]
    markdown = folder / "data-dictionary.md"
    markdown.write_text(dictionary_markdown(warehouse.synthetic, threshold), encoding="utf-8")
    package = folder / "datapackage.json"
    descriptor = datapackage(warehouse.synthetic, threshold)
    package.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return Exported(folder, counts, [*files, markdown, package])
