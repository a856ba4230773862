"""The recorded changes to English upper-tier councils' codes and areas (``history/``)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

__all__ = ["CodeChange", "code_changes", "recoded"]


@dataclass(frozen=True, slots=True)
class CodeChange:
    """One row of ``council_changes.csv``: a code or an area that changed on ``ended``."""

    code: str
    name: str
    type: str
    ended: date
    successors: tuple[str, ...]
    kind: str
    note: str

    @property
    def first_year_after(self) -> str:
        """The first financial year of the new structure, e.g. ``2023-24``."""
        start = self.ended.year
        return f"{start}-{(start + 1) % 100:02d}"


@cache
def code_changes() -> tuple[CodeChange, ...]:
    """Every recorded change, oldest first."""
    resource = files(__name__.rpartition(".")[0]).joinpath("history/council_changes.csv")
    text = resource.read_bytes().decode("utf-8")
    changes = [
        CodeChange(
            code=row["code"],
            name=row["name"],
            type=row["type"],
            ended=date.fromisoformat(row["ended"]),
            successors=tuple(row["successors"].split(";")),
            kind=row["kind"],
            note=row["note"],
        )
        for row in csv.DictReader(io.StringIO(text, newline=""))
    ]
    return tuple(sorted(changes, key=lambda change: (change.ended, change.code)))


def recoded() -> dict[str, str]:
    """Code -> every other code of the same council (re-codings only: the same organisation)."""
    aliases: dict[str, str] = {}
    for change in code_changes():
        if change.kind == "recoded":
            (successor,) = change.successors
            aliases[change.code] = successor
            aliases[successor] = change.code
    return aliases
