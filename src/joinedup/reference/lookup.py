"""Forgiving key matching and the error raised when a code or name is not known."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher

from joinedup.errors import JoinedUpError

__all__ = ["NotInYear", "UnknownCode", "normalise", "suggest"]

SUGGESTIONS = 3


def normalise(key: str) -> str:
    """The form every lookup key is compared in: trimmed, single-spaced, case-folded."""
    return " ".join(key.split()).casefold()


class UnknownCode(JoinedUpError, LookupError):
    """A system or council key matched nothing.

    ``suggestions`` holds up to three ``"<code> <name>"`` strings for the closest entries, so an
    interface can offer them; ``str(exc)`` is a single line naming them.
    """

    exit_code = 2  # a usage error, as the command line reports other bad arguments
    kind: str
    given: str
    suggestions: list[str]

    def __init__(self, kind: str, given: str, candidates: Sequence[tuple[str, str]]) -> None:
        self.kind = kind
        self.given = given
        self._candidates = tuple(candidates)
        self.suggestions = [f"{code} {name}" for code, name in self._candidates]
        # repr() keeps the message on one line whatever the caller typed.
        message = f"Unknown {kind} {given!r}."
        if self._candidates:
            options = ", ".join(f"{code} ({name})" for code, name in self._candidates)
            message += f" Did you mean: {options}?"
        super().__init__(message)

    def __reduce__(self) -> tuple[type[UnknownCode], tuple[str, str, tuple[tuple[str, str], ...]]]:
        # The default reduce would call __init__ with the message only.
        return (type(self), (self.kind, self.given, self._candidates))


def suggest(
    given: str,
    entries: Iterable[tuple[str, str, Iterable[str]]],
    limit: int = SUGGESTIONS,
) -> list[tuple[str, str]]:
    """The ``limit`` entries closest to ``given``, as ``(code, name)`` pairs.

    ``entries`` are ``(code, name, keys)``; an entry scores the best difflib ratio of any of its
    keys against ``given``, compared case-insensitively. The closest are returned even when
    none is close, because a short list to choose from beats an empty one.
    """
    wanted = normalise(given)
    scored = []
    for code, name, keys in entries:
        # seq2 is the side SequenceMatcher indexes, so it holds the fixed string.
        matcher = SequenceMatcher(None, "", wanted, autojunk=False)
        best = 0.0
        for key in keys:
            matcher.set_seq1(normalise(key))
            best = max(best, matcher.ratio())
        scored.append((-best, code, name))
    scored.sort()
    return [(code, name) for _, code, name in scored[:limit]]


class NotInYear(JoinedUpError, LookupError):
    """A council or system that did not exist in the financial year asked about; the message
    says why."""

    exit_code = 2
