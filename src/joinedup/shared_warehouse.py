"""One warehouse served by several processes at once (``joinedup serve --workers N``).

DuckDB lets one process write a file and no other process read it meanwhile, so the worker
processes never hold the warehouse open: they read the snapshot beside it (``<file>.snapshot``,
see :meth:`Warehouse.refresh_snapshot`), and each write takes a turn. A turn is an exclusive
lock on ``<file>.write-lock`` (one writer among the workers), then the file itself opened for
writing, the transaction, a fresh snapshot, and the file closed again. Every worker notices the
new snapshot at its next request (its inode changes) and reads it from then on.

While ``<file>.serving`` names a live server, the command line plays along: its readers read
the snapshot without touching the file (so they never hold up the workers' writes) and its
writers wait for their turn and leave a fresh snapshot after each commit. See docs/decisions.md.

A worker's write also records the data topics it touched in ``<file>.changes``, beside the
snapshot it wrote, so that the other workers keep the figures that read other topics. A new
snapshot nobody recorded (the command line's, the server's first) changes every topic.
"""

from __future__ import annotations

import fcntl
import itertools
import json
import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from joinedup.warehouse import (
    WRITE_WAIT_SECONDS,
    DataVersions,
    Warehouse,
    WarehouseBusy,
    connect_when_free,
    connection_config,
    serving_marker,
    snapshot_path,
)

if TYPE_CHECKING:
    import duckdb

_RETRY_SECONDS = 0.05
_names = itertools.count()


@contextmanager
def serving(path: Path) -> Iterator[None]:
    """Mark ``path`` as served by worker processes for as long as the block runs."""
    marker = serving_marker(path)
    marker.write_text(str(os.getpid()))
    try:
        yield
    finally:
        marker.unlink(missing_ok=True)


@contextmanager
def writing_turn(path: Path, wait: float = WRITE_WAIT_SECONDS) -> Iterator[None]:
    """Hold the one writer's turn on ``path`` among processes, waiting up to ``wait`` seconds."""
    lock = path.with_name(path.name + ".write-lock")
    with lock.open("a") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WarehouseBusy(
                        f"The warehouse {path} is being written by another process and it has "
                        f"taken more than {wait:.0f} s; try again. Nothing was changed."
                    ) from None
                time.sleep(_RETRY_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


Identity = tuple[int, int]  # a snapshot's inode and time of writing


def _identity(path: Path) -> Identity | None:
    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    return (found.st_ino, found.st_mtime_ns)


def changes_path(path: Path) -> Path:
    """Where the workers' writers record what their writes touched: ``<file>.changes``."""
    return path.with_name(path.name + ".changes")


#: How many of the last writes ``<file>.changes`` keeps: a worker that missed more snapshots
#: than this in a row (idle while others wrote) counts every topic as changed.
KEPT_WRITES = 64


def _recorded(path: Path) -> list[dict[str, Any]]:
    """The last writes the workers recorded: the snapshot each began from (``seen``), the one it
    left (``snapshot``) and the topics it touched (None: it declared none)."""
    try:
        found = json.loads(changes_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # none yet, or half-written by a killed process: every topic may have changed
    return found if isinstance(found, list) else []


def _record_write(path: Path, seen: Identity | None, touched: frozenset[str] | None) -> None:
    """Record a committed write, in the writer's turn after its snapshot (``seen``: the one it
    found when its turn began): a worker that read ``seen`` then knows what changed."""
    entry = {
        "seen": seen,
        "snapshot": _identity(snapshot_path(path)),
        "touched": None if touched is None else sorted(touched),
    }
    kept = [*_recorded(path), entry][-KEPT_WRITES:]
    target = changes_path(path)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        partial.write_text(json.dumps(kept), encoding="utf-8")
        partial.replace(target)  # a reader never sees half a record
    except OSError as error:
        # The write is committed: failing here would tell its author it was not (and a register
        # entry sent again is stored twice). Unrecorded, the other workers count every topic
        # as changed, which is only slower.
        logging.getLogger("joinedup").warning("Could not record the write in %s: %s", target, error)


def _touched_between(path: Path, read: Identity | None, opened: Identity) -> frozenset[str] | None:
    """The topics the recorded writes from snapshot ``read`` to ``opened`` touched; None (any)
    when no chain of recorded writes leads there: a write by the command line (which records
    nothing), the server's first snapshot, or one read before its writer recorded it."""
    following: dict[Identity, dict[str, Any] | None] = {}
    try:
        for entry in _recorded(path):
            seen = (int(entry["seen"][0]), int(entry["seen"][1]))
            # Two writes from one snapshot (the first failed to leave a new one): ambiguous.
            following[seen] = None if seen in following else entry
        touched: set[str] = set()
        at = read
        for _ in range(KEPT_WRITES):
            step = following.get(at) if at is not None else None
            if step is None or step["touched"] is None:
                return None
            touched |= {str(topic) for topic in step["touched"]}
            at = (int(step["snapshot"][0]), int(step["snapshot"][1]))
            if at == opened:
                return frozenset(touched)
    except (KeyError, TypeError, IndexError, ValueError):
        pass  # not a record this JoinedUp wrote
    return None


class _Snapshot:
    """The snapshot a worker reads, reopened when a writer has replaced it."""

    def __init__(self, path: Path) -> None:
        self.warehouse = path
        self.path = snapshot_path(path)
        self._lock = threading.Lock()
        self._identity: Identity | None = None
        self._connection: duckdb.DuckDBPyConnection | None = None
        #: The versions of what this process reads, by topic; ``count`` is how many copies it
        #: has opened (its data version).
        self.versions = DataVersions()

    def current(self) -> tuple[duckdb.DuckDBPyConnection, DataVersions]:
        """A connection to the newest snapshot, and its versions."""
        with self._lock:
            found = self.path.stat()
            if self._connection is None or (found.st_ino, found.st_mtime_ns) != self._identity:
                read = self._identity
                self._connection, self._identity = self._open()
                touched = _touched_between(self.warehouse, read, self._identity)
                self.versions = self.versions.after(touched)
            return self._connection, self.versions

    def _open(self) -> tuple[duckdb.DuckDBPyConnection, tuple[int, int]]:
        import duckdb

        # DuckDB shares one open database per file name within a process and would hand back
        # the old copy while a request still reads it: each copy is opened under a name of its
        # own (a hard link, removed at once; the open file stays readable).
        link = self.path.with_name(f"{self.path.name}.{os.getpid()}-{next(_names)}")
        link.hardlink_to(self.path)
        try:
            found = link.stat()
            connection = duckdb.connect(str(link), read_only=True, config=connection_config())
            return connection, (found.st_ino, found.st_mtime_ns)
        finally:
            link.unlink()


class SharedWarehouse(Warehouse):
    """A worker's warehouse: reads from the newest snapshot, writes in turns (see above)."""

    # Other processes write between this one's turns: the copy is made whole each time.
    incremental_snapshots = False

    def __init__(self, path: Path, snapshot: _Snapshot) -> None:
        connection, versions = snapshot.current()
        super().__init__(path, connection.cursor(), True, keep_snapshot=True)
        self._snapshot = snapshot
        self._versions = versions

    @classmethod
    def open_shared(cls, path: Path) -> Self:
        """Open ``path`` for a worker; the server has written its snapshot before starting it."""
        path = Path(path)
        warehouse = cls(path, _Snapshot(path))
        warehouse._check_version(allow_older=False)
        return warehouse

    def for_thread(self) -> SharedWarehouse:
        view = SharedWarehouse(self.path, self._snapshot)
        view._changes = self._changes
        return view

    def versions(self) -> DataVersions:
        """The versions of the snapshot this view reads (fixed until it writes)."""
        return self._versions

    @contextmanager
    def transaction(
        self, touches: Iterable[str] | None = None
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        if self._depth:  # joins the outer transaction, which already holds the turn
            with super().transaction(touches) as connection:
                yield connection
            return
        with writing_turn(self.path):
            reading = self.connection
            self.connection = connect_when_free(self.path)
            seen = _identity(snapshot_path(self.path))  # no other process writes till we close
            commits, whole = self._changes.now.count, False
            try:
                with super().transaction(touches) as connection:  # commits, refreshes the copy
                    yield connection
                whole = True
            finally:
                try:
                    if self._changes.now.count > commits:  # committed (the copy may have failed)
                        _record_write(self.path, seen, self._touched if whole else None)
                finally:
                    self.connection.close()
                    reading.close()
                    connection_now, self._versions = self._snapshot.current()
                    self.connection = connection_now.cursor()
