from __future__ import annotations

import contextlib
import functools
import gc
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import empty_warehouse
from tests.demo_cache import DEMO_SEED, cache_folder, cached_demo, copy_demo

# Before the test modules import ``init`` (tests/empty_warehouse.py).
empty_warehouse.install()

#: Modules that go to one worker together, as (the start of their paths, the group): the browser
#: tests share a browser and served warehouses for the session (tests/e2e/conftest.py), and two
#: modules read Essex's pack made once (tests/publish/essex_pack.py). The modules that use the
#: demo's web app (``demo_client``, ``demo_app``) go together too (``DEMO_APP``). Every other
#: module runs whole on one worker, so that its module-scoped fixtures are made once. See
#: docs/decisions.md.
TOGETHER = {
    "tests/e2e/": "browser",
    "tests/publish/test_publish_report.py": "essex-pack",
    "tests/publish/test_pack_accessibility.py": "essex-pack",
}
#: The group of every module that names the session's demo app: its figures, pages and charts,
#: drawn cold once, are then kept for the session, and with those modules spread over both
#: workers each drew them all again (the suite spent 25 s more CPU, 15 s more time).
DEMO_APP = re.compile(r"\bdemo_(client|app)\b")


def worker_group(root: Path, module: str) -> str:
    """The group a test module (its path from the root) goes to a worker with: its own path
    unless ``TOGETHER`` names it, or it uses the demo's app (read from its source, as the
    scheduler runs before any test module is imported)."""
    together = next((group for start, group in TOGETHER.items() if module.startswith(start)), None)
    if together is not None:
        return together
    try:
        source = (root / module).read_text(encoding="utf-8")
    except OSError:
        return module
    return "demo-app" if DEMO_APP.search(source) else module


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="write the browser tests' screenshots to test-artifacts/screenshots/ (CI does)",
    )


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist's, unknown without it
def pytest_collection_finish(session: pytest.Session) -> None:
    """What collecting imported (the package, Altair, SciPy, pydantic's schemas) lives as long
    as the worker: frozen out of the collector's full collections, which walked it all again
    some 35 times a worker (200 ms each). What the tests keep for the session (the demo's app,
    figures and charts) grows after that, and full collections still took 10 s of the suite's
    CPU (130 of them, 75 ms each): a tenth as many, the garbage of a cycle waiting longer."""
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 100)


#: Where the seconds each group took last time are kept (pytest's cache, ``.pytest_cache``).
GROUP_SECONDS = "joinedup/group-seconds"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest groups first, by the seconds they took last time (the rest as collected):
    a long group handed out last kept one worker busy for tens of seconds after the other had
    finished, and which came last varied, so the suite's time did (124-142 s). Every worker
    reads the same record and sorts alike (pytest-xdist checks that they collect the same
    order); the first run, or one without the cache, keeps the collected order."""
    cache = getattr(config, "cache", None)  # none with -p no:cacheprovider
    seconds: dict[str, float] = cache.get(GROUP_SECONDS, {}) if cache is not None else {}
    if not seconds:
        return
    group = functools.cache(functools.partial(worker_group, config.rootpath))
    first_seen: dict[str, int] = {}
    for item in items:
        first_seen.setdefault(group(item.nodeid.split("::")[0]), len(first_seen))

    def longest_first(item: pytest.Item) -> tuple[float, int]:
        name = group(item.nodeid.split("::")[0])
        return (-seconds.get(name, 0.0), first_seen[name])

    items.sort(key=longest_first)  # stable: each group's tests keep their order


class GroupSeconds:
    """Adds up the seconds each group takes (every test's setup, call and teardown), and keeps
    them for the next run's order. In the process that reports (the controller, under
    pytest-xdist); a run of some groups updates those only."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.group = functools.cache(functools.partial(worker_group, config.rootpath))
        self.seconds: dict[str, float] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        name = self.group(report.nodeid.split("::")[0])
        self.seconds[name] = self.seconds.get(name, 0.0) + report.duration

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        cache = getattr(self.config, "cache", None)  # none with -p no:cacheprovider
        if cache is not None and self.seconds:
            kept = cache.get(GROUP_SECONDS, {})
            rounded = {name: round(value, 2) for name, value in self.seconds.items()}
            cache.set(GROUP_SECONDS, {**kept, **rounded})


def pytest_configure(config: pytest.Config) -> None:
    from joinedup.warehouse import use_threads

    # The suite runs a worker per core, beside the servers and the browser it starts: DuckDB's
    # threads for each query (one per core) waited on each other, a tenth of the CPU of the tests
    # that query (the ``warehouse_threads`` setting; the servers are given it too).
    use_threads(1)
    if not hasattr(config, "workerinput"):  # not in a pytest-xdist worker
        config.pluginmanager.register(GroupSeconds(config), "joinedup-group-seconds")


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """pytest-xdist (``make test`` runs ``pytest -n auto``) hands out a module at a time, in the
    order collected (longest first, ``pytest_collection_modifyitems``), so the long browser
    tests (tests/e2e, together) start first. (``--dist loadgroup`` would say the same with
    markers, but pytest-xdist 3.8 cannot group under pytest 9.)"""
    from xdist.scheduler import LoadScopeScheduling

    group = functools.cache(functools.partial(worker_group, config.rootpath))

    class ByModule(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return group(nodeid.split("::")[0])

    config.option.loadscopereorder = False  # keep the collected order: long ones first
    return ByModule(config, log)


@pytest.fixture(autouse=True, scope="session")
def quick_password_hashing() -> Iterator[Any]:
    """Argon2id at its lowest cost for the tests' passwords: the default cost (about 0.2 s of
    CPU a hash, as it should be for people) spent on every test sign-in cost the suite tens of
    seconds. A hash carries its own cost, so a server started by a test verifies as cheaply.
    Yields the real hasher; ``real_password_hashing`` puts it back for the tests of it."""
    from argon2 import PasswordHasher

    from joinedup import users

    real = users._hasher
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            users, "_hasher", lambda: PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        )
        yield real


@pytest.fixture(autouse=True, scope="session")
def command_line_built_once() -> Iterator[None]:
    """Typer's test runner turns the whole ``joinedup`` app into Click commands (every verb's
    signature inspected) on each ``invoke``: 45 ms, some 300 times a session. A Click command
    keeps no state between invocations (each gets its own context), so it is built once per
    app. The ``joinedup`` executable builds it once per process, as before."""
    import typer.testing

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", functools.cache(typer.testing._get_command))
        yield


@pytest.fixture(autouse=True, scope="session")
def drawn_once(demo_cache: Path) -> Iterator[Path]:
    """Drawn charts and packs kept on disk (the ``drawing_cache`` setting, ``publish.drawings``)
    beside the cached demo, for every worker and server of this run and the next: a chart is
    drawn once for its spec, a pack's PDF once for its page, by whichever process draws it first
    (some 20 s of the suite's CPU were the same charts drawn again by each process and each run,
    some 8 s the same packs laid out again). ``pytest --cache-clear`` draws them all again."""
    from joinedup.publish import drawings

    folder = demo_cache / "drawn"
    drawings.keep_on_disk(folder)
    yield folder
    drawings.keep_on_disk(None)


@pytest.fixture
def real_password_hashing(quick_password_hashing: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from joinedup import users

    monkeypatch.setattr(users, "_hasher", quick_password_hashing)


@pytest.fixture(autouse=True)
def isolated_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No test reads the developer's JOINEDUP_* variables or ./joinedup.toml."""
    for name in list(os.environ):
        if name.startswith("JOINEDUP_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@contextlib.contextmanager
def held_open(path: Path) -> Iterator[None]:
    """A warehouse the session shares, held open read-only while it lasts. DuckDB makes a
    database (its catalogue, functions and extensions: ~15 ms of CPU) for the first connection
    to a file and keeps it while any is open, so that each later opening, by a test, a command
    or an app, takes a tenth of a millisecond (some 10 s of a run). An opening for writing is
    refused ("a different configuration"), as a shared warehouse's should be."""
    import duckdb

    from joinedup.warehouse import connection_config

    with duckdb.connect(str(path), read_only=True, config=connection_config()):
        yield


@pytest.fixture(scope="session")
def demo_cache(request: pytest.FixtureRequest) -> Path:
    """The folder of cached demo builds (see tests/demo_cache.py)."""
    return cache_folder(getattr(request.config, "cache", None))


@pytest.fixture(scope="session")
def demo_warehouse(demo_cache: Path) -> Iterator[Path]:
    """A small demonstration warehouse, built once and cached on disk by a digest of its inputs;
    tests must not change it (copy it with ``copy_demo`` to write), and cannot in this process:
    it is held open read-only (``held_open``)."""
    path = cached_demo(demo_cache, seed=DEMO_SEED)
    before = path.stat()
    with held_open(path):
        yield path
    after = path.stat()
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        path.unlink(missing_ok=True)  # the next session builds a clean one
        raise AssertionError(f"A test changed the shared demo warehouse {path}; copy it instead.")


@pytest.fixture(scope="session")
def empty_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A new warehouse (migrated, with the reference tables), made once for the session: a test
    that needs a fresh one copies it (``fresh_warehouse``) rather than run ``init`` again, which
    takes a tenth of a second each time. Tests must not change it."""
    from joinedup.warehouse import init

    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    init(path)
    with held_open(path):
        yield path


@pytest.fixture
def fresh_warehouse(empty_warehouse: Path, tmp_path: Path) -> Path:
    """A copy of ``empty_warehouse`` in the test's own directory, to change."""
    return copy_demo(empty_warehouse, tmp_path / "fresh.duckdb")


@pytest.fixture(scope="session")
def demo_figures() -> Any:
    """One figure cache for every app on the session's demonstration warehouse. The warehouse
    never changes, so a chart or figure drawn for one test is right for the next; each app
    drawing its own made most of the web tests' time."""
    from joinedup.web.cache import FigureCache

    return FigureCache()


@pytest.fixture(scope="session")
def demo_app(demo_warehouse: Path, demo_figures: Any) -> Iterator[Any]:
    """The web app on the session's demonstration warehouse, made once per worker (its figures
    cached for the session: see ``demo_figures``). FastAPI builds a route's parameters and
    response models (pydantic type adapters) the first time an app serves it: some 50 ms an app,
    which a new app for each of some 200 tests spent again. A test that changes the app's state
    does so with ``monkeypatch``, so that it is put back."""
    from joinedup.warehouse import Warehouse
    from joinedup.web.app import create_app

    with Warehouse.open(demo_warehouse) as warehouse:
        app = create_app(warehouse)
        app.state.figures = demo_figures
        yield app


@pytest.fixture
def demo_client(demo_app: Any) -> Any:
    """The session's demonstration app (``demo_app``) as a FastAPI test client with cookies of
    its own: no test is signed in by another."""
    from fastapi.testclient import TestClient

    return TestClient(demo_app)


@pytest.fixture(scope="session")
def published_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A warehouse holding only the packaged publications (real figures, nothing synthetic);
    tests must not change it."""
    from joinedup.ledger.packaged import load_packaged
    from joinedup.warehouse import Warehouse, init

    db = tmp_path_factory.mktemp("published") / "published.duckdb"
    init(db)
    with Warehouse.open(db, write=True) as warehouse:
        load_packaged(warehouse)
    with held_open(db):
        yield db
