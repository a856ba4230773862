"""The places demo part: every system's default places with a place board and delegations,
some HWB members on the ICP, feedback rounds; synthetic, and the same for the same seed."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest

from joinedup.demo.context import DemoContext
from joinedup.demo.places import PLACE_TABLES, build_places
from joinedup.demo.scale import Scale
from joinedup.governance.overlap import overlap
from joinedup.places.places import default_places
from joinedup.reference import systems
from joinedup.warehouse import Warehouse

from ..governance.governance_support import build_parts

TABLES = (*PLACE_TABLES, "governance_boards", "governance_memberships", "governance_meetings")


def build(path: Path, seed: int) -> Path:
    build_parts(path, seed)
    with Warehouse.open(path, write=True) as opened, opened.transaction() as connection:
        for table in PLACE_TABLES:
            connection.execute(f"DELETE FROM {table} WHERE synthetic")
        build_places(DemoContext(opened, random.Random(f"{seed}:places"), Scale.small, seed))
    return path


def digests(path: Path) -> dict[str, str]:
    with Warehouse.open(path) as warehouse:
        return {
            table: hashlib.sha256(
                repr(warehouse.connection.execute(f"SELECT * FROM {table} ORDER BY ALL")
                     .fetchall()).encode()
            ).hexdigest()
            for table in TABLES
        }  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("places-demo") / "demo.duckdb", seed=5)


def test_every_system_has_its_places_boards_delegations_and_rounds(demo: Path) -> None:
    with Warehouse.open(demo) as warehouse:
        places = warehouse.query("SELECT code, board_code, synthetic FROM places ORDER BY code")
        boards = warehouse.query(
            "SELECT code FROM governance_boards WHERE kind = 'place_board' ORDER BY code"
        )
        undelegated = warehouse.query(
            "SELECT count(*) AS n FROM places WHERE code NOT IN "
            "(SELECT place_code FROM place_delegations)"
        )
        rounds = warehouse.query("SELECT count(*) AS n FROM feedback_rounds")
        synthetic = [
            warehouse.query(f"SELECT bool_and(synthetic) AS s FROM {table}")[0]["s"]
            for table in PLACE_TABLES
        ]
    expected = sorted(p["code"] for s in systems() for p in default_places(s.code))
    assert [row["code"] for row in places] == expected
    assert [row["code"] for row in boards] == sorted(row["board_code"] for row in places)
    assert undelegated == [{"n": 0}] and rounds == [{"n": 2 * len(systems())}]
    assert synthetic == [True] * len(PLACE_TABLES)


def test_some_hwb_members_sit_on_the_icp(demo: Path) -> None:
    with Warehouse.open(demo) as warehouse:
        found = [overlap(warehouse, s.code)["people_in_both_count"] for s in systems()]
    assert sum(found) > 42 and min(found) == 0


def test_the_same_seed_gives_the_same_rows(demo: Path, tmp_path: Path) -> None:
    assert digests(build(tmp_path / "again.duckdb", seed=5)) == digests(demo)
