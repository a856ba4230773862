"""The demonstration warehouse, built once and kept on disk under a digest of what builds it.

Building the demo takes seconds; many test modules (and every pytest-xdist worker) want one. So
a build is kept in a cache folder (``.pytest_cache/d/joinedup-demo``), named by a digest of
everything that decides its rows: the package's files that the build reads, the seed, the scale
and DuckDB's version. Change any of them and the next session builds afresh; a fresh clone builds
it the first time. A lock lets one process build while the others wait for it.

Tests open the cached file read-only; a test that writes takes its own copy
(:func:`copy_demo`). Determinism is checked by ``tests/test_demo.py``, which rebuilds from
scratch and compares :func:`table_digests` (computed in DuckDB) with the cached build.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

import joinedup
from joinedup.demo import build

PACKAGE = Path(joinedup.__file__).resolve().parent

#: Subpackages the demo build never imports nor reads (tests/test_demo.py checks the imports),
#: left out of the digest so that a change to a page or a command does not rebuild the demo.
NOT_READ_BY_THE_BUILD = ("cli", "web", "publish")

#: The seed of the session's demonstration warehouse (the ``demo_warehouse`` fixture).
DEMO_SEED = 7

#: A cached build for other inputs is removed once older than this, or once this many newer
#: ones are kept (29 MB each: a day of edits to the build left thirty).
KEEP_UNUSED_SECONDS = 24 * 3600
KEEP_UNUSED_BUILDS = 3

#: The tables every warehouse keeps for its own bookkeeping (migrations, build facts).
BOOKKEEPING = ("schema_migrations", "joinedup_meta")


def build_inputs() -> list[Path]:
    """The package's files the demo build may read, in a fixed order."""
    found = []
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE)
        if (
            path.is_file()
            and relative.parts[0] not in NOT_READ_BY_THE_BUILD
            and "__pycache__" not in relative.parts
            and path.suffix != ".pyc"
        ):
            found.append(path)
    return found


def inputs_digest(seed: int, scale: str) -> str:
    """A digest of everything that decides the demo's rows."""
    digest = hashlib.sha256(f"seed={seed}\0scale={scale}\0duckdb={duckdb.__version__}\0".encode())
    for path in build_inputs():
        content = path.read_bytes()
        name = path.relative_to(PACKAGE).as_posix().encode()
        digest.update(b"%d\0%s\0%d\0" % (len(name), name, len(content)))
        digest.update(content)
    return digest.hexdigest()


def cached_demo(folder: Path, *, seed: int, scale: str = "small") -> Path:
    """The path of a demo warehouse built with ``seed`` and ``scale``, building it if missing.

    Open it read-only: it is shared by every test, worker and later session.
    """
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"demo-{seed}-{scale}-{inputs_digest(seed, scale)[:20]}.duckdb"
    with (folder / f"demo-{seed}-{scale}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            building = folder / f"building-{os.getpid()}-{target.name}"
            building.unlink(missing_ok=True)
            build(building, seed=seed, scale=scale)
            building.replace(target)
        _remove_unused(folder, keep=target)
    return target


def _remove_unused(folder: Path, keep: Path) -> None:
    """Remove the builds for other inputs but the few most recent of the last day (switching
    back to a branch finds its build), and any a stopped build left. Called holding the lock."""
    cutoff = time.time() - KEEP_UNUSED_SECONDS
    unused = sorted(
        ((old.stat().st_mtime, old) for old in folder.glob("demo-*.duckdb") if old != keep),
        reverse=True,
    )
    for left in folder.glob("building-*"):  # by a build that was stopped (this holds the lock)
        left.unlink(missing_ok=True)
    for rank, (built, old) in enumerate(unused):
        if rank >= KEEP_UNUSED_BUILDS or built < cutoff:
            for file in folder.glob(f"{old.name}*"):  # with its session key, if a test made one
                file.unlink(missing_ok=True)


def cache_folder(cache: object | None) -> Path:
    """The folder for cached builds: pytest's cache when it is on, else the temporary folder."""
    mkdir = getattr(cache, "mkdir", None)
    if mkdir is not None:
        return Path(mkdir("joinedup-demo"))
    return Path(tempfile.gettempdir()) / "joinedup-demo-cache"


def copy_demo(cached: Path, target: Path) -> Path:
    """A copy of a cached build for a test that changes it."""
    shutil.copyfile(cached, target)
    return target


def table_digests(path: Path) -> dict[str, str]:
    """Every table's row count and a digest of its rows in any order, computed in DuckDB.

    The bookkeeping tables are left out (they record when the file was made).
    """
    from joinedup.warehouse import connection_config

    # As the session's other connections to it (DuckDB refuses one opened otherwise).
    with duckdb.connect(str(path), read_only=True, config=connection_config()) as connection:
        return connection_digests(connection)


def connection_digests(
    connection: duckdb.DuckDBPyConnection, *, bookkeeping: bool = False
) -> dict[str, str]:
    """:func:`table_digests` of the database a connection has open (with the bookkeeping
    tables too if asked).

    A table's digest is its row count, and the sum and the exclusive or of its rows' 64-bit
    hashes: the same rows in any physical order give the same answer, and a changed, added or
    lost row changes it but for a chance of one in 2**64. (Digesting each row's text with md5,
    sorted, was as sure and twenty times slower: 1.6 s for the demo, digested a dozen times a
    run.)"""
    tables = [
        name
        for (name,) in connection.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall()
        if bookkeeping or name not in BOOKKEEPING
    ]
    if not tables:
        return {}
    rows = connection.execute(
        " UNION ALL ".join(
            f"SELECT '{table}', count(*), coalesce(sum(hash(t)::HUGEINT), 0), "
            f'coalesce(bit_xor(hash(t)), 0) FROM "{table}" AS t'
            for table in tables
        )
    ).fetchall()
    return {table: f"{count}:{total}:{either}" for table, count, total, either in rows}
