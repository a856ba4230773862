"""Money as people read it: one format for every page, pack and command-line table.

The rule (docs/web.md, "Money"):

- **Amounts** are shortened to three or so figures: ``£12.3bn``, ``£1.2m``, ``£850k``; below
  £10,000 in whole pounds, ``£9,500``. The unit follows the size: £696,278 is ``£696k``, not
  ``£0.7m``. A negative amount has a true minus sign (U+2212) before the pound sign: ``−£1.2m``.
- **Per head** figures are whole pounds from £1,000 a head (``£2,588``), pounds and pence
  below (``£139.27``), so that systems a few pounds apart can be told apart.
- **Exact** pounds (``£1,234,500``, ``£1,234,500.50`` with pence) where a register or a
  submission records an amount someone typed and will check against their own papers.
- **No data** is said as ``no data``, never as a zero.

JSON (the API, ``--format json``) and CSV carry the numbers themselves, never these words.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

Amount = float | int | Decimal

MINUS = "\u2212"
NO_DATA = "no data"

#: (size of the unit, its suffix, decimal places), largest first.
_UNITS = ((Decimal(10) ** 9, "bn", 1), (Decimal(10) ** 6, "m", 1))
_THOUSANDS_FROM = Decimal(10_000)
_PENCE_BELOW = Decimal(1_000)  # per head: pounds and pence below £1,000 a head


def _decimal(amount: Amount) -> Decimal | None:
    if isinstance(amount, float) and not math.isfinite(amount):
        return None
    # Through str, so that a float prints as it reads (0.1, not 0.1000000000000000055...).
    return amount if isinstance(amount, Decimal) else Decimal(str(amount))


def _rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _signed(negative: bool, text: str, size: Decimal) -> str:
    # A figure that rounds to nothing carries no sign: "£0", never "−£0".
    return f"{MINUS}{text}" if negative and size != 0 else text


def money(amount: Amount | None) -> str:
    """An amount of money, shortened to be read.

    >>> money(12_345_678_901), money(1_234_567), money(850_000), money(9_500), money(None)
    ('£12.3bn', '£1.2m', '£850k', '£9,500', 'no data')
    >>> money(-696_278), money(-700_000.0), money(999_960), money(-0.4)
    ('−£696k', '−£700k', '£1.0m', '£0')
    """
    if amount is None:
        return NO_DATA
    value = _decimal(amount)
    if value is None:
        return NO_DATA
    negative, size = value < 0, abs(value)
    for unit, suffix, places in _UNITS:
        shown = _rounded(size / unit, places)
        if shown >= 1:
            return _signed(negative, f"£{shown:,.{places}f}{suffix}", shown)
    whole = _rounded(size, 0)
    if whole >= _THOUSANDS_FROM:
        thousands = _rounded(size / 1000, 0)
        return _signed(negative, f"£{thousands:,.0f}k", thousands)
    return _signed(negative, f"£{whole:,.0f}", whole)


def money_exact(amount: Amount | None) -> str:
    """Pounds as written in a register: whole pounds, or pounds and pence when there are pence.

    >>> money_exact(1_234_500), money_exact(Decimal("1234500.50")), money_exact(-696_278)
    ('£1,234,500', '£1,234,500.50', '−£696,278')
    """
    if amount is None:
        return NO_DATA
    value = _decimal(amount)
    if value is None:
        return NO_DATA
    negative, size = value < 0, _rounded(abs(value), 2)
    text = f"£{size:,.0f}" if size == size.to_integral_value() else f"£{size:,.2f}"
    return _signed(negative, text, size)


def per_head(amount: Amount | None, pence: bool | None = None) -> str:
    """Pounds per resident: whole pounds from £1,000 a head, pounds and pence below (``pence``
    True or False forces one or the other).

    >>> per_head(2588.14), per_head(139.27), per_head(-3.5), per_head(139.27, pence=False)
    ('£2,588', '£139.27', '−£3.50', '£139')
    """
    if amount is None:
        return NO_DATA
    value = _decimal(amount)
    if value is None:
        return NO_DATA
    if pence is None:
        pence = abs(value) < _PENCE_BELOW
    places = 2 if pence else 0
    negative, size = value < 0, _rounded(abs(value), places)
    return _signed(negative, f"£{size:,.{places}f}", size)


__all__ = ["MINUS", "NO_DATA", "money", "money_exact", "per_head"]
