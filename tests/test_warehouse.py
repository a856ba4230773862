from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from joinedup import warehouse as wh
from joinedup.warehouse import (
    NotAWarehouse,
    Warehouse,
    WarehouseBusy,
    WarehouseMissing,
    WarehouseOutdated,
    WarehouseTooNew,
    backup,
    init,
    restore,
    schema_version,
)


def test_init_creates_then_reports_up_to_date(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    first = init(path)
    assert first.created and first.from_version == 0 and first.to_version == schema_version()
    second = init(path)
    assert not second.created and second.from_version == second.to_version == schema_version()
    with Warehouse.open(path) as warehouse:
        assert warehouse.version() == schema_version()
        assert not warehouse.synthetic
        systems = warehouse.query("SELECT count(*) AS n FROM ref_systems")[0]["n"]
        organisations = warehouse.query(
            "SELECT kind, count(*) AS n FROM organisations GROUP BY kind ORDER BY kind"
        )
    assert systems == 42
    assert organisations == [{"kind": "council", "n": 153}, {"kind": "icb", "n": 42}]


def test_init_upgrades_an_older_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "w.duckdb"
    everything = wh.migrations()
    monkeypatch.setattr(wh, "migrations", lambda: everything[:1])
    # The reference tables need the whole schema, so an old file is made without them.
    load_reference = wh.load_reference
    monkeypatch.setattr(wh, "load_reference", lambda warehouse: "none")
    init(path)
    monkeypatch.setattr(wh, "load_reference", load_reference)
    monkeypatch.setattr(wh, "migrations", lambda: everything)
    with pytest.raises(WarehouseOutdated, match="run `joinedup init`"):
        Warehouse.open(path)
    result = init(path)
    assert (result.from_version, result.to_version) == (1, len(everything))


def test_missing_warehouse_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(WarehouseMissing, match="joinedup init"):
        Warehouse.open(tmp_path / "absent.duckdb")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    init(path)
    connection = duckdb.connect(str(path))
    connection.execute(
        "INSERT INTO schema_migrations VALUES (999, 'future', now()::TIMESTAMP, '99.0.0')"
    )
    connection.execute("UPDATE joinedup_meta SET value = '99.0.0' WHERE key = 'joinedup_version'")
    connection.close()
    with pytest.raises(WarehouseTooNew, match=r"schema version 999.*JoinedUp 99\.0\.0"):
        Warehouse.open(path)
    with pytest.raises(WarehouseTooNew):
        init(path)


def test_files_that_are_not_warehouses(tmp_path: Path) -> None:
    text = tmp_path / "notes.duckdb"
    text.write_text("hello " * 200)
    with pytest.raises(NotAWarehouse, match="not a DuckDB file"):
        Warehouse.open(text)
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE t (x INTEGER)").close()
    with pytest.raises(NotAWarehouse, match="not a JoinedUp warehouse"):
        init(other)


def test_transaction_stores_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    init(path)
    with Warehouse.open(path, write=True) as warehouse:
        with pytest.raises(RuntimeError), warehouse.transaction() as connection:
            connection.execute("INSERT INTO joinedup_meta VALUES ('a', '1')")
            raise RuntimeError("failed half way")
        assert warehouse.meta("a") is None
        with warehouse.transaction():
            warehouse.set_meta("a", "2")
        assert warehouse.meta("a") == "2"


def test_reading_warehouse_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    init(path)
    with (
        Warehouse.open(path) as warehouse,
        pytest.raises(wh.WarehouseError, match="reading"),
        warehouse.transaction(),
    ):
        pass


@pytest.fixture
def held_by_another_process(tmp_path: Path) -> Iterator[Path]:
    """A warehouse held for writing by a second process, as `joinedup serve` holds it."""
    path = tmp_path / "held.duckdb"
    init(path)
    holder = _hold(
        f"""
        import sys
        from joinedup.warehouse import Warehouse
        w = Warehouse.open({str(path)!r}, write=True)
        print("holding", flush=True)
        sys.stdin.read()
        """
    )
    yield path
    holder.communicate("")


def _hold(script: str) -> subprocess.Popen[str]:
    """A second process running ``script``, once it has printed that it holds the warehouse."""
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    return holder


def test_second_writer_gets_one_line_and_changes_nothing(held_by_another_process: Path) -> None:
    path = held_by_another_process
    before = path.read_bytes()
    with pytest.raises(WarehouseBusy) as raised:
        Warehouse.open(path, write=True)
    message = str(raised.value)
    assert "\n" not in message
    assert str(path) in message and "PID" in message and "Nothing was changed" in message
    with pytest.raises(WarehouseBusy):
        init(path)
    assert path.read_bytes() == before


def test_backup_and_restore_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    init(path)
    with Warehouse.open(path, write=True) as warehouse, warehouse.transaction():
        warehouse.set_meta("marker", "before backup")
    copy = backup(path, tmp_path / "copies" / "copy.duckdb")
    with Warehouse.open(path, write=True) as warehouse, warehouse.transaction():
        warehouse.set_meta("marker", "after backup")

    restore(copy, path)

    with Warehouse.open(path) as warehouse:
        assert warehouse.meta("marker") == "before backup"
        assert warehouse.query("SELECT count(*) AS n FROM ref_councils")[0]["n"] == 153


def test_backup_refuses_to_overwrite_and_leaves_no_partial_file(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    init(path)
    existing = tmp_path / "existing.duckdb"
    existing.write_text("keep me")
    with pytest.raises(wh.WarehouseError, match="already exists"):
        backup(path, existing)
    assert existing.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.duckdb", "w.duckdb"]


def test_restore_refuses_a_file_that_is_not_a_warehouse(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    init(path)
    before = path.read_bytes()
    bogus = tmp_path / "bogus.duckdb"
    bogus.write_text("x" * 1000)
    with pytest.raises(NotAWarehouse):
        restore(bogus, path)
    assert path.read_bytes() == before


def test_restore_refuses_while_the_warehouse_is_held(
    held_by_another_process: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.duckdb"
    init(copy)
    before = held_by_another_process.read_bytes()
    with pytest.raises(WarehouseBusy):
        restore(copy, held_by_another_process)
    assert held_by_another_process.read_bytes() == before


def test_migrations_are_numbered_without_gaps() -> None:
    versions = [migration.version for migration in wh.migrations()]
    assert versions == list(range(1, len(versions) + 1))
    assert schema_version() == len(versions)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """A warehouse held by a second process keeping a snapshot, as `joinedup serve` does; each
    line sent to it is stored as the meta value 'marker' in a transaction, then acknowledged."""
    path = tmp_path / "served.duckdb"
    init(path)
    holder = _hold(
        f"""
        import sys
        from joinedup.warehouse import Warehouse
        w = Warehouse.open({str(path)!r}, write=True, keep_snapshot=True)
        print("holding", flush=True)
        for line in sys.stdin:
            with w.transaction():
                w.set_meta("marker", line.strip())
            print("stored", flush=True)
        """
    )
    yield path, holder
    holder.communicate("")


def _store(holder: subprocess.Popen[str], marker: str) -> None:
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.write(marker + "\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "stored"


def test_a_reader_is_not_locked_out_by_a_server_and_sees_each_committed_write(
    served: tuple[Path, subprocess.Popen[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, holder = served
    notes: list[str] = []
    monkeypatch.setattr(wh, "on_snapshot_read", notes.append)
    with Warehouse.open(path) as reader:
        assert reader.snapshot_of is not None and reader.meta("marker") is None
        assert reader.query("SELECT count(*) AS n FROM ref_councils")[0]["n"] == 153
    assert "is in use by" in notes[0] and "reading its snapshot of" in notes[0]
    _store(holder, "first")
    with Warehouse.open(path) as reader:
        assert reader.meta("marker") == "first"
    with pytest.raises(WarehouseBusy):  # writers still take turns: one line, nothing changed
        Warehouse.open(path, write=True)


def test_a_writer_that_keeps_no_snapshot_removes_a_stale_one(
    served: tuple[Path, subprocess.Popen[str]],
) -> None:
    path, holder = served
    _store(holder, "old")
    holder.communicate("")  # the server stops; its snapshot stays behind
    assert wh.snapshot_path(path).exists()
    with Warehouse.open(path, write=True) as writer, writer.transaction():
        writer.set_meta("marker", "new")
    assert not wh.snapshot_path(path).exists()
    with Warehouse.open(path) as reader:
        assert reader.snapshot_of is None and reader.meta("marker") == "new"


def test_the_schema_version_is_asked_until_it_is_this_joinedups(tmp_path: Path) -> None:
    """``meta`` and ``synthetic`` ask for the version many times a page: once the file is at
    this JoinedUp's schema, which nothing in the process changes, the catalogue is not asked
    again (here, a table it would read is gone and the answer stands)."""
    path = tmp_path / "w.duckdb"
    with Warehouse.open(path, create=True) as new:
        assert new.version() == 0
        new.connection.execute("CREATE TABLE schema_migrations (version INTEGER)")
        new.connection.execute("INSERT INTO schema_migrations VALUES (1)")
        assert new.version() == 1  # below the current schema: asked each time
        new.connection.execute("DROP TABLE schema_migrations")
        assert new.version() == 0
    init(path)
    with Warehouse.open(path, write=True) as current:
        assert current.version() == schema_version()
        current.connection.execute("DROP TABLE schema_migrations")
        assert current.version() == schema_version()


def test_the_warehouse_threads_setting_is_what_each_query_may_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from joinedup.cli import options
    from joinedup.shared_warehouse import SharedWarehouse, serving

    def threads(path: Path) -> int:
        with Warehouse.open(path) as opened:
            return int(opened.query("SELECT current_setting('threads') AS n")[0]["n"])

    monkeypatch.setattr(wh, "_threads", None)
    init(tmp_path / "default.duckdb")
    default = duckdb.connect().execute("SELECT current_setting('threads')").fetchone()
    assert default is not None and threads(tmp_path / "default.duckdb") == default[0]
    monkeypatch.setenv("JOINEDUP_WAREHOUSE_THREADS", "3")
    options.settings()
    init(tmp_path / "three.duckdb")
    assert threads(tmp_path / "three.duckdb") == 3
    with Warehouse.open(tmp_path / "three.duckdb", write=True, keep_snapshot=True):
        pass  # as a server does before starting its workers
    with serving(tmp_path / "three.duckdb"):
        shared = SharedWarehouse.open_shared(tmp_path / "three.duckdb")  # a server's worker
        assert shared.query("SELECT current_setting('threads') AS n")[0]["n"] == 3
        shared.close()
    for refused in ("0", "100000"):
        monkeypatch.setenv("JOINEDUP_WAREHOUSE_THREADS", refused)
        with pytest.raises(Exception, match="warehouse_threads"):
            options.settings()


#: A value of each kind the loaders and the demo append, for columns of each type the tables
#: use, with a value that must be converted (text for a date, a float for a decimal, a time with
#: a zone, text of a number, an empty string, an empty list).
APPENDED = """CREATE TABLE appended (
    day DATE, money DECIMAL(18, 2), ratio DOUBLE, seen TIMESTAMP, words VARCHAR, flag BOOLEAN,
    count INTEGER, names VARCHAR[])"""
APPENDED_ROWS = [
    ("2024-01-02", 1.1, Decimal("2.5"), datetime(2024, 1, 1, 12, tzinfo=UTC), 5, "true", "7", []),
    (date(2024, 1, 1), Decimal("0.125"), 3, "2024-01-01 10:00:00", "", True, 7.0, ["a", "b"]),
    (None, None, None, None, None, None, None, None),
]


def test_appended_rows_are_stored_as_bound_parameters_would_be(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    init(path)
    columns = ["day", "money", "ratio", "seen", "words", "flag", "count", "names"]
    with Warehouse.open(path, write=True) as warehouse, warehouse.transaction():
        warehouse.connection.execute(APPENDED)
        warehouse.connection.execute("SELECT 1 UNION ALL SELECT 2")  # a result left unread
        warehouse.insert_rows("appended", columns, APPENDED_ROWS)
        appended = warehouse.connection.execute("SELECT * FROM appended").fetchall()
        warehouse.connection.execute("DELETE FROM appended")
        for row in APPENDED_ROWS:
            warehouse.connection.execute(
                f"INSERT INTO appended VALUES ({', '.join('?' for _ in row)})", list(row)
            )
        bound = warehouse.connection.execute("SELECT * FROM appended").fetchall()
    assert appended == bound
    assert appended[1][4] == ""  # an empty string is kept, not made NULL


def test_a_bad_value_appends_none_of_the_rows(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    init(path)
    with Warehouse.open(path, write=True) as warehouse:
        with warehouse.transaction():
            warehouse.connection.execute("CREATE TABLE counted (n INTEGER)")
        with pytest.raises(duckdb.ConversionException):
            warehouse.insert_rows("counted", ["n"], [(1,), (2,), ("three",), (4,)])
        warehouse.insert_rows("counted", ["n"], [(5,)])
        assert warehouse.query("SELECT n FROM counted") == [{"n": 5}]
