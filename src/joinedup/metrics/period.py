"""Reporting periods of metric values: financial years, quarters and months.

Quarters are financial quarters, as the NHS and councils report them: Q1 is April to June.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from joinedup.core.financial_year import BadFinancialYear, parse_financial_year

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


class BadPeriod(ValueError):
    pass


@dataclass(frozen=True, order=True, slots=True)
class Period:
    start: date
    label: str
    frequency: str  # annual | quarterly | monthly

    def next(self) -> Period:
        """The period that follows this one.

        >>> parse_period("2024-25 Q4").next().label
        '2025-26 Q1'
        """
        if self.frequency == "annual":
            return annual(self.start.year + 1)
        if self.frequency == "quarterly":
            month = self.start.month + 3
            year = self.start.year + (month > 12)
            return quarter_starting(year, (month - 1) % 12 + 1)
        month = self.start.month % 12 + 1
        return monthly(self.start.year + (self.start.month == 12), month)


def annual(start_year: int) -> Period:
    return Period(date(start_year, 4, 1), f"{start_year}-{(start_year + 1) % 100:02d}", "annual")


def quarter_starting(year: int, month: int) -> Period:
    financial_start = year if month >= 4 else year - 1
    number = (month - 4) % 12 // 3 + 1
    label = f"{financial_start}-{(financial_start + 1) % 100:02d} Q{number}"
    return Period(date(year, month, 1), label, "quarterly")


def monthly(year: int, month: int) -> Period:
    return Period(date(year, month, 1), f"{MONTHS[month - 1].title()} {year}", "monthly")


def parse_period(text: object) -> Period:
    """A period written ``2024-25``, ``2024/25``, ``2024-25 Q1``, ``2024-06`` or ``Jun 2024``.

    A text that could be a financial year or a month (``2011-12``) is the financial year; write
    the month as ``2011-12-01`` or ``Dec 2011``.

    >>> parse_period("2024/25 q2").label
    '2024-25 Q2'
    >>> parse_period("Jun 2024").start
    datetime.date(2024, 6, 1)
    """
    raw = str(text).strip()
    quarter = re.fullmatch(r"(.+?)\s*Q([1-4])", raw, flags=re.IGNORECASE)
    try:
        if quarter:
            start = int(parse_financial_year(quarter[1])[:4])
            month = 4 + 3 * (int(quarter[2]) - 1)
            return quarter_starting(start + (month > 12), (month - 1) % 12 + 1)
        month_first = re.fullmatch(r"(\d{4})-(\d{2})(-01)?", raw)
        if month_first and 1 <= int(month_first[2]) <= 12:
            # '2011-12' is the financial year; December 2011 is '2011-12-01' or 'Dec 2011'.
            looks_like_a_year = int(month_first[2]) == (int(month_first[1]) + 1) % 100
            if month_first[3] or not looks_like_a_year:
                return monthly(int(month_first[1]), int(month_first[2]))
        named = re.fullmatch(r"([A-Za-z]{3})[a-z]*\s+(\d{4})", raw)
        if named and named[1].lower() in MONTHS:
            return monthly(int(named[2]), MONTHS.index(named[1].lower()) + 1)
        return annual(int(parse_financial_year(raw)[:4]))
    except BadFinancialYear:
        pass
    raise BadPeriod(
        f"{raw!r} is not a period; write a financial year (2024-25), a quarter (2024-25 Q1) "
        "or a month (2024-06)"
    )
