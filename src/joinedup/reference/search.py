"""Finding a system, a council or a place by any part of its name or code.

Searches the shipped reference names only (no database, nothing typed reaches SQL): the 42
systems (name, short name, E54 code, ODS code, retired codes), the 153 upper-tier councils, and
the 296 local authority districts as *places* people know (Maidstone, Stockport), each leading
to its council. Matches are ranked: the whole name or code first, then names starting with the
words typed, then names containing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from .council_registry import council, councils
from .files import read_table
from .lookup import normalise
from .system_registry import system, systems

__all__ = ["MAX_QUERY", "Match", "search"]

Kind = Literal["system", "council", "place"]
MAX_QUERY = 100  # characters: longer than any name, short enough to search at once
LIMIT = 20
_KIND_ORDER = {"system": 0, "council": 1, "place": 2}
_NOISE = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class Match:
    """One result: what it is, its code and name, where it sits, and the code of the page that
    shows it (a place's is its council's)."""

    kind: Kind
    code: str
    name: str
    context: str
    page_kind: Literal["system", "council"]
    page_code: str

    @property
    def url(self) -> str:
        """The path of the page that shows it on the web app, e.g. ``/councils/E10000016``."""
        return f"/{self.page_kind}s/{self.page_code}"


@dataclass(frozen=True, slots=True)
class _Entry:
    match: Match
    keys: tuple[str, ...]  # normalised names and codes


def _words(text: str) -> str:
    """Lower case, punctuation as spaces: "Bath, North East Somerset" -> "bath north east..."."""
    return " ".join(_NOISE.sub(" ", normalise(text)).split())


@cache
def _entries() -> tuple[_Entry, ...]:
    entries = []
    for item in systems():
        keys = (item.short_name, item.name, item.code, item.ods_code, *item.previous_codes)
        entries.append(
            _Entry(
                Match("system", item.code, item.short_name, item.region_name, "system", item.code),
                tuple(_words(key) for key in keys),
            )
        )
    for found in councils():
        where = ", ".join(system(member.system_code).short_name for member in found.systems)
        entries.append(
            _Entry(
                Match("council", found.code, found.name, where, "council", found.code),
                (_words(found.name), _words(found.code)),
            )
        )
    seen: set[str] = set()
    for row in read_table("districts"):
        if row["code"] in seen or row["code"] == row["council_code"]:
            continue  # a unitary council is its own district: found as the council
        seen.add(row["code"])
        parent = council(row["council_code"])
        entries.append(
            _Entry(
                Match("place", row["code"], row["name"], parent.name, "council", parent.code),
                (_words(row["name"]), _words(row["code"])),
            )
        )
    return tuple(entries)


def _score(query: str, keys: tuple[str, ...]) -> int | None:
    """0 for a whole name or code, 1 for a name starting with the query, 2 for a word of it
    starting so, 3 for the query anywhere in it; None for no match."""
    best = None
    for key in keys:
        if key == query:
            score = 0
        elif key.startswith(query):
            score = 1
        elif f" {query}" in f" {key}":
            score = 2
        elif query in key:
            score = 3
        else:
            continue
        best = score if best is None else min(best, score)
    return best


def search(query: str, limit: int = LIMIT) -> list[Match]:
    """The systems, councils and places matching ``query``, best first (at most ``limit``).

    >>> [(m.kind, m.name) for m in search("cheshire and mersey")]
    [('system', 'Cheshire and Merseyside')]
    >>> [(m.kind, m.name, m.context) for m in search("Maidstone")]
    [('place', 'Maidstone', 'Kent')]
    """
    wanted = _words(query[:MAX_QUERY])
    if not wanted:
        return []
    scored = []
    for entry in _entries():
        score = _score(wanted, entry.keys)
        if score is not None:
            match = entry.match
            scored.append(((score, _KIND_ORDER[match.kind], match.name, match.code), match))
    return [match for _, match in sorted(scored, key=lambda pair: pair[0])[:limit]]
