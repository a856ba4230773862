from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.demo_cache import DEMO_SEED, cache_folder, cached_demo


@pytest.fixture(autouse=True)
def isolated_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No test reads the developer's JOINEDUP_* variables or ./joinedup.toml."""
    for name in list(os.environ):
        if name.startswith("JOINEDUP_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@pytest.fixture(scope="session")
def demo_cache(request: pytest.FixtureRequest) -> Path:
    """The folder of cached demo builds (see tests/demo_cache.py)."""
    return cache_folder(getattr(request.config, "cache", None))


@pytest.fixture(scope="session")
def demo_warehouse(demo_cache: Path) -> Iterator[Path]:
    """A small demonstration warehouse, built once and cached on disk by a digest of its inputs;
    tests must not change it (copy it with ``copy_demo`` to write)."""
    path = cached_demo(demo_cache, seed=DEMO_SEED)
    before = path.stat()
    yield path
    after = path.stat()
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        path.unlink(missing_ok=True)  # the next session builds a clean one
        raise AssertionError(f"A test changed the shared demo warehouse {path}; copy it instead.")


@pytest.fixture
def demo_client(demo_warehouse: Path) -> Iterator[Any]:
    """The web app on the session's demonstration warehouse, as a FastAPI test client."""
    from fastapi.testclient import TestClient

    from joinedup.warehouse import Warehouse
    from joinedup.web.app import create_app

    with Warehouse.open(demo_warehouse) as warehouse:
        yield TestClient(create_app(warehouse))


@pytest.fixture(scope="session")
def published_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse holding only the packaged publications (real figures, nothing synthetic);
    tests must not change it."""
    from joinedup.ledger.packaged import load_packaged
    from joinedup.warehouse import Warehouse, init

    db = tmp_path_factory.mktemp("published") / "published.duckdb"
    init(db)
    with Warehouse.open(db, write=True) as warehouse:
        load_packaged(warehouse)
    return db
