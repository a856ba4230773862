"""What each oversight flag on a decision means, in a sentence: one catalogue for the web pages,
the scrutiny pack and the command line. The codes stay in JSON and CSV for scripts; people read
the sentences."""

from __future__ import annotations

#: Flag code (``governance.oversight.Oversight.flags``) → what it means for the reader.
FLAG_MEANINGS: dict[str, str] = {
    "missing_sign_offs": (
        "A council it affects has not signed it off, as the oversight rules require."
    ),
    "conflict_of_interest": (
        "A member of the board had a declared interest in an organisation it affects."
    ),
    "no_regard_to_strategy": (
        "It commits money but names no priority of the strategy and no shared metric it aims "
        "to move, so it shows no regard to the integrated care strategy."
    ),
    "regard_not_recorded": (
        "Its value, priorities and target metrics are not recorded, so its regard to the "
        "strategy cannot be judged."
    ),
}


def flag_meaning(code: str) -> str:
    """A flag as a sentence; a code not in the catalogue is still said in words.

    >>> flag_meaning("conflict_of_interest")
    'A member of the board had a declared interest in an organisation it affects.'
    >>> flag_meaning("some_new_flag")
    'Some new flag.'
    """
    return FLAG_MEANINGS.get(code) or f"{code.replace('_', ' ').capitalize()}."


def flag_meanings(codes: list[str]) -> list[str]:
    return [flag_meaning(code) for code in codes]
