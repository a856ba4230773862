"""Reading cells and areas of published metric files: numbers, percentages, headers, codes."""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

from joinedup.core.cells import NotANumber, cell_text
from joinedup.reference import UnknownCode, council, system
from joinedup.reference.council_codes import RECODED, REORGANISED

from .records import UnreadableImport

__all__ = [
    "ENCODINGS",
    "ENGLAND",
    "SAME_COUNCIL",
    "NotANumber",
    "SkippedArea",
    "area_by_code",
    "compact",
    "csv_rows",
    "to_number",
]

ENGLAND = "E92000001"
COUNCIL_PREFIXES = ("E06", "E08", "E09", "E10")

#: What the first three characters of an ONS code say about the area, for notes.
CODE_KINDS: dict[str, str] = {
    "E07": "non-metropolitan districts",
    "E12": "regions",
    "E13": "inner and outer London",
    "E38": "sub-ICB locations",
    "E39": "NHS England regions (commissioning)",
    "E40": "NHS England regions",
    "E47": "combined authorities",
}

#: Councils recoded in April 2024 after a boundary change, same council either way: new code ->
#: old code. Files published since (LG Inform, Fingertips) write the new code; JoinedUp's
#: reference data may still hold the old one, or the other way round, so each is tried for the
#: other.
SAME_COUNCIL: dict[str, str] = {
    "E08000038": "E08000016",  # Barnsley
    "E08000039": "E08000019",  # Sheffield
}
_OTHER_CODE = {**SAME_COUNCIL, **{old: new for new, old in SAME_COUNCIL.items()}}

#: The encodings a CSV is tried in: UTF-8 (with or without a BOM), then what Excel on Windows
#: writes.
ENCODINGS = ("utf-8-sig", "cp1252")


class SkippedArea(Exception):
    """An area JoinedUp holds no metric values for (a region, a district, a GP practice...)."""


def compact(text: object) -> str:
    """Header text as compared: letters and digits only, lower case, so that the download's
    ``Lower CI 95.0 limit`` and fingertipsR's ``LowerCI95.0limit`` are the same column.

    >>> compact("Lower CI 95.0 limit"), compact("LowerCI95.0limit")
    ('lowerci950limit', 'lowerci950limit')
    """
    return re.sub(r"[^a-z0-9]", "", cell_text(text).casefold())


def to_number(value: object, *, percent: bool = False) -> float:
    """A cell's number: ``1,234``, ``£1,200.5``, ``8.1%`` (only when ``percent``), or a number.

    Raises :class:`NotANumber` for anything else; check ``is_suppressed`` first.

    >>> to_number("1,234.5"), to_number(" 8.1% ", percent=True)
    (1234.5, 8.1)
    """
    if isinstance(value, bool):
        raise NotANumber(f"{value!r} is not a number")
    if isinstance(value, int | float):
        result = float(value)
    else:
        text = cell_text(value)
        for character in ",£ \u00a0":
            text = text.replace(character, "")
        if percent:
            text = text.removesuffix("%")
        try:
            result = float(text)
        except ValueError:
            raise NotANumber(f"{cell_text(value)!r} is not a number") from None
    if not math.isfinite(result):
        raise NotANumber(f"{cell_text(value)!r} is not a number")
    return result


def area_by_code(code: str) -> tuple[str, str]:
    """``(area type, code)`` of England, a system (E54) or an upper-tier council by ONS code.

    A council code retired with its whole area passing to one successor is read as the
    successor (``joinedup.reference.council_codes``); a code of :data:`SAME_COUNCIL` that
    the reference data does not hold is read as the other code of the same council. Raises
    :class:`SkippedArea` for any other kind of area, and ``joinedup.reference.UnknownCode`` for
    an E54 or council code that JoinedUp's reference data does not hold.
    """
    code = code.strip().upper()
    if code == ENGLAND:
        return "england", ENGLAND
    if code in RECODED:
        return "council", RECODED[code][0]
    if code in REORGANISED:
        raise SkippedArea(f"retired council codes with no single successor ({code})")
    if code.startswith("E54"):
        return "system", system(code).code
    if code.startswith(COUNCIL_PREFIXES):
        try:
            return "council", council(code).code
        except UnknownCode:
            if code not in _OTHER_CODE:
                raise
            return "council", council(_OTHER_CODE[code]).code
    if not code:
        raise SkippedArea("rows with no area code")
    raise SkippedArea(CODE_KINDS.get(code[:3], "other areas"))


def csv_rows(path: Path, what: str) -> list[list[str]]:
    """Every row of a CSV file, read as UTF-8 or, failing that, Windows-1252."""
    for encoding in ENCODINGS:
        try:
            with path.open(encoding=encoding, newline="") as stream:
                return list(csv.reader(stream))
        except UnicodeDecodeError:
            continue
        except (OSError, csv.Error) as error:
            raise UnreadableImport(f"{path}: cannot be read as {what}: {error}.") from None
    raise UnreadableImport(f"{path}: is not a text file; expected {what}.")
