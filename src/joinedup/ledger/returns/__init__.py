"""Loaders for the files national bodies publish, one module per return.

:func:`read_return` reads one file of a known kind (:data:`KINDS`) and returns a
:class:`ReturnFile`: what it holds in pounds, the rows it could not read (``problems``) and what it
skipped on purpose (``notes``). Nothing is stored here; the ledger decides what to keep.

Importing this package is cheap: openpyxl, python-calamine and PyYAML load only when a file is
read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .asc_fr import read_asc_fr
from .icb_allocations import STREAMS, read_icb_allocations
from .records import (
    Allocation,
    Outturn,
    ReturnFile,
    ReturnSpend,
    UnknownReturnKind,
    UnreadableReturn,
)
from .revenue_outturn import read_revenue_outturn

__all__ = [
    "KINDS",
    "STREAMS",
    "Allocation",
    "Outturn",
    "ReturnFile",
    "ReturnSpend",
    "UnknownReturnKind",
    "UnreadableReturn",
    "read_return",
]

#: Each kind of national return, with a one-line description for help text.
KINDS: dict[str, str] = {
    "icb-allocations": (
        "NHS England ICB allocations workbook (.xlsx, £000): core services, primary medical "
        "care, other primary care and running cost allocations of each ICB"
    ),
    "asc-fr": (
        "NHS England Adult Social Care Finance Return main data file (.csv, or the CSV data "
        "pack .zip, £000): each council's gross current expenditure by spending type"
    ),
    "revenue-outturn": (
        "MHCLG Revenue Outturn RSX, RS or RO3 form (.ods, .xlsx) or the multi-year CSV (£000): "
        "each council's net current expenditure by service and public health programme"
    ),
}

_READERS: dict[str, Callable[[Path], ReturnFile]] = {
    "icb-allocations": read_icb_allocations,
    "asc-fr": read_asc_fr,
    "revenue-outturn": read_revenue_outturn,
}


def read_return(kind: str, path: Path) -> ReturnFile:
    """Read one national return of ``kind`` (a key of :data:`KINDS`).

    Raises :class:`UnknownReturnKind` for a kind with no loader, and :class:`UnreadableReturn`
    for a file that is not that kind of return (wrong format, missing sheet, header not found).
    Rows that cannot be read do not raise: they are the returned file's ``problems``.
    """
    reader = _READERS.get(kind)
    if reader is None:
        raise UnknownReturnKind(
            f"Unknown kind of national return {kind!r}; the kinds are: {', '.join(KINDS)}."
        )
    path = Path(path)
    if not path.is_file():
        raise UnreadableReturn(f"{path}: no such file.")
    return reader(path)
