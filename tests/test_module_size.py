"""Files that read as one idea (issue 15): a module over 400 lines says at its top why."""

from __future__ import annotations

import ast
from pathlib import Path

import joinedup

PACKAGE = Path(joinedup.__file__).resolve().parent
LIMIT = 400


def test_a_long_module_says_why_it_is_one() -> None:
    unexplained = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") <= LIMIT:
            continue
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if f"Over {LIMIT} lines" not in docstring:
            unexplained.append(str(path.relative_to(PACKAGE)))
    assert unexplained == [], (
        "these modules are over 400 lines: split them, or say at the top of their docstring "
        "why they are one idea ('Over 400 lines: ...')"
    )
