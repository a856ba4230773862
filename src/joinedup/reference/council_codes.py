"""Retired upper-tier council codes that national returns still carry, as loaders read them.

Derived from the one record of council changes, ``joinedup.reference.code_changes`` (see
``reference/history/council_changes.csv``): a code whose whole area passed to one council
(re-coded, or a county become a unitary) is read as that council; a code split between councils,
or merged with part of another, cannot be, and its lines are reported and left out. Loaders that
keep each year's own councils use ``joinedup.reference.council_in_year`` instead.
"""

from __future__ import annotations

from joinedup.reference import CodeChange, code_changes, councils

__all__ = ["RECODED", "REORGANISED"]


def _what(change: CodeChange) -> str:
    return f"{change.name}, {change.note} in {change.ended:%B %Y}"


def _recoded() -> dict[str, tuple[str, str]]:
    today = {item.code for item in councils()}
    found: dict[str, tuple[str, str]] = {}
    for change in code_changes():
        (successor, *others) = change.successors
        if change.kind in ("recoded", "became_unitary") and not others and successor in today:
            found[change.code] = (
                successor,
                f"{change.name}, {change.note} in {change.ended:%B %Y}",
            )
    return found


def _reorganised() -> dict[str, str]:
    return {
        change.code: _what(change)
        for change in code_changes()
        if change.kind in ("split", "reorganised")
    }


#: retired code -> (current code, what happened)
RECODED: dict[str, tuple[str, str]] = _recoded()

#: retired code -> what became of it
REORGANISED: dict[str, str] = _reorganised()
