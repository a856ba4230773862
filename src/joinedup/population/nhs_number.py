"""NHS numbers: the modulus 11 check, and the salted hash that replaces a number at load.

An NHS number is ten digits; the tenth is a check digit computed from the first nine (NHS Data
Model and Dictionary, "NHS Number"): multiply the digits by 10, 9, ..., 2, add the products, take
the remainder on division by 11 and subtract it from 11. A result of 11 means the check digit is
0; a result of 10 means the nine digits can never form a valid number.

JoinedUp never stores a raw NHS number. The loader checks it, then keeps only
``sha256(salt + ":" + digits)`` as hex. The salt is a secret of the system that loads the data,
read from the environment variable ``JOINEDUP_NHS_NUMBER_SALT`` and never written to the
repository or the warehouse: the same salt gives the same pseudonym, so a system's loads link up,
while without the salt nobody can test a guessed number against the hash.

The bulk check and hash run inside DuckDB (:func:`sql_valid`, :func:`sql_pseudonym`); the tests
prove them equal to the Python functions here.
"""

from __future__ import annotations

import hashlib
import os

from joinedup.errors import JoinedUpError

SALT_VARIABLE = "JOINEDUP_NHS_NUMBER_SALT"
MIN_SALT_LENGTH = 16
WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


class SaltMissing(JoinedUpError):
    """NHS numbers were supplied but there is no salt to pseudonymise them with."""


def digits(text: str) -> str:
    """The number without the spaces or hyphens people write it with.

    >>> digits("943 476 5919")
    '9434765919'
    """
    return text.replace(" ", "").replace("-", "")


def check_digit(first_nine: str) -> int | None:
    """The check digit of nine digits, or None when no check digit can make them valid.

    >>> check_digit("943476591")
    9
    """
    if len(first_nine) != 9 or not first_nine.isascii() or not first_nine.isdigit():
        raise ValueError(f"need nine digits, not {first_nine!r}")
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid(text: str) -> bool:
    """True when ``text`` is ten digits (spaces and hyphens aside) with a correct check digit.

    >>> is_valid("943 476 5919"), is_valid("943 476 5918"), is_valid("94347659")
    (True, False, False)
    """
    number = digits(text)
    if len(number) != 10 or not number.isascii() or not number.isdigit():
        return False
    return check_digit(number[:9]) == int(number[9])


def pseudonym(text: str, salt: str) -> str:
    """The salted SHA-256 (hex) that stands for a valid NHS number."""
    return hashlib.sha256(f"{salt}:{digits(text)}".encode()).hexdigest()


def salt_from_environment() -> str | None:
    """The salt set in ``JOINEDUP_NHS_NUMBER_SALT``, or None."""
    return os.environ.get(SALT_VARIABLE) or None


def require_salt(salt: str | None) -> str:
    if salt is None:
        raise SaltMissing(
            f"The persons file has NHS numbers: set {SALT_VARIABLE} to a secret of at least "
            f"{MIN_SALT_LENGTH} characters, kept outside the repository, to pseudonymise them. "
            "Nothing was loaded."
        )
    if len(salt) < MIN_SALT_LENGTH:
        raise SaltMissing(
            f"{SALT_VARIABLE} is too short: use a secret of at least {MIN_SALT_LENGTH} characters."
            " Nothing was loaded."
        )
    return salt


def sql_digits(column: str) -> str:
    """SQL (DuckDB) for the digits of a text column, spaces and hyphens removed."""
    return f"regexp_replace(CAST({column} AS VARCHAR), '[ -]', '', 'g')"


def sql_valid(column: str) -> str:
    """SQL (DuckDB) that is true exactly when :func:`is_valid` is, false otherwise (never NULL
    for a non-NULL value)."""
    number = sql_digits(column)
    weighted = " + ".join(
        f"TRY_CAST(substr({number}, {position}, 1) AS INTEGER) * {weight}"
        for position, weight in enumerate(WEIGHTS, start=1)
    )
    return (
        f"(regexp_full_match({number}, '[0-9]{{10}}') AND "
        f"(11 - ({weighted}) % 11) % 11 = TRY_CAST(substr({number}, 10, 1) AS INTEGER))"
    )


def sql_pseudonym(column: str, salt_parameter: str = "$salt") -> str:
    """SQL (DuckDB) for :func:`pseudonym`; the salt is a bound parameter, never inlined."""
    return f"sha256({salt_parameter} || ':' || {sql_digits(column)})"
