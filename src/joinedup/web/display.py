"""The Jinja filters every page formats figures with: the same words as the pack and the
command line (``joinedup.money``, ``governance.flags``), so a figure reads one way everywhere."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from joinedup.governance.flags import flag_meaning
from joinedup.money import NO_DATA, money, money_exact, per_head

Number = float | int | Decimal


def share(value: Number | None, places: int = 1) -> str:
    """A share (0.511) as a percentage; no data said as such.

    >>> share(0.5114), share(None)
    ('51.1%', 'no data')
    """
    return NO_DATA if value is None else f"{float(value):.{places}%}"


def points(value: Number | None) -> str:
    """A change in percentage points with its sign (a true minus).

    >>> points(0.38), points(-0.251), points(None)
    ('+0.38', '\u22120.25', 'no data')
    """
    if value is None:
        return NO_DATA
    text = f"{float(value):+.2f}"
    return text.replace("-", "\u2212") if text != "-0.00" else "+0.00"


def display_filters() -> dict[str, Callable[..., Any]]:
    return {
        "money": money,
        "money_exact": money_exact,
        "per_head": per_head,
        "share": share,
        "points": points,
        "flag": flag_meaning,
    }
