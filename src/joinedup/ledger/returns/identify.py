"""Naming what a file is, so that a loader refusing it can say what it holds.

A finance officer who hands the allocations loader a Revenue Outturn form should hear "this is an
MHCLG Revenue Outturn form", not a parser's complaint about file formats. Only the first bytes,
the sheet names or the first line are read.
"""

from __future__ import annotations

import csv
from pathlib import Path

from joinedup.core.cells import header_key

__all__ = ["describe_file"]

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"

# Sheet-name words -> what a workbook is (first match wins).
_WORKBOOKS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("allocation",), "an NHS England ICB allocations workbook"),
    (("rsx_la_data",), "an MHCLG Revenue Outturn form (RSX, service expenditure summary)"),
    (("ro3_la_data",), "an MHCLG Revenue Outturn form (RO3, social care and public health)"),
    (("mye",), "ONS mid-year population estimates"),
    (("t1", "t2"), "the ASC-FR reference tables (NHS England)"),
)
# First-line column names -> what a text file is.
_TEXTS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"indicator id", "area code"}), "an OHID Fingertips data download"),
    (frozenset({"geography_level", "itemvalue"}), "an ASC-FR data file (NHS England)"),
    (frozenset({"fy_ending", "cassr_code"}), "an ASC-FR data file, 2016-17 numeric-key layout"),
    (frozenset({"year_ending", "ons_code"}), "the MHCLG Revenue Outturn multi-year CSV"),
    (frozenset({"area label"}), "an LG Inform data download"),
)


def _workbook(path: Path, kind: str) -> str:
    from python_calamine import CalamineWorkbook

    try:
        sheets = list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:  # calamine raises its own errors for a damaged file
        return f"{kind} that cannot be opened"
    shown = ", ".join(repr(name) for name in sheets[:6]) + (", ..." if len(sheets) > 6 else "")
    folded = [name.casefold() for name in sheets]
    for words, what in _WORKBOOKS:
        if all(any(name == word or word in name for name in folded) for word in words):
            return f"{what}: {kind} with sheets {shown}"
    return f"{kind} with sheets {shown}"


def _text(path: Path) -> str:
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as stream:
        start = stream.read(4096)
    first = start.split("\n", 1)[0]
    if first.lstrip().startswith("<"):
        folded = start.casefold()
        if "mgwebservice" in folded or any(
            f"<{tag}" in folded for tag in ("committees", "meetings", "meeting>", "councillors")
        ):
            return "a Modern.gov web service response (XML)"
        return "an XML or HTML document"
    header = next(csv.reader([first]), [])
    keys = {header_key(name) for name in header}
    for wanted, what in _TEXTS:
        if wanted <= keys:
            return f"{what} (a CSV file)"
    shown = ", ".join(repr(name) for name in header[:5])
    return f"a text file whose first line starts {shown}"


def describe_file(path: Path) -> str:
    """What a file is, as a phrase: ``an MHCLG Revenue Outturn form (RO3, …): an OpenDocument
    spreadsheet with sheets 'Front_Page', …``."""
    with path.open("rb") as stream:
        start = stream.read(8)
    if start.startswith(_ZIP):
        kind = "an OpenDocument spreadsheet" if path.suffix.casefold() == ".ods" else "a workbook"
        if path.suffix.casefold() == ".zip":
            return "a zip archive"
        return _workbook(path, kind)
    if start.startswith(_OLE):
        return _workbook(path, "an old-style Excel workbook (.xls)")
    if b"\x00" in start:
        return "a binary file, neither a spreadsheet nor text"
    return _text(path)
