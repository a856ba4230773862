from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from joinedup.demo import DemoRefused, build
from joinedup.demo.parts import PARTS
from joinedup.warehouse import Warehouse, init
from tests.demo_cache import (
    DEMO_SEED,
    NOT_READ_BY_THE_BUILD,
    PACKAGE,
    _remove_unused,
    build_inputs,
    copy_demo,
    inputs_digest,
    table_digests,
)


def test_demo_is_marked_synthetic_and_covers_every_system(demo_warehouse: Path) -> None:
    with Warehouse.open(demo_warehouse) as warehouse:
        assert warehouse.synthetic
        assert warehouse.meta("demo_seed") == "7"
        per_system = warehouse.query(
            "SELECT count(DISTINCT system_code) AS n FROM organisations WHERE synthetic"
        )
    assert per_system == [{"n": 42}]


#: Rebuilds a demo warehouse over the file given, in a process of its own (so that what the build
#: imports can be seen), and prints the build's rows, its progress steps and the modules loaded.
#: DuckDB runs one thread a query, as in the suite's own processes (tests/conftest.py).
REBUILD = """
import json, sys
from pathlib import Path
from joinedup.demo import build
from joinedup.warehouse import use_threads
use_threads(1)
steps = []
summary = build(Path(sys.argv[1]), seed=int(sys.argv[2]), scale="small",
                progress=lambda *step: steps.append(step))
print(json.dumps({"rows": summary.rows, "steps": steps,
                  "modules": sorted(name for name in sys.modules if name.startswith("joinedup"))}))
"""


def test_same_seed_same_tables_and_a_rebuild_replaces_them(
    tmp_path: Path, demo_warehouse: Path
) -> None:
    """The cached build (made fresh, perhaps by an earlier session) and a rebuild over a copy of
    it now give the same rows: the build is deterministic, a rebuild replaces every synthetic
    row, and the cache's key (tests/demo_cache.py) covers what the build reads."""
    again = copy_demo(demo_warehouse, tmp_path / "again.duckdb")
    done = subprocess.run(
        [sys.executable, "-c", REBUILD, str(again), str(DEMO_SEED)],
        capture_output=True,
        text=True,
        check=True,
    )
    rebuilt = json.loads(done.stdout)
    digests = table_digests(again)
    assert digests == table_digests(demo_warehouse)
    counts = {table: int(digest.split(":")[0]) for table, digest in digests.items()}
    assert rebuilt["rows"] and all(0 < rows <= counts[t] for t, rows in rebuilt["rows"].items())
    steps = rebuilt["steps"]
    assert steps[-1][1] == steps[-1][2] == len(PARTS) + 1
    assert [done for _, done, _ in steps] == sorted(done for _, done, _ in steps)
    # What the cache's digest leaves out, the build must not use.
    assert not [
        module
        for module in rebuilt["modules"]
        if module.split(".")[1:2] and module.split(".")[1] in NOT_READ_BY_THE_BUILD
    ]


def test_the_cache_key_follows_the_inputs() -> None:
    assert inputs_digest(7, "small") == inputs_digest(7, "small")
    assert (
        len({inputs_digest(7, "small"), inputs_digest(8, "small"), inputs_digest(7, "full")}) == 3
    )
    read = {path.relative_to(PACKAGE).parts[0] for path in build_inputs()}
    assert {"demo", "migrations", "reference", "ledger"} <= read
    assert not read & set(NOT_READ_BY_THE_BUILD)


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


def test_the_cache_keeps_a_few_recent_builds_for_other_inputs(tmp_path: Path) -> None:
    now = time.time()
    ages = {"a": 60, "b": 120, "c": 180, "d": 240, "old": 2 * 24 * 3600}
    for name, age in ages.items():
        made = tmp_path / f"demo-7-small-{name}.duckdb"
        made.write_bytes(b"")
        (tmp_path / f"{made.name}.session-key").write_text("k")
        os.utime(made, (now - age, now - age))
    (tmp_path / "building-42-demo-7-small-e.duckdb").write_bytes(b"")  # a stopped build's
    current = tmp_path / "demo-7-small-current.duckdb"
    current.write_bytes(b"")
    _remove_unused(tmp_path, keep=current)
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "demo-7-small-a.duckdb",
        "demo-7-small-a.duckdb.session-key",
        "demo-7-small-b.duckdb",
        "demo-7-small-b.duckdb.session-key",
        "demo-7-small-c.duckdb",
        "demo-7-small-c.duckdb.session-key",
        "demo-7-small-current.duckdb",
    ]
