"""Text that is safe to put in a spreadsheet cell: no formula starts when the file is opened.

A CSV or XLSX file JoinedUp writes may hold text people typed (a board's name, a decision's
title). Excel, LibreOffice and Google Sheets take a cell starting with ``=``, ``+``, ``-`` or
``@`` (and, in some, after a tab or carriage return) as a formula, so
``=HYPERLINK("http://evil", "Minutes")`` would become a live link and ``=cmd|' /C calc'!A0``
a command. Following OWASP's CSV injection guidance, every writer passes its cells through
:func:`neutralise`, which puts a single quote before such text; spreadsheets show the quote,
and :func:`restore` takes it off again when the file is read back. Numbers stay numbers: a
negative amount is a number, not text, and text that is nothing but a number (``-12.50``) is
left as it is, since no spreadsheet reads it as a formula.
"""

from __future__ import annotations

import re
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def is_formula_like(text: str) -> bool:
    """True for text a spreadsheet could take as a formula.

    >>> is_formula_like('=HYPERLINK("http://evil")'), is_formula_like("-12.5")
    (True, False)
    """
    return text.startswith(TRIGGERS) and _NUMBER.fullmatch(text) is None


def neutralise(value: Any) -> Any:
    """The value, with a quote before text that would start a formula; anything else as it is.

    >>> neutralise("=1+1"), neutralise("@SUM(A1)"), neutralise(-3), neutralise("Kent")
    ("'=1+1", "'@SUM(A1)", -3, 'Kent')
    """
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def neutralise_row(values: list[Any]) -> list[Any]:
    return [neutralise(value) for value in values]


def restore(value: Any) -> Any:
    """Text read back from a file JoinedUp wrote: the quote :func:`neutralise` added removed.

    >>> restore("'=1+1"), restore("'tis")
    ('=1+1', "'tis")
    """
    if isinstance(value, str) and value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value
