"""Worker processes on one warehouse (`joinedup serve --workers N`): each reads the newest
snapshot, writes take turns, and the command line reads and writes beside them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from joinedup.shared_warehouse import SharedWarehouse, serving, writing_turn
from joinedup.warehouse import (
    Warehouse,
    WarehouseBusy,
    init,
    served_by_workers,
    serving_marker,
    snapshot_path,
)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "w.duckdb"
    init(path)
    with Warehouse.open(path, write=True, keep_snapshot=True):
        pass  # as the server does before starting its workers
    with serving(path):
        yield path


def note_count(warehouse: Warehouse) -> int:
    row = warehouse.connection.execute(
        "SELECT count(*) FROM joinedup_meta WHERE key LIKE 'note-%'"
    ).fetchone()
    return int(row[0]) if row else 0


def test_a_write_in_one_worker_is_read_by_another(db: Path) -> None:
    first, second = SharedWarehouse.open_shared(db), SharedWarehouse.open_shared(db)
    before = second.for_thread()
    assert note_count(before) == 0
    with first.transaction():
        first.set_meta("note-1", "written by the first worker")
    after = second.for_thread()
    assert note_count(after) == 1
    assert after.data_version > before.data_version  # its cached figures are stale
    assert note_count(first) == 1  # the writer reads its own write too
    for opened in (first, second, before, after):
        opened.close()


def test_a_command_line_write_reaches_the_workers(db: Path) -> None:
    worker = SharedWarehouse.open_shared(db)
    with Warehouse.open(db, write=True) as command_line, command_line.transaction():
        command_line.set_meta("note-cli", "written by the command line")
    # A writer beside workers leaves a fresh snapshot after each commit: they read its write.
    assert note_count(worker.for_thread()) == 1
    worker.close()


def test_the_command_line_reads_the_snapshot_while_workers_serve(db: Path) -> None:
    notes: list[str] = []
    import joinedup.warehouse as module

    module.on_snapshot_read = notes.append
    try:
        with Warehouse.open(db) as reader:
            assert reader.snapshot_of is not None
    finally:
        module.on_snapshot_read = None
    assert "joinedup serve --workers" in notes[0]


def test_a_write_waits_for_its_turn_and_is_refused_when_it_never_comes(db: Path) -> None:
    with (
        writing_turn(db),
        pytest.raises(WarehouseBusy, match="another process"),
        writing_turn(db, wait=0.2),
    ):
        pass
    with writing_turn(db, wait=0.2):  # free again once the first turn ends
        pass


def test_a_marker_left_by_a_dead_server_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    init(path)
    serving_marker(path).write_text("999999999")  # no such process
    assert not served_by_workers(path)
    serving_marker(path).write_text(str(os.getpid()))
    assert served_by_workers(path)
    serving_marker(path).unlink()
    with Warehouse.open(path, write=True):
        assert not snapshot_path(path).exists()  # a lone writer keeps no snapshot


def test_a_committed_write_that_cannot_be_recorded_still_succeeds(
    db: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The record of what a write touched is written after the commit: if it cannot be (a full
    disk), the write stands and says so only in the log; the other workers then count every
    topic as changed."""
    from joinedup import shared_warehouse

    first, second = SharedWarehouse.open_shared(db), SharedWarehouse.open_shared(db)
    before = second.for_thread().versions()
    real = Path.write_text

    def full_disk(self: Path, *args: object, **kwargs: object) -> int:
        if self.name.startswith(shared_warehouse.changes_path(db).name):
            raise OSError(28, "No space left on device")
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", full_disk)
    with first.transaction(touches=("ledger",)):
        first.set_meta("note-1", "stored, though its record is not")
    assert "Could not record the write" in caplog.text
    after = second.for_thread()
    assert note_count(after) == 1
    # Unrecorded: a figure of any topic, not only the ledger's, is drawn afresh.
    assert after.versions().of(frozenset({"metrics"})) != before.of(frozenset({"metrics"}))
    for opened in (first, second, after):
        opened.close()
