"""A served app warms up before it takes requests; an app made for tests does not."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from joinedup.settings import Settings
from joinedup.warehouse import init
from joinedup.web.warm_up import warmed

# The served app's lifespan in a fresh interpreter, so that what other tests imported does not
# count and the collector's freeze (process-wide) is its own: what it had loaded, compiled and
# frozen before it started, and once it serves.
SERVED = """
import asyncio, gc, json, sys
from joinedup.web.app import create_app
from joinedup.web.warm_up import warmed
app = create_app(None, secret_key="k" * 40)
environment = app.state.templates.env

def state():
    return {"modules": sorted(m for m in ("vl_convert", "scipy.special") if m in sys.modules),
            "templates": len(environment.cache), "frozen": gc.get_freeze_count()}

seen = {"before": state()}

async def serve():
    async with warmed(app):
        seen["serving"] = state()

asyncio.run(serve())
print(json.dumps(seen))
"""


@pytest.fixture(scope="module")
def served() -> dict[str, dict[str, Any]]:
    done = subprocess.run([sys.executable, "-c", SERVED], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    seen: dict[str, dict[str, Any]] = json.loads(done.stdout)
    return seen


def test_warming_up_imports_the_pages_modules_and_compiles_the_templates(
    served: dict[str, dict[str, Any]],
) -> None:
    assert served["before"]["modules"] == [] and served["before"]["templates"] == 0
    assert served["serving"]["modules"] == ["scipy.special", "vl_convert"]
    assert served["serving"]["templates"] >= 20, served["serving"]


def test_what_the_served_app_warmed_up_is_frozen_out_of_the_collector(
    served: dict[str, dict[str, Any]],
) -> None:
    """Full collections walked everything loaded to serve, 80-150 ms with the GIL held, and
    were the slowest page requests of the load bench (docs/decisions.md)."""
    assert served["before"]["frozen"] == 0
    assert served["serving"]["frozen"] > 100_000, served["serving"]


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
    monkeypatch.setattr(warm, "_chart_engine", lambda: started.append("charts"))
    monkeypatch.setattr(warm, "statistics", _done)
    monkeypatch.setattr(drawings, "_folder", None)
    warm._engine_started.cache_clear()
    try:
        drawings.keep_on_disk(tmp_path)
        kept = tmp_path / "kept.svg"
        kept.write_text("<svg/>")
        warm_up(create_app(None, secret_key="k" * 40))  # a server started again
        warm.chart_engine().join()  # a command's pack
        assert started == []
        kept.unlink()
        warm.chart_engine().join()  # nothing drawn yet: started
        kept.write_text("<svg/>")
        warm.chart_engine().join()  # started once a process, and waited for
        assert started == ["charts"]
    finally:
        warm._engine_started.cache_clear()


def _done() -> threading.Thread:
    thread = threading.Thread(target=lambda: None)
    thread.start()
    return thread
