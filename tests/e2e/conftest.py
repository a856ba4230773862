"""One browser and two served warehouses for every browser test a worker runs.

Each server started renders its pages cold, and each module starting its own cost the suite
tens of seconds: the modules share a served demo (with the administrator and Kent's analyst)
and a served empty warehouse, which no test may change (checked as they close). A test that
writes serves a copy of its own. All of tests/e2e runs on one pytest-xdist worker
(tests/conftest.py), so each is started once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.demo_cache import DEMO_SEED, cached_demo, copy_demo
from tests.e2e import support
from tests.e2e.support import CHROMIUM, add_people, get_json, serving


@pytest.fixture(autouse=True, scope="session")
def screenshots(request: pytest.FixtureRequest) -> None:
    """Screenshots are written with ``--screenshots`` (see ``support.shot``)."""
    support.screenshots_wanted = bool(request.config.getoption("--screenshots"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), (
        f"Chromium is needed at {CHROMIUM}: Debian's package chromium-headless-shell (or chromium;"
        " JOINEDUP_CHROMIUM names another build)"
    )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                # axe runs a few seconds a page and then the page goes: V8's optimising
                # compiler spent more on it than it saved (the renderer's CPU 11.4-12.1 s to
                # 10.3 s for the public pages).
                "--js-flags=--no-opt",
            ],
        )
        yield launched
        launched.close()


#: What a test's upload to the shared demo would change (signing in writes, harmlessly).
ENGLAND_SPEND = "/api/v1/ledger/summary?year=2024-25"


def _served_unchanged(db: Path, figures: str | None = None) -> Iterator[str]:
    with serving(db) as base:
        before = get_json(base + figures) if figures else None
        yield base
        after = get_json(base + figures) if figures else None
    assert after == before, f"a test changed the figures of the shared {db}; serve a copy"


@pytest.fixture(scope="session")
def served_demo(tmp_path_factory: pytest.TempPathFactory, demo_cache: Path) -> Iterator[str]:
    """The address of the demo served with its people (``support.add_people``); read only."""
    db = tmp_path_factory.mktemp("served-demo") / "demo.duckdb"
    copy_demo(cached_demo(demo_cache, seed=DEMO_SEED), db)
    add_people(db)
    yield from _served_unchanged(db, ENGLAND_SPEND)


@pytest.fixture(scope="session")
def served_empty(tmp_path_factory: pytest.TempPathFactory, empty_warehouse: Path) -> Iterator[str]:
    """The address of a new, empty warehouse served; read only."""
    db = copy_demo(empty_warehouse, tmp_path_factory.mktemp("served-empty") / "empty.duckdb")
    yield from _served_unchanged(db)
