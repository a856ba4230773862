from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from joinedup.demo import DemoRefused, build
from joinedup.demo.parts import PARTS
from joinedup.warehouse import Warehouse, init


def table_digests(path: Path) -> dict[str, str]:
    """A digest of every table's rows in a fixed order, the bookkeeping tables aside."""
    digests = {}
    with Warehouse.open(path) as warehouse:
        tables = [
            row["table_name"]
            for row in warehouse.query(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                "AND table_name NOT IN ('schema_migrations', 'joinedup_meta') ORDER BY 1"
            )
        ]
        for table in tables:
            rows = warehouse.connection.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            digests[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


def test_demo_is_marked_synthetic_and_covers_every_system(demo_warehouse: Path) -> None:
    with Warehouse.open(demo_warehouse) as warehouse:
        assert warehouse.synthetic
        assert warehouse.meta("demo_seed") == "7"
        per_system = warehouse.query(
            "SELECT count(DISTINCT system_code) AS n FROM organisations WHERE synthetic"
        )
    assert per_system == [{"n": 42}]


def test_same_seed_same_tables_and_a_rebuild_replaces_them(
    tmp_path: Path, demo_warehouse: Path
) -> None:
    again = tmp_path / "again.duckdb"
    first = build(again, seed=7, scale="small")
    assert table_digests(again) == table_digests(demo_warehouse)
    steps: list[tuple[str, int, int]] = []
    second = build(again, seed=7, scale="small", progress=lambda *step: steps.append(step))
    assert first.rows == second.rows and all(rows > 0 for rows in second.rows.values())
    assert table_digests(again) == table_digests(demo_warehouse)
    assert steps[-1][1] == steps[-1][2] == len(PARTS) + 1
    assert [done for _, done, _ in steps] == sorted(done for _, done, _ in steps)


def test_refuses_a_real_warehouse(tmp_path: Path) -> None:
    path = tmp_path / "real.duckdb"
    init(path)
    before = path.read_bytes()
    with pytest.raises(DemoRefused, match="not a demonstration warehouse"):
        build(path)
    assert path.read_bytes() == before


def test_unknown_scale() -> None:
    with pytest.raises(DemoRefused, match="small, full"):
        build(Path("x.duckdb"), scale="huge")
