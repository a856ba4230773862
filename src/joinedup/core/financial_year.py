"""Financial years (April to March), written the way finance officers write them: 2024-25."""

from __future__ import annotations

import re

from joinedup.errors import JoinedUpError

_PATTERN = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*$")


class BadFinancialYear(JoinedUpError):
    pass


def parse_financial_year(text: str) -> str:
    """The canonical form ``YYYY-YY`` of a financial year written ``2024-25``, ``2024/25``
    or ``2024-2025``.

    >>> parse_financial_year("2024/25")
    '2024-25'
    >>> parse_financial_year("2023-2024")
    '2023-24'
    >>> parse_financial_year("1999-00")
    '1999-00'
    """
    match = _PATTERN.match(str(text))
    if match:
        start, end = int(match[1]), match[2]
        follows = int(end) == start + 1 if len(end) == 4 else int(end) == (start + 1) % 100
        if follows:
            return f"{start}-{(start + 1) % 100:02d}"
    raise BadFinancialYear(
        f"{text!r} is not a financial year; write it like 2024-25 (April 2024 to March 2025)."
    )


def start_year(year: str) -> int:
    """The calendar year a financial year starts in: 2024 for '2024-25'."""
    return int(parse_financial_year(year)[:4])


def financial_year(start: int) -> str:
    """The financial year starting in April of ``start``.

    >>> financial_year(2024)
    '2024-25'
    """
    return f"{start}-{(start + 1) % 100:02d}"


def shift(year: str, years: int) -> str:
    """The financial year ``years`` later (or earlier, if negative).

    >>> shift("2024-25", -4)
    '2020-21'
    """
    return financial_year(start_year(year) + years)
