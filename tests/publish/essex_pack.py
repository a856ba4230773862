"""Essex's scrutiny pack on the session's demo, made once per test process.

Several modules read the same pack (Essex is in three systems, so it shows the most), and each
making its own took seconds of CPU a time. The record is handed out as a copy, so that a test
changing it changes no other's. The modules that use it run on one pytest-xdist worker
(tests/conftest.py).
"""

from __future__ import annotations

import copy
import functools
from datetime import date
from pathlib import Path
from typing import Any

from joinedup.publish.reports.pack import scrutiny_record
from joinedup.publish.reports.render import render_html, render_pdf
from joinedup.warehouse import Warehouse

ESSEX = "E10000012"
#: The day the pack's board membership is dated: fixed, so that the pack's text is too.
AS_OF = date(2025, 3, 31)


@functools.cache
def _record(demo: Path) -> dict[str, Any]:
    with Warehouse.open(demo) as warehouse:
        return scrutiny_record(warehouse, ESSEX, as_of=AS_OF)


def essex_record(demo: Path) -> dict[str, Any]:
    """What Essex's pack shows (``scrutiny_record``), a copy of its own for the caller."""
    return copy.deepcopy(_record(demo))


@functools.cache
def essex_html(demo: Path) -> str:
    """The pack as its web page (what ``render_scrutiny_pack(..., format="html")`` gives)."""
    return render_html(_record(demo))


@functools.cache
def essex_pdf(demo: Path) -> bytes:
    """The pack as PDF (what ``render_scrutiny_pack(..., format="pdf")`` gives)."""
    return render_pdf(essex_html(demo))
