"""New warehouses for tests, copied from one migrated once per process.

Some 230 tests make a new, empty warehouse, and migrating one and loading its reference tables
takes about 0.15 s (0.2 s on a busy machine): some 45 s of every run. Here ``init`` of a path that
does not exist yet copies a warehouse this process migrated once (3 ms), and answers as the real
``init`` answers for a new warehouse (created, from version 0, with the template's vintage). The
real ``init`` run again on the copy would find it current (schema version and reference digest)
and change nothing, at ~20 ms a time, 300 times a run. A path that exists (an upgrade, a test
that changes the migrations) goes straight to the real ``init``.

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
_template: InitResult | None = None


def _migrated_once() -> InitResult:
    """What the real ``init`` answered for the warehouse this process migrated."""
    global _template
    with _lock:
        if _template is None:
            folder = Path(tempfile.mkdtemp(prefix="joinedup-empty-"))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            _template = _real_init(folder / "empty.duckdb")
        return _template


def init(path: Path) -> InitResult:
    """``joinedup.warehouse.init``, for a new warehouse by copying (see the module's docstring)."""
    path = Path(path)
    template = _migrated_once()
    # A test that changes the migrations (to make an older warehouse) gets the real thing.
    current = warehouse_module.schema_version() == template.to_version
    if path.exists() or not path.parent.is_dir() or not current:
        return _real_init(path)
    shutil.copyfile(template.path, path)
    return dataclasses.replace(template, path=path)


def install() -> None:
    warehouse_module.init = init
