"""Files holding secrets or the warehouse's contents are the owner's alone (issue 14)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from joinedup.warehouse import Warehouse, backup, init, snapshot_path


@pytest.fixture(autouse=True)
def ordinary_umask() -> Iterator[None]:
    # A permissive umask, as on many servers: owner-only must come from the code, not the umask.
    previous = os.umask(0o022)
    yield None
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_backup_is_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    init(path)
    assert mode(path) & 0o044, "the test needs a warehouse others could read"
    copy = backup(path, tmp_path / "copies" / "copy.duckdb")
    assert mode(copy) == 0o600


def test_the_servers_snapshot_is_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    init(path)
    with Warehouse.open(path, write=True, keep_snapshot=True) as warehouse:
        assert mode(snapshot_path(path)) == 0o600
        with warehouse.transaction():
            warehouse.set_meta("marker", "rewritten")
        assert mode(snapshot_path(path)) == 0o600


def test_upgrading_drops_a_session_key_kept_in_the_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from joinedup import warehouse as wh

    path = tmp_path / "w.duckdb"
    everything = wh.migrations()
    sessions = next(m for m in everything if m.name == "sessions")
    before = [m for m in everything if m.version < sessions.version]  # a warehouse from before
    monkeypatch.setattr(wh, "migrations", lambda: tuple(before))
    init(path)
    with Warehouse.open(path, write=True, allow_older=True) as old, old.transaction():
        old.set_meta("session_secret", "a key an older JoinedUp kept in the warehouse")
    monkeypatch.setattr(wh, "migrations", lambda: everything)
    init(path)
    with Warehouse.open(path) as upgraded:
        assert upgraded.meta("session_secret") is None
        assert upgraded.query("SELECT count(*) AS n FROM session_generations")[0]["n"] == 0
