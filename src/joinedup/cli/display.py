"""Figures in command-line tables as the web shows them: money in one format
(``joinedup.money``), shares as percentages, other numbers rounded, and no data said as such.
JSON and CSV carry the numbers themselves; only the table form is for reading."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from joinedup.money import MINUS, NO_DATA, money, per_head

#: Keys whose values are amounts of money (shortened: £1.2m) or money per resident (£139.27).
_MONEY_ENDINGS = ("spend", "_gbp", "amount", "total", "npv", "cost", "value_gbp")
_PER_HEAD_ENDINGS = ("per_head", "per_head_gbp")
_SHARE_ENDINGS = ("share", "_rate")


def number(value: Any) -> str:
    """A number rounded for reading: whole numbers with separators, others to one decimal place
    (three significant figures below 1).

    >>> number(33918.0), number(13.996731702485887), number(0.012345), number(-2.5), number(None)
    ('33,918', '14.0', '0.0123', '\u22122.5', 'no data')
    """
    if value is None:
        return NO_DATA
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        text = f"{value:,}"
    else:
        figure = float(value)
        if figure.is_integer():
            text = f"{figure:,.0f}"
        elif abs(figure) < 1:
            text = f"{figure:.3g}"
        else:
            text = f"{figure:,.1f}"
    return text.replace("-", MINUS)


def share(value: Any) -> str:
    """A share as a percentage: 0.1995 is 20.0%."""
    return NO_DATA if value is None else f"{float(value):.1%}".replace("-", MINUS)


def points(value: Any) -> str:
    """A change in percentage points, signed."""
    return NO_DATA if value is None else f"{float(value):+.2f}".replace("-", MINUS)


def pounds(value: Any) -> str:
    return money(value)


def pounds_per_head(value: Any) -> str:
    return per_head(value)


def shown(key: str, value: Any) -> str:
    """A value of a record, by what its key says it is.

    >>> shown("total_spend", 7746975547), shown("pooled_per_head", 152.456)
    ('£7.7bn', '£152.46')
    >>> shown("aged_65_plus_share", 0.1995), shown("variation", None), shown("synthetic", True)
    ('20.0%', 'no data', 'yes')
    """
    if value is None:
        return NO_DATA
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "none"
    if isinstance(value, int | float | Decimal):
        if key.endswith(_PER_HEAD_ENDINGS):
            return pounds_per_head(value)
        if key.endswith(_MONEY_ENDINGS):
            return pounds(value)
        if key.endswith(_SHARE_ENDINGS):
            return share(value)
        if key.endswith("_pp"):
            return points(value)
        if key == "population" or key.endswith("_population"):
            return number(int(value))
        return number(value)
    return str(value)
