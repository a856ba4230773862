from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from joinedup.governance.memberships import add_membership
from joinedup.governance.people import add_person
from joinedup.warehouse import Warehouse
from tests.demo_cache import copy_demo

from .governance_support import Member, build_parts, kent_and_medway_board


@pytest.fixture
def path(empty_warehouse: Path, tmp_path: Path) -> Path:
    return copy_demo(empty_warehouse, tmp_path / "w.duckdb")


@pytest.fixture
def warehouse(path: Path) -> Iterator[Warehouse]:
    with Warehouse.open(path, write=True) as opened:
        yield opened


@pytest.fixture
def member(warehouse: Warehouse) -> Member:
    """Put a new person on a board: member(board, role, organisation=..., councillor=...)."""

    def add(board: str, role: str, **options: Any) -> int:
        person = add_person(warehouse, options.pop("name", role))["id"]
        options.setdefault("start_date", date(2022, 7, 1))
        options.setdefault("voting", True)
        options.setdefault("councillor", False)
        add_membership(warehouse, board, person, role, **options)
        return int(person)

    return add


@pytest.fixture
def icb_board(warehouse: Warehouse) -> str:
    """Kent and Medway's ICB board, with no members yet."""
    return kent_and_medway_board(warehouse)


@pytest.fixture(scope="session")
def governance_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with the providers, priorities and governance demo parts only (seed 5)."""
    return build_parts(tmp_path_factory.mktemp("governance-demo") / "demo.duckdb", seed=5)
