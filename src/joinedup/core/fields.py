"""Reading one cell as people type it: dates, yes/no, money, codes, choices.

Each parser takes what a CSV, a spreadsheet or a YAML file gives (text, a number, a date) and
returns a typed value, or raises ``ValueError`` whose message says what was expected. Registers
and the priorities loader use the same parsers, so a value means the same wherever it is typed.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from difflib import get_close_matches
from typing import Any

from joinedup.textsafety import restore

PENNY = Decimal("0.01")
YES = frozenset({"yes", "y", "true", "t", "1"})
NO = frozenset({"no", "n", "false", "f", "0"})
DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def is_blank(value: object) -> bool:
    """True for a missing cell: None, or text with nothing but spaces.

    >>> is_blank("  "), is_blank(0)
    (True, False)
    """
    return value is None or (isinstance(value, str) and not value.strip())


SHORT_TEXT = 200  # names, codes, roles, references: a line on a page
LONG_TEXT = 2_000  # titles and descriptions: a paragraph
# Control characters other than line breaks and tabs (which become spaces), and the Unicode
# bidirectional embeddings, overrides and isolates: invisible, they can make text read
# differently from what is stored ("Trojan Source"), or break files and terminals it is shown in.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def check_text(text: str, limit: int = LONG_TEXT) -> str:
    """``text`` if it is at most ``limit`` characters and holds no forbidden character; else
    ``ValueError`` saying which rule it breaks (the caller names the field).

    >>> check_text("Kent and Medway ICB")
    'Kent and Medway ICB'
    >>> check_text("a\x1b[2Jb")
    Traceback (most recent call last):
    ...
    ValueError: contains the control character U+001B, which is not allowed
    """
    found = FORBIDDEN.search(text)
    if found:
        raise ValueError(
            f"contains the control character U+{ord(found.group()):04X}, which is not allowed"
        )
    if len(text) > limit:
        raise ValueError(f"is {len(text):,} characters long; the limit is {limit:,}")
    return text


def parse_text(value: object, limit: int = LONG_TEXT) -> str | None:
    """Text with spaces trimmed (line breaks and tabs become single spaces); None for a blank
    cell. Text over ``limit`` characters, or with a control character, raises ``ValueError``.
    The quote JoinedUp's own exports put before formula-like text is taken off again
    (:func:`joinedup.textsafety.restore`), so an exported register imports back unchanged.
    """
    if isinstance(value, str):
        # Refused before spaces are collapsed: Python counts \x1c-\x1f and \x85 as spaces.
        check_text(value, len(value))
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet shows 12, not 12.0
    return check_text(restore(" ".join(str(value).split())), limit)


def parse_integer(value: object, minimum: int | None = None) -> int:
    """A whole number: 12, '12', 12.0 (as spreadsheets store it).

    >>> parse_integer(" 45 ")
    45
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a whole number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, (str, Decimal)):
        text = str(value).strip().replace(",", "")
        if not re.fullmatch(r"[+-]?\d+(\.0*)?", text):
            raise ValueError(f"{value!r} is not a whole number")
        number = int(text.split(".")[0])
    else:
        raise ValueError(f"{value!r} is not a whole number")
    if minimum is not None and number < minimum:
        raise ValueError(f"{number} is below the minimum of {minimum}")
    return number


def parse_date(value: object) -> date:
    """A date: a spreadsheet date, ISO ``2024-03-14`` or day-first ``14/03/2024``.

    >>> parse_date("14/03/2024"), parse_date("2024-03-14")
    (datetime.date(2024, 3, 14), datetime.date(2024, 3, 14))
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip() if isinstance(value, str) else ""
    match = DAY_FIRST.fullmatch(text)
    parts: tuple[int, int, int] | None = None
    if match:
        parts = (int(match[3]), int(match[2]), int(match[1]))
    else:
        match = ISO_DATE.fullmatch(text[:10]) if len(text) in (10, 19) else None
        if match and (len(text) == 10 or text[10] in "T "):
            parts = (int(match[1]), int(match[2]), int(match[3]))
    if parts is None:
        raise ValueError(f"{value!r} is not a date (write 2024-03-14 or 14/03/2024)")
    try:
        return date(*parts)
    except ValueError:
        raise ValueError(f"{value!r} is not a date on the calendar") from None


def parse_boolean(value: object) -> bool:
    """Yes or no: yes/no, y/n, true/false, 1/0, in any case.

    >>> parse_boolean("Yes"), parse_boolean(0)
    (True, False)
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    text = str(value).strip().casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"{value!r} is not yes or no")


MONEY_LIMIT = Decimal(10) ** 15  # beyond any health or care budget; DECIMAL(18, 2) holds 10^16


def parse_money(value: object) -> Decimal:
    """Pounds and pence: 1234.5, '1,234.50', '£1,234'. More than two decimal places is refused
    rather than rounded, so nobody's figure changes silently.

    >>> parse_money("£1,234.5")
    Decimal('1234.50')
    """
    number = parse_decimal(value)
    if abs(number) >= MONEY_LIMIT:
        raise ValueError(f"{value!r} is too large an amount of money")
    if isinstance(value, float):
        # A spreadsheet's binary fraction (0.1 + 0.2) is the pence the person typed.
        rounded = number.quantize(PENNY)
        if abs(number - rounded) < Decimal("1e-9"):
            number = rounded
    if number != number.quantize(PENNY):
        raise ValueError(f"{value!r} has fractions of a penny; give pounds and pence")
    return number.quantize(PENNY)


def parse_decimal(value: object) -> Decimal:
    """A number, with any '£', ',' and spaces removed (quantities, rates, money)."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("£", "").replace(" ", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    else:
        raise ValueError(f"{value!r} is not a number")
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a number")
    return number


def choice_key(text: str) -> str:
    """Choices compare in snake_case: 'Budget allocation' is 'budget_allocation'.

    >>> choice_key(" Health-and Wellbeing ")
    'health_and_wellbeing'
    """
    return re.sub(r"[^a-z0-9]+", "_", text.strip().casefold()).strip("_")


def parse_choice(value: object, choices: tuple[str, ...]) -> str:
    """One of ``choices``, written in any case with spaces, hyphens or underscores."""
    key = choice_key(str(value))
    if key in choices:
        return key
    close = get_close_matches(key, choices, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}?" if close else ""
    raise ValueError(f"{value!r} is not one of {', '.join(choices)}{hint}")


def parse_codes(value: object, *, upper: bool = True) -> tuple[str, ...]:
    """A list of codes in one cell, separated by ';' or ','; a blank cell is an empty list.

    >>> parse_codes("e10000016; E10000034,")
    ('E10000016', 'E10000034')
    """
    if is_blank(value):
        return ()
    if isinstance(value, (list, tuple)):
        parts = [str(part) for part in value]
    else:
        parts = re.split(r"[;,]", str(value))
    codes: list[str] = []
    for part in parts:
        code = part.strip()
        if not code:
            continue
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", code):
            raise ValueError(f"{code!r} is not a code (letters, digits, '-', '_' or '.')")
        code = code.upper() if upper else code.lower()
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def parse_slug(value: object) -> str:
    """A short code people choose: lower-case letters, digits and hyphens, e.g. 'falls-2025'.

    >>> parse_slug(" Falls_Prevention ")
    'falls-prevention'
    """
    text = re.sub(r"[\s_]+", "-", str(value).strip().lower())
    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9.\-]{0,62}[a-z0-9])?", text):
        raise ValueError(
            f"{value!r} is not a code: use lower-case letters, digits and hyphens (at most 64)"
        )
    return text


def to_cell(value: Any) -> Any:
    """A stored value as a spreadsheet or CSV cell: lists ';'-separated, booleans yes/no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ";".join(str(item) for item in value)
    return value
