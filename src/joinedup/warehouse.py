"""The warehouse: one DuckDB file, its versioned schema, and the single writer.

Over 400 lines: the only module that opens the DuckDB file: the lock, migrations, snapshots and bulk
writes are the one writer's rules.

DuckDB lets one process write a file, or many processes read it, never both. This module is the
only place that opens the file, so every process meets the same rules:

* ``Warehouse.open(path, write=True)`` takes the writer's lock; a second process that tries gets
  :class:`WarehouseBusy`, a one-line message naming the holder, and has written nothing.
* Writes go through :meth:`Warehouse.transaction`, so a failure leaves nothing half-written.
* The schema is the list of numbered SQL files in ``joinedup/migrations``; :func:`init` applies the
  ones a file lacks, each in its own transaction. A file from a newer JoinedUp is refused.
* Readers are never locked out: a long-lived writer (``joinedup serve``) opens the file with
  ``keep_snapshot=True`` and writes a consistent copy beside it (``<file>.snapshot``) when it
  opens and after every write it commits. A reader that finds the file locked reads that copy
  instead, and is told how old it is (``Warehouse.snapshot_of``; see docs/decisions.md).
* Beside a server with worker processes (``joinedup.shared_warehouse``), readers read the copy
  without touching the file, and writers wait their turn and leave a fresh copy.
* :func:`init` loads the reference data into ``ref_*`` tables (:func:`load_reference`): the
  warehouse reads the reference package, which knows nothing of the warehouse.

It is longer than the ~400 lines a module aims at because opening, locking, snapshots, migrations
and backups are one concern (who may touch the file, when), and splitting them would spread the
locking rules over several modules.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from joinedup import __version__
from joinedup.data_topics import REFERENCE, TOPICS, checked
from joinedup.errors import JoinedUpError

if TYPE_CHECKING:
    import duckdb


class WarehouseError(JoinedUpError):
    """A problem with the warehouse file, explained in one line for the person at the terminal."""


class WarehouseMissing(WarehouseError):
    pass


class WarehouseBusy(WarehouseError):
    pass


class WarehouseTooNew(WarehouseError):
    pass


class WarehouseOutdated(WarehouseError):
    pass


class NotAWarehouse(WarehouseError):
    pass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


@cache
def migrations() -> tuple[Migration, ...]:
    """The schema's migrations, in order: ``migrations/NNNN_name.sql``."""
    found = []
    for entry in resources.files("joinedup.migrations").iterdir():
        match = re.fullmatch(r"(\d{4})_(\w+)\.sql", entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda migration: migration.version)
    versions = [migration.version for migration in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"Migrations must be numbered 1..n without gaps, found {versions}")
    return tuple(found)


def schema_version() -> int:
    """The schema version this JoinedUp writes."""
    return len(migrations())


def _holder(message: str) -> str:
    """Describe the process named in DuckDB's lock message, e.g. 'joinedup serve (PID 42)'."""
    match = re.search(r"PID (\d+)", message)
    if not match:
        return "another process"
    pid = match[1]
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return f"another process (PID {pid})"
    words = [" ".join(Path(arg.decode(errors="replace")).name.split())[:40] for arg in argv if arg]
    if "joinedup" in words:
        words = words[words.index("joinedup") :]
    words = words[:2]
    return f"{' '.join(words)} (PID {pid})"


#: DuckDB threads a connection may use (the ``warehouse_threads`` setting); None: DuckDB's own
#: choice, one per core.
_threads: int | None = None


def use_threads(threads: int | None) -> None:
    """Let each warehouse connection this process opens from now on use ``threads`` threads.

    DuckDB runs a query on every core by default: worth it for a large scan, and a cost for the
    small queries a page makes, whose threads wait for each other. Where several processes share
    the cores (a server's workers, the test suite's), one thread each spent a tenth less CPU on
    the same pages (docs/decisions.md)."""
    global _threads
    _threads = threads


def connection_config() -> dict[str, Any]:
    """What every connection to a warehouse file is opened with: DuckDB refuses a second
    connection to a file open in this process with other settings."""
    return {} if _threads is None else {"threads": _threads}


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    import duckdb

    try:
        return duckdb.connect(str(path), read_only=read_only, config=connection_config())
    except duckdb.IOException as error:
        message = str(error)
        if "lock" in message.lower():
            raise WarehouseBusy(
                f"The warehouse {path} is in use by {_holder(message)}; "
                "stop it, or wait, and try again. Nothing was changed."
            ) from None
        if "not a valid DuckDB database" in message:
            raise NotAWarehouse(
                f"{path} is not a JoinedUp warehouse (not a DuckDB file)."
            ) from None
        raise WarehouseError(f"Cannot open the warehouse {path}: {message}") from None
    except duckdb.Error as error:
        message = str(error)
        if "version" in message.lower():
            raise WarehouseTooNew(
                f"The warehouse {path} was written by a newer DuckDB than this JoinedUp uses; "
                "upgrade JoinedUp to open it."
            ) from None
        raise WarehouseError(f"Cannot open the warehouse {path}: {message}") from None


def _holder_in(busy: WarehouseBusy) -> str:
    return str(busy).split(" is in use by ", 1)[-1].split(";", 1)[0]


#: How long a writer waits for its turn beside a server with worker processes (their writes are
#: short) before it is refused as busy.
WRITE_WAIT_SECONDS = 30.0


def connect_when_free(path: Path, wait: float = WRITE_WAIT_SECONDS) -> duckdb.DuckDBPyConnection:
    """The file opened for writing once no other process has it open, waiting up to ``wait``."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return _connect(path, read_only=False)
        except WarehouseBusy:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def serving_marker(path: Path) -> Path:
    """The file saying a server with worker processes serves ``path``: its process id."""
    return path.with_name(path.name + ".serving")


def served_by_workers(path: Path) -> bool:
    """True while a server with worker processes serves ``path`` (its marker names a live
    process: a marker left by a killed server is ignored)."""
    try:
        pid = int(serving_marker(Path(path)).read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    return True


#: Told when a reader gets the writer's snapshot instead of the locked file (the command line
#: prints it as a note); a library caller may leave it unset.
on_snapshot_read: Callable[[str], None] | None = None

_snapshot_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class DataVersions:
    """How many write transactions the warehouse has seen: in all, those that declared no
    topics (so touched every one), and by topic (``joinedup.data_topics``)."""

    count: int = 0
    undeclared: int = 0
    by_topic: tuple[tuple[str, int], ...] = ()

    def of(self, topics: frozenset[str] | None) -> tuple[int, ...]:
        """The version of the data in these topics (None: all of them)."""
        if topics is None:
            return (self.count,)
        counts = dict(self.by_topic)
        # Every figure reads the reference topic; a write that declared nothing touched all.
        return (self.undeclared, *(counts.get(topic, 0) for topic in sorted(topics | {REFERENCE})))

    def after(self, touched: frozenset[str] | None) -> DataVersions:
        """The versions once a write touching these topics (None: undeclared) is committed."""
        if touched is None:
            return DataVersions(self.count + 1, self.undeclared + 1, self.by_topic)
        counts = dict(self.by_topic)
        for topic in touched:
            counts[topic] = counts.get(topic, 0) + 1
        return DataVersions(self.count + 1, self.undeclared, tuple(sorted(counts.items())))


class _Changes:
    """The write transactions this process has committed to the warehouse."""

    def __init__(self) -> None:
        self.now = DataVersions()
        self.lock = threading.Lock()

    def bump(self, touched: frozenset[str] | None) -> None:
        with self.lock:
            self.now = self.now.after(touched)


class _SnapshotDebt:
    """What the snapshot this process keeps lacks: the topics of the writes committed since it
    last copied them, or everything (None) until its first whole copy, after an undeclared write
    or after a copy that failed.

    A write to ``ledger`` then costs a copy of the ledger's tables into a copy of the last
    snapshot, not a copy of the whole warehouse (0.17 s rather than 0.6 s on the demo, most of
    whose 29 MB are person-level population rows no upload touches).
    """

    def __init__(self) -> None:
        self.owed: frozenset[str] | None = None
        # Held from a commit until its topics are owed, and from taking the debt until the copy
        # has fixed what it reads: a copy then holds each transaction whole or not at all.
        self.lock = threading.Lock()

    def add(self, touched: frozenset[str] | None) -> None:
        if self.owed is not None:
            self.owed = None if touched is None else self.owed | touched

    def take(self) -> frozenset[str] | None:
        owed, self.owed = self.owed, frozenset()
        return owed


def snapshot_path(path: Path) -> Path:
    """Where the writer keeps its consistent copy for readers: ``<file>.snapshot``."""
    return path.with_name(path.name + ".snapshot")


class Warehouse:
    """An open warehouse. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(
        self,
        path: Path,
        connection: duckdb.DuckDBPyConnection,
        writable: bool,
        *,
        keep_snapshot: bool = False,
        snapshot_of: datetime | None = None,
    ) -> None:
        self.path = path
        self.connection = connection
        self.writable = writable
        self.keep_snapshot = keep_snapshot
        #: When the snapshot this reader reads was written (None: it reads the file itself).
        self.snapshot_of = snapshot_of
        self._depth = 0
        # What the transaction under way touches (None: it declared nothing, so everything).
        self._touched: frozenset[str] | None = None
        # Shared with every per-thread view of this warehouse, so that a write through any of
        # them tells all of them (and the caches keyed on it) that the data changed.
        self._changes = _Changes()
        self._snapshot_debt = _SnapshotDebt()
        # Set once the file is found at this JoinedUp's schema version, which nothing in this
        # process then changes (``init`` migrates only up to it).
        self._at_current_schema = False

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        write: bool = False,
        create: bool = False,
        allow_older: bool = False,
        keep_snapshot: bool = False,
    ) -> Self:
        """Open a warehouse at the current schema version.

        ``create`` makes a new empty file if there is none (``init`` then migrates it); otherwise
        a missing file, a file from a newer JoinedUp, or (unless ``allow_older``) one that needs
        ``joinedup init`` is refused with a :class:`WarehouseError` saying what to do.

        A reader that finds the file locked by a writer keeping a snapshot reads the snapshot;
        ``keep_snapshot`` makes a writer keep one (for a writer that stays open, like a server).
        """
        path = Path(path)
        if not path.exists() and not create:
            raise WarehouseMissing(
                f"There is no warehouse at {path}; create one with `joinedup init` "
                "(or `joinedup demo build`), or choose another with --db / JOINEDUP_DB."
            )
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        writable = write or create
        # Beside a server with worker processes, readers never hold the file (each would hold
        # up the workers' writes) and writers take their turn and keep the snapshot fresh.
        served = served_by_workers(path)
        if served and not writable and snapshot_path(path).exists():
            return cls._open_snapshot(path, "joinedup serve --workers", allow_older=allow_older)
        try:
            connection = (
                connect_when_free(path) if served and writable else _connect(path, not writable)
            )
        except WarehouseBusy as busy:
            if writable or not snapshot_path(path).exists():
                raise
            return cls._open_snapshot(path, _holder_in(busy), allow_older=allow_older)
        keep_snapshot = (keep_snapshot or served) and writable
        warehouse = cls(path, connection, writable, keep_snapshot=keep_snapshot)
        if writable and not keep_snapshot:
            # A copy left by an earlier server would be read, unannounced as stale, while this
            # writer holds the lock: better a reader told "busy" than one shown old figures.
            snapshot_path(path).unlink(missing_ok=True)
        try:
            warehouse._check_version(allow_older=create or allow_older)
            if warehouse.keep_snapshot:
                warehouse._snapshot_as_opened()
        except WarehouseError:
            warehouse.close()
            raise
        return warehouse

    @classmethod
    def _open_snapshot(cls, path: Path, holder: str, *, allow_older: bool) -> Self:
        copy = snapshot_path(path)
        written = datetime.fromtimestamp(copy.stat().st_mtime).replace(microsecond=0)
        warehouse = cls(path, _connect(copy, read_only=True), False, snapshot_of=written)
        try:
            warehouse._check_version(allow_older=allow_older)
        except WarehouseError:
            warehouse.close()
            raise
        if on_snapshot_read is not None:
            on_snapshot_read(
                f"{path} is in use by {holder}; reading its snapshot of "
                f"{written:%d %b %Y %H:%M:%S} (updated after every change it makes)."
            )
        return warehouse

    #: Whether the snapshot may be brought up to date by copying only the tables written since
    #: the last copy: true while this process is the file's only writer (a worker, taking turns
    #: with others, always copies it whole).
    incremental_snapshots = True

    def refresh_snapshot(self) -> None:
        """Write a consistent copy of the warehouse beside it, for readers while it is locked.

        The copy is made inside one read transaction (so it is never half a write), written to
        a temporary file and renamed over the old one, so a reader never sees a partial copy and
        a reader of the old copy keeps it until it closes. The copy is owner-only (0600), like a
        backup: it holds everything the warehouse does, whatever the file's own permissions.
        Once a whole copy is made, later ones start from it and copy again only the tables of
        the topics written since (``_SnapshotDebt``); reference data or an undeclared write
        means a whole copy.
        """
        target = snapshot_path(self.path)
        partial = target.with_name(target.name + ".partial")
        debt = self._snapshot_debt
        with _snapshot_lock:
            partial.unlink(missing_ok=True)
            name = self.connection.execute("SELECT current_database()").fetchone()
            database = name[0] if name else "main"
            with debt.lock:
                owed = debt.take()
            if owed is not None and not owed and target.exists():
                return  # an earlier copy already holds every write committed so far
            tables = (
                sorted(set().union(*(TOPICS[topic] for topic in owed)))
                if owed is not None
                and REFERENCE not in owed
                and self.incremental_snapshots
                and target.exists()
                else None  # a whole copy
            )
            try:
                if tables is not None:  # owner-only from the start, like the copy it is of
                    made = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    with target.open("rb") as source, os.fdopen(made, "wb") as copy:
                        shutil.copyfileobj(source, copy, 1 << 20)
                self.connection.execute("ATTACH ? AS joinedup_snapshot", [str(partial)])
                try:
                    self._copy_into_snapshot(database, tables)
                finally:
                    self.connection.execute("DETACH joinedup_snapshot")
            except BaseException:
                with debt.lock:
                    debt.owed = None  # the snapshot on disk lacks what was owed: copy it whole
                raise
            partial.chmod(0o600)
            partial.replace(target)

    def _snapshot_as_opened(self) -> None:
        """The writer's first copy, made as it opens the file and before anything can write
        through it: the file is checkpointed (DuckDB changes it only when it checkpoints) and
        copied as it is, the demo's 29 MB in 0.01 s where a copy table by table, as later ones
        are made, took 0.6 s (a server's start, and a command's beside served workers).

        ``cp`` copies it, in a process of its own: this process closing a file it had opened
        would give up the lock DuckDB holds on it (a POSIX lock belongs to the process and goes
        with the first of its descriptors of the file to close). Without ``cp``, or should DuckDB
        refuse the checkpoint (a write under way through another connection of this process to
        the same file), the copy is made table by table."""
        import duckdb

        copier = shutil.which("cp")
        target = snapshot_path(self.path)
        partial = target.with_name(target.name + ".partial")
        with _snapshot_lock, self._snapshot_debt.lock:
            try:
                self.connection.execute("CHECKPOINT")
            except duckdb.Error:
                copier = None
            if copier is not None:
                partial.unlink(missing_ok=True)
                os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                copied = subprocess.run(
                    [copier, "--", str(self.path), str(partial)], capture_output=True
                )
                if copied.returncode == 0:
                    partial.replace(target)
                    self._snapshot_debt.take()  # the copy holds every commit so far
                    return
        self.refresh_snapshot()

    def _copy_into_snapshot(self, database: str, tables: list[str] | None) -> None:
        """Copy ``tables`` (None: the whole warehouse) into the attached snapshot, reading in
        one transaction begun before any later commit can land."""
        with self._snapshot_debt.lock:
            self.connection.execute("BEGIN TRANSACTION")
            self.connection.execute("SELECT 1").fetchall()
        try:
            if tables is None:
                self.connection.execute(f'COPY FROM DATABASE "{database}" TO joinedup_snapshot')
            for table in tables or ():
                self.connection.execute(f"DELETE FROM joinedup_snapshot.main.{table}")
                self.connection.execute(
                    f"INSERT INTO joinedup_snapshot.main.{table} "
                    f'SELECT * FROM "{database}".main.{table}'
                )
            self.connection.execute("COMMIT")
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise

    def _check_version(self, *, allow_older: bool) -> None:
        found = self.version()
        if found > schema_version():
            written_by = self.meta("joinedup_version") or "a newer version"
            raise WarehouseTooNew(
                f"The warehouse {self.path} has schema version {found}, written by JoinedUp "
                f"{written_by}; this JoinedUp ({__version__}) reads up to version "
                f"{schema_version()}. Upgrade JoinedUp to use it."
            )
        if found < schema_version() and not allow_older:
            raise WarehouseOutdated(
                f"The warehouse {self.path} has schema version {found} and this JoinedUp needs "
                f"{schema_version()}; run `joinedup init` to upgrade it (back it up first with "
                "`joinedup backup`)."
            )

    def version(self) -> int:
        """The schema version recorded in the file (0 for a new, empty file).

        Asked of the catalogue until it is this JoinedUp's own (two queries, ~2 ms: every
        ``meta`` and ``synthetic`` asks, many times a page), then known."""
        if self._at_current_schema:
            return schema_version()
        if not self._depth:
            import duckdb

            # Asked straight (1 ms), as a new connection does each time; a missing table is then
            # looked for in the catalogue (3 ms). Not inside a transaction, which the error of a
            # missing table would end.
            try:
                row = self.connection.execute(
                    "SELECT max(version) FROM schema_migrations"
                ).fetchone()
            except duckdb.CatalogException:
                pass
            else:
                return self._found_at(row)
        exists = self.connection.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = 'main' AND table_name = 'schema_migrations'"
        ).fetchone()
        if not exists or not exists[0]:
            tables = self.connection.execute(
                "SELECT count(*) FROM information_schema.tables"
            ).fetchone()
            if tables and tables[0]:
                raise NotAWarehouse(f"{self.path} is a DuckDB file but not a JoinedUp warehouse.")
            return 0
        return self._found_at(
            self.connection.execute("SELECT max(version) FROM schema_migrations").fetchone()
        )

    def _found_at(self, row: tuple[Any, ...] | None) -> int:
        found = int(row[0]) if row and row[0] is not None else 0
        self._at_current_schema = found == schema_version()
        return found

    def meta(self, key: str) -> str | None:
        if self.version() == 0:
            return None
        row = self.connection.execute(
            "SELECT value FROM joinedup_meta WHERE key = ?", [key]
        ).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.connection.execute(
            "INSERT OR REPLACE INTO joinedup_meta (key, value) VALUES (?, ?)", [key, value]
        )

    @property
    def synthetic(self) -> bool:
        """True when the warehouse holds the synthetic demonstration data."""
        return self.meta("synthetic") == "true"

    @contextmanager
    def transaction(
        self, touches: Iterable[str] | None = None
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """Everything inside is stored together, or not at all.

        ``touches`` names the data topics (``joinedup.data_topics``) whose tables the
        transaction may write, so that figures reading only other topics stay cached; without
        it, the transaction counts as touching every topic.

        Transactions nest: an inner one joins the outer, so a library function that stores
        something whole can also be part of a larger whole (such as the demo build). The
        whole touches what each part declares; one part that declares nothing makes it all.
        """
        if not self.writable:
            raise WarehouseError(f"The warehouse {self.path} was opened for reading only.")
        declared = None if touches is None else checked(touches)
        if self._depth:
            if self._touched is not None:
                self._touched = None if declared is None else self._touched | declared
            self._depth += 1
            try:
                yield self.connection
            finally:
                self._depth -= 1
            return
        self.connection.execute("BEGIN TRANSACTION")
        self._depth = 1
        self._touched = declared
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0
        with self._snapshot_debt.lock:
            self.connection.execute("COMMIT")
            self._snapshot_debt.add(self._touched)
        self._changes.bump(self._touched)
        if self.keep_snapshot:
            self.refresh_snapshot()

    def versions(self) -> DataVersions:
        """The writes this process has committed, by topic: a figure computed from some topics
        is right until a write touches one of them (this process is the only writer while it
        holds the file)."""
        return self._changes.now

    @property
    def data_version(self) -> int:
        """Grows with every write this process commits: a figure computed at one version is
        right until the version changes."""
        return self.versions().count

    def version_of(self, topics: frozenset[str] | None) -> tuple[int, ...]:
        """The version of the data in these topics (None: all of them): it changes with every
        write that touches one of them or declares nothing, and with no other."""
        return self.versions().of(topics)

    def insert_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Append rows to a table through DuckDB's appender, which converts each value to its
        column's type as binding it as a parameter would: 200 rows in 1.6 ms (bound as one
        statement's parameters, 18 ms), 5,000 in 20 ms (through a CSV file, 29 ms)."""
        if not rows:
            return
        # A statement run by ``execute`` is run to its end first: DuckDB starts no appender
        # while a result is pending.
        self.connection.complete()
        appender = self.connection.appender(table, columns=list(columns))
        try:
            appender.append_rows(rows)
            appender.flush()
        except BaseException:
            appender.clear()  # the rows before a bad one are not written either
            raise

    def supersede(
        self, table: str, columns: Sequence[str], keys: Sequence[Sequence[Any]], when: datetime
    ) -> None:
        """Mark the current rows with these keys superseded at ``when``: kept, no longer current.

        ``table`` and ``columns`` are the caller's own names, never user input; key values are
        bound as parameters.
        """
        if not keys:
            return
        row = "(" + ", ".join("?" for _ in columns) + ")"
        matches = " AND ".join(f"t.{column} = k.{column}" for column in columns)
        self.connection.execute(
            f"UPDATE {table} AS t SET superseded_at = ? FROM (VALUES "
            + ", ".join(row for _ in keys)
            + f") AS k({', '.join(columns)}) WHERE {matches} AND t.superseded_at IS NULL",
            [when, *[value for key in keys for value in key]],
        )

    def for_thread(self) -> Warehouse:
        """The same warehouse through a connection of its own, for another thread of this process
        (DuckDB connections must not be shared between threads). Close it when done."""
        view = Warehouse(
            self.path,
            self.connection.cursor(),
            self.writable,
            keep_snapshot=self.keep_snapshot,
            snapshot_of=self.snapshot_of,
        )
        view._changes = self._changes
        view._snapshot_debt = self._snapshot_debt
        return view

    def query(self, sql: str, parameters: list[Any] | None = None) -> list[dict[str, Any]]:
        """Rows as dictionaries: for small results such as listings."""
        cursor = self.connection.execute(sql, parameters or [])
        names = [column[0] for column in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True, slots=True)
class InitResult:
    path: Path
    created: bool
    from_version: int
    to_version: int
    reference_vintage: str


def init(path: Path) -> InitResult:
    """Create the warehouse or bring it to the current schema, then load the reference data."""
    created = not Path(path).exists()
    with Warehouse.open(path, create=True) as warehouse:
        before = warehouse.version()
        for migration in migrations()[before:]:
            with warehouse.transaction() as connection:
                connection.execute(migration.sql)
                connection.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?, ?)",
                    [migration.version, migration.name, _now(), __version__],
                )
                warehouse.set_meta("joinedup_version", __version__)
        with warehouse.transaction():
            if warehouse.meta("created_at") is None:
                warehouse.set_meta("created_at", _now().isoformat())
                warehouse.set_meta("synthetic", "false")
            vintage = load_reference(warehouse)
        return InitResult(Path(path), created, before, warehouse.version(), vintage)


def load_reference(warehouse: Warehouse) -> str:
    """Replace the ``ref_*`` tables from the package's reference files when they differ, so SQL
    can join spend and metrics to them; return the vintage.

    The tables are not part of the migrated schema: the package's reference files are the truth,
    and the tables are replaced from them whenever the files change (a new vintage or a
    correction). Call inside the warehouse's transaction, so a failure keeps the old tables.
    The warehouse reads the reference package, never the other way round.
    """
    # Imported here: the command line's other verbs need no reference data (make bench).
    from joinedup.reference.files import data_files, digest, vintage

    found = digest()
    if warehouse.meta("reference_digest") == found:
        return vintage()
    for name, path in sorted(data_files().items()):
        source = str(path).replace("'", "''")
        warehouse.connection.execute(
            f"CREATE OR REPLACE TABLE ref_{name} AS "
            f"SELECT * FROM read_csv('{source}', header = true)"
        )
    # ICBs and councils are partners in their own right: other tables name them as organisations.
    warehouse.connection.execute(
        "INSERT INTO organisations (code, name, kind, system_code, synthetic) "
        "SELECT code, name, 'icb', code, false FROM ref_systems "
        "UNION ALL SELECT code, name, 'council', NULL, false FROM ref_councils "
        "ON CONFLICT (code) DO UPDATE SET name = excluded.name"
    )
    warehouse.set_meta("reference_digest", found)
    warehouse.set_meta("reference_vintage", vintage())
    return vintage()


def backup(path: Path, destination: Path, *, overwrite: bool = False) -> Path:
    """Copy the warehouse to ``destination`` as one consistent snapshot.

    The copy is written beside the destination and renamed into place, so a failed backup never
    leaves a partial file where a good one is expected.
    """
    destination = Path(destination)
    if destination.exists() and not overwrite:
        raise WarehouseError(f"{destination} already exists; choose another name or use --force.")
    if destination.resolve() == Path(path).resolve():
        raise WarehouseError("The backup must not be the warehouse itself.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".joinedup-backup-") as work:
        partial = Path(work) / "backup.duckdb"
        with Warehouse.open(path) as warehouse:
            source = warehouse.connection.execute("SELECT current_database()").fetchone()
            name = source[0] if source else "main"
            warehouse.connection.execute(f"ATTACH '{_sql_path(partial)}' AS backup (READ_WRITE)")
            try:
                warehouse.connection.execute(f'COPY FROM DATABASE "{name}" TO backup')
            finally:
                warehouse.connection.execute("DETACH backup")
        # Owner-only: a backup holds everything the warehouse does (accounts included).
        partial.chmod(0o600)
        partial.replace(destination)
    return destination


def restore(source: Path, path: Path) -> Path:
    """Replace the warehouse at ``path`` with the backup ``source``, after checking the backup."""
    source = Path(source)
    if not source.exists():
        raise WarehouseMissing(f"There is no backup at {source}.")
    with Warehouse.open(source, allow_older=True):
        pass  # refuses a file that is not a warehouse or is from a newer JoinedUp
    path = Path(path)
    if path.exists():
        with Warehouse.open(path, write=True, create=True):
            pass  # refuses while another process holds the warehouse
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".joinedup-restore-") as work:
        staged = Path(work) / "restore.duckdb"
        shutil.copyfile(source, staged)
        staged.replace(path)
    # A write-ahead log left by the replaced file would be replayed onto the restored one.
    Path(f"{path}.wal").unlink(missing_ok=True)
    return path


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0, tzinfo=None)
