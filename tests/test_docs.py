"""Help text is documentation: the generated pages must match the code, and say enough."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from joinedup.cli import app

ROOT = Path(__file__).resolve().parent.parent


@functools.cache  # loaded once, so its help texts (memoised there) are read once per session
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_docs", ROOT / "scripts/generate_docs.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_docs"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", ["cli.md", "settings.md", "code-map.md"])
def test_generated_pages_are_up_to_date(page: str) -> None:
    expected = generator().PAGES[page]()
    assert (ROOT / "docs" / page).read_text(encoding="utf-8") == expected, "run `make docs`"


def test_every_command_has_help_text() -> None:
    module = generator()
    import typer

    for path in module.command_paths(typer.main.get_command(app)):
        text = module.help_text(path)
        summary = text.split("\n\n")[1].strip() if "\n\n" in text else ""
        assert len(summary) > 15, f"`joinedup {' '.join(path)}` needs a help summary"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ((), ["systems", "councils", "init", "serve", "demo", "backup", "restore", "--version"]),
        (("systems", "list"), ["--format", "table", "csv", "json"]),
        (("councils", "list"), ["--system"]),
        (("demo", "build"), ["--seed", "--scale", "small", "full"]),
        (("serve",), ["--host", "--port", "--db"]),
    ],
)
def test_help_mentions_options(path: tuple[str, ...], expected: list[str]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=100)
    assert result.exit_code == 0
    for word in expected:
        assert word in result.stdout
