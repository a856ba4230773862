"""The snapshot a server keeps for readers: after every write it holds exactly what the warehouse
does, though after the first whole copy only the tables of the topics written are copied again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from joinedup import warehouse as wh
from joinedup.data_topics import TOPICS
from joinedup.governance.boards import add_board
from joinedup.governance.decisions import add_decision
from joinedup.users import add_user
from joinedup.warehouse import Warehouse
from tests.demo_cache import connection_digests, table_digests

PASSWORD = "correct horse battery"


@pytest.fixture
def server(fresh_warehouse: Path) -> Iterator[Warehouse]:
    """The warehouse held as `joinedup serve` holds it."""
    with Warehouse.open(fresh_warehouse, write=True, keep_snapshot=True) as held:
        yield held


@pytest.fixture
def copies(monkeypatch: pytest.MonkeyPatch) -> list[list[str] | None]:
    """What each snapshot copy copied: a list of tables, or None for the whole warehouse."""
    made: list[list[str] | None] = []
    real = Warehouse._copy_into_snapshot

    def recorded(self: Warehouse, database: str, tables: list[str] | None) -> None:
        made.append(tables)
        real(self, database, tables)

    monkeypatch.setattr(Warehouse, "_copy_into_snapshot", recorded)
    return made


def assert_snapshot_is_the_warehouse(held: Warehouse) -> None:
    snapshot = table_digests(wh.snapshot_path(held.path))
    assert snapshot == connection_digests(held.connection)


def a_user(held: Warehouse, email: str) -> None:
    add_user(
        held, email, name="A", role="partner_analyst", organisation_key="E10000016",
        password=PASSWORD,
    )  # fmt: skip


def test_each_write_copies_only_its_topics_and_the_copy_stays_whole(
    server: Warehouse, copies: list[list[str] | None]
) -> None:
    a_user(server, "a@kent.gov.uk")
    assert copies == [sorted(TOPICS["users"])]
    assert_snapshot_is_the_warehouse(server)
    assert wh.snapshot_path(server.path).stat().st_mode & 0o777 == 0o600  # like a backup

    add_board(server, "SNAP-HWB", "Kent Health and Wellbeing Board", "hwb", council="E10000016")
    add_decision(server, "SNAP-HWB", "A decision", "other", on=date(2025, 3, 1))
    assert all(tables and set(tables) & TOPICS["governance"] for tables in copies[1:])
    assert_snapshot_is_the_warehouse(server)

    with server.transaction() as connection:  # declares nothing: everything is copied
        connection.execute("INSERT OR REPLACE INTO joinedup_meta VALUES ('marker', 'x')")
    assert copies[-1] is None
    assert_snapshot_is_the_warehouse(server)


def test_views_of_other_threads_share_what_is_owed(
    server: Warehouse, copies: list[list[str] | None]
) -> None:
    view = server.for_thread()
    try:
        a_user(view, "b@kent.gov.uk")
    finally:
        view.close()
    a_user(server, "c@kent.gov.uk")
    assert copies == [sorted(TOPICS["users"])] * 2
    assert_snapshot_is_the_warehouse(server)


def test_a_copy_that_fails_is_followed_by_a_whole_one(
    server: Warehouse, copies: list[list[str] | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded = Warehouse._copy_into_snapshot
    failing = {"left": 1}

    def once_broken(self: Warehouse, database: str, tables: Any) -> None:
        if failing["left"]:
            failing["left"] -= 1
            raise OSError("No space left on device")
        recorded(self, database, tables)

    monkeypatch.setattr(Warehouse, "_copy_into_snapshot", once_broken)
    with pytest.raises(OSError, match="No space"):  # the board is stored; its snapshot is not
        add_board(server, "SNAP-HWB", "Kent Health and Wellbeing Board", "hwb", council="E10000016")
    assert table_digests(wh.snapshot_path(server.path)) != connection_digests(server.connection)
    a_user(server, "e@kent.gov.uk")
    assert copies == [None]  # the users' tables alone would miss the board
    assert_snapshot_is_the_warehouse(server)


def test_a_refresh_with_nothing_written_since_copies_nothing(
    server: Warehouse, copies: list[list[str] | None]
) -> None:
    server.refresh_snapshot()
    assert copies == []
    wh.snapshot_path(server.path).unlink()  # gone: written again, whole
    server.refresh_snapshot()
    assert copies == [None]
    assert_snapshot_is_the_warehouse(server)


def test_the_first_copy_is_the_file_as_opened_and_without_cp_it_is_copied_whole(
    fresh_warehouse: Path, copies: list[list[str] | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb

    # A write left in the write-ahead log, as by a process stopped before it checkpointed.
    with duckdb.connect(str(fresh_warehouse), config=wh.connection_config()) as stopped:
        stopped.execute("PRAGMA disable_checkpoint_on_shutdown")
        stopped.execute("INSERT OR REPLACE INTO joinedup_meta VALUES ('marker', 'logged')")
    assert Path(f"{fresh_warehouse}.wal").exists()
    with Warehouse.open(fresh_warehouse, write=True, keep_snapshot=True) as held:
        assert copies == []  # the file itself, checkpointed, was copied
        assert_snapshot_is_the_warehouse(held)
        assert held.meta("marker") == "logged"
        assert wh.snapshot_path(held.path).stat().st_mode & 0o777 == 0o600
        assert not list(held.path.parent.glob("*.partial"))
        a_user(held, "g@kent.gov.uk")
        assert copies == [sorted(TOPICS["users"])]  # and later copies start from it
        assert_snapshot_is_the_warehouse(held)
    monkeypatch.setattr(wh.shutil, "which", lambda name: None)
    with Warehouse.open(fresh_warehouse, write=True, keep_snapshot=True) as held:
        assert copies[-1] is None  # no cp: copied table by table, whole
        assert_snapshot_is_the_warehouse(held)
