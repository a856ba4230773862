"""Reading single cells of published returns: suppression marks, £ thousands, header text."""

from __future__ import annotations

import hashlib
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

__all__ = [
    "SUPPRESSION_MARKS",
    "NotANumber",
    "cell_text",
    "count",
    "header_key",
    "is_suppressed",
    "row_list",
    "sha256_of",
    "thousands_to_pounds",
]

#: Cell contents that mean "no figure here", compared case-insensitively after trimming:
#: blank; ``:`` not submitted and ``*`` suppressed (ASC-FR); ``..`` not available; the GSS marks
#: ``[x]`` not available, ``[c]`` confidential, ``[z]`` not applicable; a lone dash for nil.
SUPPRESSION_MARKS: frozenset[str] = frozenset(
    {"", ":", "*", "..", "[x]", "[c]", "[z]", "-", "\N{EN DASH}"}
)

_PENCE = Decimal("0.01")
_THOUSAND = Decimal(1000)


class NotANumber(ValueError):
    """A cell that holds neither a number nor a suppression mark."""


def cell_text(value: object) -> str:
    """A cell's value as trimmed text; ``None`` (an empty cell) is ``""``."""
    return "" if value is None else str(value).strip()


def is_suppressed(value: object) -> bool:
    """Whether a cell holds no figure on purpose: empty, or one of :data:`SUPPRESSION_MARKS`."""
    return cell_text(value).casefold() in SUPPRESSION_MARKS


def thousands_to_pounds(value: object) -> Decimal:
    """A figure published in £ thousands, in pounds to the penny.

    Accepts numbers and text such as ``3,250,000.5``, ``£1,200`` or ``(15)`` (negative).
    Raises :class:`NotANumber` for anything else; check :func:`is_suppressed` first.

    >>> thousands_to_pounds("1,234.5")
    Decimal('1234500.00')
    >>> thousands_to_pounds(-20)
    Decimal('-20000.00')
    """
    if isinstance(value, bool):
        raise NotANumber(f"{value!r} is not a number")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))  # the shortest text that reads back as this float
    else:
        text = cell_text(value)
        for character in ",£ \u00a0":
            text = text.replace(character, "")
        negative = text.startswith("(") and text.endswith(")")
        if negative:
            text = text[1:-1]
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise NotANumber(f"{cell_text(value)!r} is not a number") from None
        if negative:
            number = -number
    if not number.is_finite():
        raise NotANumber(f"{cell_text(value)!r} is not a number")
    return (number * _THOUSAND).quantize(_PENCE, rounding=ROUND_HALF_UP)


def header_key(text: object) -> str:
    """Header text as compared: single-spaced (wrapped headers hold newlines), case-folded."""
    return " ".join(cell_text(text).split()).casefold()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def count(number: int, noun: str) -> str:
    """``1 row``, ``2 rows``, with thousands separators."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def row_list(rows: list[int], limit: int = 10) -> str:
    """``row 4`` or ``rows 4, 9, 12`` (the first ``limit``, then how many more)."""
    shown = ", ".join(str(row) for row in rows[:limit])
    more = f" and {len(rows) - limit:,} more" if len(rows) > limit else ""
    return f"row{'' if len(rows) == 1 else 's'} {shown}{more}"
