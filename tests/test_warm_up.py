"""A served app warms up before it takes requests; an app made for tests does not."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from joinedup.settings import Settings
from joinedup.warehouse import init
from joinedup.web.warm_up import warmed

# In a fresh interpreter, so that what other tests imported does not count.
CHECK = """
import sys
from joinedup.web.app import create_app
from joinedup.web.warm_up import warm_up
app = create_app(None, secret_key="k" * 40)
assert "vl_convert" not in sys.modules and "scipy.special" not in sys.modules
environment = app.state.templates.env
assert len(environment.cache) == 0
warm_up(app)
assert "vl_convert" in sys.modules and "scipy.special" in sys.modules
assert len(environment.cache) >= 20, len(environment.cache)
"""

# The served app's lifespan, in a fresh interpreter too: the collector's freeze is process-wide.
FROZEN = """
import asyncio, gc
from joinedup.web.app import create_app
from joinedup.web.warm_up import warmed
app = create_app(None, secret_key="k" * 40)
assert gc.get_freeze_count() == 0

async def serve():
    async with warmed(app):
        assert gc.get_freeze_count() > 100_000, gc.get_freeze_count()

asyncio.run(serve())
"""


def test_warming_up_imports_the_pages_modules_and_compiles_the_templates() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_what_the_served_app_warmed_up_is_frozen_out_of_the_collector() -> None:
    """Full collections walked everything loaded to serve, 80-150 ms with the GIL held, and
    were the slowest page requests of the load bench (docs/decisions.md)."""
    done = subprocess.run([sys.executable, "-c", FROZEN], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_only_the_served_app_warms_up(tmp_path: Path) -> None:
    from joinedup.web.app import create_app
    from joinedup.web.server import _app

    db = tmp_path / "w.duckdb"
    init(db)
    from joinedup.warehouse import Warehouse

    with Warehouse.open(db, write=True) as warehouse:
        served = _app(warehouse, Settings(db=db, secret_key="k" * 40))
        assert served.router.lifespan_context is warmed
        assert create_app(warehouse, secret_key="k" * 40).router.lifespan_context is not warmed


def test_charts_kept_on_disk_are_read_so_the_chart_engine_is_not_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from joinedup.publish import drawings
    from joinedup.publish.reports import warm
    from joinedup.web.app import create_app
    from joinedup.web.warm_up import warm_up

    started: list[str] = []
    monkeypatch.setattr(warm, "chart_engine", lambda: started.append("charts") or _done())
    monkeypatch.setattr(warm, "statistics", lambda: started.append("statistics") or _done())
    monkeypatch.setattr(drawings, "_folder", None)
    app = create_app(None, secret_key="k" * 40)
    warm_up(app)  # no folder
    drawings.keep_on_disk(tmp_path)
    warm_up(app)  # an empty folder: nothing drawn yet
    (tmp_path / "kept.svg").write_text("<svg/>")
    warm_up(app)
    assert started == ["statistics", "charts", "statistics", "charts", "statistics"]


def _done() -> threading.Thread:
    thread = threading.Thread(target=lambda: None)
    thread.start()
    return thread
