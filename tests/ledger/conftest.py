from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from joinedup.warehouse import Warehouse

HEADER = [
    "financial_year",
    "system",
    "council",
    "spending_type",
    "funding_source",
    "pooled",
    "amount",
    "description",
]


WriteCsv = Callable[[str, list[list[object]]], Path]


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Write a submission CSV with the template's header into the test's directory."""

    def write(name: str, rows: list[list[object]]) -> Path:
        path = tmp_path / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(rows)
        return path

    return write


@pytest.fixture
def warehouse(fresh_warehouse: Path) -> Iterator[Warehouse]:
    with Warehouse.open(fresh_warehouse, write=True) as opened:
        yield opened
