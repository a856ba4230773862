"""The period a population is analysed over: one financial year, April to March.

Events must fall inside it, condition records must be dated on or before its last day, and ages
are ages on its last day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from joinedup.core.financial_year import parse_financial_year, start_year

DEFAULT_YEAR = "2024-25"


@dataclass(frozen=True, slots=True)
class Period:
    year: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def years_before_end(self, years: int) -> date:
        """The day after the same day ``years`` earlier than the end: the first day of a window
        of ``years`` whole years that ends on the period's last day.

        >>> period("2024-25").years_before_end(5)
        datetime.date(2020, 4, 1)
        """
        return self.end.replace(year=self.end.year - years) + timedelta(days=1)


def period(year: str = DEFAULT_YEAR) -> Period:
    """The financial year ``year`` (``2024-25``, ``2024/25``...) as a period.

    >>> period("2024/25")
    Period(year='2024-25', start=datetime.date(2024, 4, 1), end=datetime.date(2025, 3, 31))
    """
    canonical = parse_financial_year(year)
    first = start_year(canonical)
    return Period(canonical, date(first, 4, 1), date(first + 1, 3, 31))
