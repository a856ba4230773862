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
"""

from __future__ import annotations

import fcntl
import itertools
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Self

from joinedup.warehouse import (
    WRITE_WAIT_SECONDS,
    Warehouse,
    WarehouseBusy,
    connect_when_free,
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


class _Snapshot:
    """The snapshot a worker reads, reopened when a writer has replaced it."""

    def __init__(self, path: Path) -> None:
        self.path = snapshot_path(path)
        self._lock = threading.Lock()
        self._identity: tuple[int, int] | None = None
        self._connection: duckdb.DuckDBPyConnection | None = None
        #: How many copies this process has opened: the data version of what it reads.
        self.version = 0

    def current(self) -> tuple[duckdb.DuckDBPyConnection, int]:
        """A connection to the newest snapshot, and its version."""
        with self._lock:
            found = self.path.stat()
            if self._connection is None or (found.st_ino, found.st_mtime_ns) != self._identity:
                self._connection, self._identity = self._open()
                self.version += 1
            return self._connection, self.version

    def _open(self) -> tuple[duckdb.DuckDBPyConnection, tuple[int, int]]:
        import duckdb

        # DuckDB shares one open database per file name within a process and would hand back
        # the old copy while a request still reads it: each copy is opened under a name of its
        # own (a hard link, removed at once; the open file stays readable).
        link = self.path.with_name(f"{self.path.name}.{os.getpid()}-{next(_names)}")
        link.hardlink_to(self.path)
        try:
            found = link.stat()
            return duckdb.connect(str(link), read_only=True), (found.st_ino, found.st_mtime_ns)
        finally:
            link.unlink()


class SharedWarehouse(Warehouse):
    """A worker's warehouse: reads from the newest snapshot, writes in turns (see above)."""

    def __init__(self, path: Path, snapshot: _Snapshot) -> None:
        connection, version = snapshot.current()
        super().__init__(path, connection.cursor(), True, keep_snapshot=True)
        self._snapshot = snapshot
        self._version = version

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

    @property
    def data_version(self) -> int:
        return self._version

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if self._depth:  # joins the outer transaction, which already holds the turn
            with super().transaction() as connection:
                yield connection
            return
        with writing_turn(self.path):
            reading = self.connection
            self.connection = connect_when_free(self.path)
            try:
                with super().transaction() as connection:  # commits and refreshes the snapshot
                    yield connection
            finally:
                self.connection.close()
                reading.close()
                connection_now, self._version = self._snapshot.current()
                self.connection = connection_now.cursor()
