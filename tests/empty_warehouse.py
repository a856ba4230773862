"""New warehouses for tests, copied from one migrated once per process.

Some 230 tests make a new, empty warehouse, and migrating one and loading its reference tables
takes about 0.15 s (0.2 s on a busy machine): some 45 s of every run. Here ``init`` of a path that
does not exist yet copies a warehouse this process migrated once, then runs the real ``init`` on
the copy, which finds it current (schema version and reference digest) and returns at once; the
answer is the one a new warehouse gets (created, from version 0). A path that exists (an upgrade,
a test that changes the migrations) goes straight to the real ``init``.

Installed by tests/conftest.py before the test modules import ``init``.
"""

from __future__ import annotations

import atexit
import dataclasses
import shutil
import tempfile
import threading
from pathlib import Path

import joinedup.warehouse as warehouse_module
from joinedup.warehouse import InitResult

_real_init = warehouse_module.init
_lock = threading.Lock()
_template: tuple[Path, int] | None = None


def _migrated_once() -> tuple[Path, int]:
    """The warehouse this process migrated, and its schema version."""
    global _template
    with _lock:
        if _template is None:
            folder = Path(tempfile.mkdtemp(prefix="joinedup-empty-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            made = folder / "empty.duckdb"
            _template = (made, _real_init(made).to_version)
        return _template


def init(path: Path) -> InitResult:
    """``joinedup.warehouse.init``, for a new warehouse by copying (see the module's docstring)."""
    path = Path(path)
    template, version = _migrated_once()
    # A test that changes the migrations (to make an older warehouse) gets the real thing.
    if path.exists() or not path.parent.is_dir() or warehouse_module.schema_version() != version:
        return _real_init(path)
    shutil.copyfile(template, path)
    return dataclasses.replace(_real_init(path), created=True, from_version=0)


def install() -> None:
    warehouse_module.init = init
