"""How the suite's modules are shared between pytest-xdist workers (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import worker_group

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
