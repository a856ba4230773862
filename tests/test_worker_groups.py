"""How the suite's modules are shared between pytest-xdist workers (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from tests.conftest import (
    GROUP_SECONDS,
    GroupSeconds,
    pytest_collection_modifyitems,
    worker_group,
)

ROOT = Path(__file__).resolve().parent.parent


def test_the_browser_tests_go_together() -> None:
    assert worker_group(ROOT, "tests/e2e/test_browser.py") == "browser"
    assert worker_group(ROOT, "tests/e2e/test_accessibility.py") == "browser"


def test_every_module_that_uses_the_demo_app_goes_with_the_others() -> None:
    users = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "tests").rglob("test_*.py"))
        if "demo_client" in path.read_text() and "/e2e/" not in path.as_posix()
    ]
    assert "tests/test_web.py" in users and "tests/test_snapshots.py" in users
    assert {worker_group(ROOT, module) for module in users} == {"demo-app"}


def test_a_module_that_does_not_is_a_group_of_its_own(tmp_path: Path) -> None:
    source = "def test_demo_client_like(my_demo_clients): ...\n"  # names that only contain it
    (tmp_path / "test_other.py").write_text(source)
    assert worker_group(ROOT, "tests/test_money.py") == "tests/test_money.py"
    assert worker_group(tmp_path, "test_other.py") == "test_other.py"
    assert worker_group(tmp_path, "test_missing.py") == "test_missing.py"


class _Cache:
    """pytest's cache, as far as the ordering reads and writes it."""

    def __init__(self, kept: dict[str, Any]) -> None:
        self.kept = kept

    def get(self, key: str, default: Any) -> Any:
        return self.kept.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self.kept[key] = value


def _config(kept: dict[str, Any]) -> Any:
    return SimpleNamespace(rootpath=ROOT, cache=_Cache(kept))


def _items(*nodeids: str) -> list[Any]:
    return [SimpleNamespace(nodeid=nodeid) for nodeid in nodeids]


MODULES = (
    "tests/test_money.py::test_a",
    "tests/e2e/test_browser.py::test_b",
    "tests/test_money.py::test_c",
    "tests/test_jsonable.py::test_d",
    "tests/e2e/test_accessibility.py::test_e",
)


def test_the_longest_groups_run_first_each_in_its_own_order() -> None:
    items = _items(*MODULES)
    seconds = {"tests/test_money.py": 9.0, "browser": 50.0, "tests/test_jsonable.py": 0.5}
    pytest_collection_modifyitems(_config({GROUP_SECONDS: seconds}), items)
    assert [item.nodeid for item in items] == [
        "tests/e2e/test_browser.py::test_b",
        "tests/e2e/test_accessibility.py::test_e",
        "tests/test_money.py::test_a",
        "tests/test_money.py::test_c",
        "tests/test_jsonable.py::test_d",
    ]


def test_without_a_record_the_order_is_as_collected() -> None:
    items = _items(*MODULES)
    pytest_collection_modifyitems(_config({}), items)
    assert [item.nodeid for item in items] == list(MODULES)


def test_each_groups_seconds_are_added_up_and_kept_beside_the_others() -> None:
    kept: dict[str, Any] = {GROUP_SECONDS: {"tests/test_jsonable.py": 0.5, "browser": 80.0}}
    recorder = GroupSeconds(_config(kept))
    for nodeid, duration in (
        ("tests/e2e/test_browser.py::test_b", 30.0),
        ("tests/e2e/test_accessibility.py::test_e", 20.0),
        ("tests/e2e/test_accessibility.py::test_e", 0.25),  # its teardown
    ):
        recorder.pytest_runtest_logreport(SimpleNamespace(nodeid=nodeid, duration=duration))
    recorder.pytest_sessionfinish(SimpleNamespace(), 0)
    assert kept[GROUP_SECONDS] == {"tests/test_jsonable.py": 0.5, "browser": 50.25}
