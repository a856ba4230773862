"""Snapshot tests: an output kept as text under tests/snapshots/, so that a change shows as a diff.

``assert_snapshot(name, text)`` compares ``text`` with ``tests/snapshots/<name>``. Run with
``JOINEDUP_UPDATE_SNAPSHOTS=1`` to write the files afresh instead, then read the diff
(``git diff tests/snapshots``) before committing it. Volatile parts (today's date, the version,
CSRF tokens, temporary paths) are replaced by placeholders first, by :func:`normalise`.

Pages are kept as their readable text (:func:`page_text`), not their markup: a figure, a heading,
a link or a chart's description that changes shows; a class or an attribute does not.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from joinedup import __version__

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"

# Read once at import: the tests' own fixture clears every JOINEDUP_* variable before each test.
UPDATE = os.environ.get("JOINEDUP_UPDATE_SNAPSHOTS", "") not in ("", "0")

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


#: A CSRF token as JSON ("csrf": "...") or a form's field (name="csrf" value="...") gives it.
CSRF = r"""(csrf["']?(?:\s*[:=]\s*|\s+value=)["']?)[\w.-]{16,}"""
TIMESTAMP = r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?"


def normalise(text: str) -> str:
    """``text`` with what changes from run to run replaced by placeholders."""
    today = date.today()
    for shown in (
        today.isoformat(),
        f"{today.day:02d} {MONTHS[today.month - 1]} {today.year}",
        f"{today.day} {MONTHS[today.month - 1]} {today.year}",
        f"{today.day} {MONTHS[today.month - 1][:3]} {today.year}",
    ):
        text = text.replace(shown, "<today>")
    text = re.sub(TIMESTAMP, "<time>", text)
    text = re.sub(r"\b\d{2}:\d{2}(:\d{2})? UTC\b", "<time> UTC", text)
    text = re.sub(CSRF, r"\1<csrf>", text, flags=re.I)
    text = re.sub(r"/tmp/[\w./-]+", "<tmp>", text)
    return re.sub(rf"(?<![\d.]){re.escape(__version__)}(?![\d.])", "<version>", text)


def assert_snapshot(name: str, text: str) -> None:
    """Compare ``text`` (normalised) with the snapshot ``name``, or write it when updating."""
    path = SNAPSHOTS / name
    found = normalise(text).rstrip("\n") + "\n"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(found, encoding="utf-8")
        return
    assert path.exists(), (
        f"No snapshot {path.relative_to(SNAPSHOTS.parent.parent)}: write it with "
        "JOINEDUP_UPDATE_SNAPSHOTS=1 and read it before committing."
    )
    kept = path.read_text(encoding="utf-8")
    if found != kept:
        diff = "".join(
            difflib.unified_diff(
                kept.splitlines(keepends=True),
                found.splitlines(keepends=True),
                f"{name} (kept)",
                f"{name} (now)",
                n=1,
            )
        )
        raise AssertionError(
            f"{name} differs from its snapshot; if the change is meant, rewrite it with "
            f"JOINEDUP_UPDATE_SNAPSHOTS=1 and commit the diff.\n{diff[:6000]}"
        )


def json_text(data: Any) -> str:
    """JSON as a snapshot keeps it: keys sorted, one value a line."""
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False)


BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "legend", "li", "main", "nav", "ol", "option", "p", "pre",
    "section", "select", "summary", "table", "tbody", "textarea", "tfoot", "thead", "tr", "ul",
}  # fmt: skip
HIDDEN = {"script", "style", "template", "title", "head"}


class _Reader(HTMLParser):
    """The text a reader sees, a block a line; cells split by " | ", links as [text](href) and a
    chart as [chart: its description]."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.hiding: str | None = None  # the element whose content is not shown, if any
        self.depth = 0
        self.links: list[str | None] = []

    def _break(self) -> None:
        text = " ".join("".join(self.line).split())
        if text:
            self.lines.append(text)
        self.line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if self.hiding:
            if tag == self.hiding:  # the same element nested in itself
                self.depth += 1
            return
        if tag in HIDDEN or tag == "svg":
            if tag == "svg":
                self.line.append(f" [chart: {named.get('aria-label') or ''}] ")
            self.hiding, self.depth = tag, 1
            return
        if tag in BLOCKS:
            self._break()
        elif tag in ("td", "th"):
            self.line.append(" | ")
        elif tag == "a":
            self.links.append(named.get("href"))
            self.line.append("[")
        elif tag == "img":
            self.line.append(f" [image: {named.get('alt') or ''}] ")
        elif tag == "input" and named.get("type") not in ("hidden", None):
            self.line.append(f" [{named.get('type')} {named.get('name') or ''}] ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg" and not self.hiding:
            self.line.append(f" [chart: {dict(attrs).get('aria-label') or ''}] ")
        elif tag not in HIDDEN:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.hiding:
            if tag == self.hiding:
                self.depth -= 1
                if not self.depth:
                    self.hiding = None
            return
        if tag in BLOCKS:
            self._break()
        elif tag == "a" and self.links:
            self.line.append(f"]({self.links.pop()})")

    def handle_data(self, data: str) -> None:
        if not self.hiding:
            self.line.append(data)


def page_text(html: str) -> str:
    """A page's readable text (see :class:`_Reader`)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader._break()
    return "\n".join(reader.lines)
