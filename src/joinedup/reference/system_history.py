"""Integrated care systems through time: which ICBs existed in a financial year.

The packaged reference data holds today's 42 systems. ``history/system_changes.csv`` records
each change: a re-coding (the same ICB, answering to both codes, which the registry already
knows), or a merger, after which the ICBs that merged are gone from later years and present in
earlier ones, with their councils from ``history/system_memberships.csv``. A merger is therefore
new rows of reference data, not new code.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

from .lookup import NotInYear, UnknownCode, normalise, suggest
from .system_registry import System, system, systems

__all__ = [
    "SystemChange",
    "SystemInYear",
    "retired_memberships",
    "retired_system_code",
    "system_changes",
    "system_in_year",
    "systems_in_year",
]


@dataclass(frozen=True, slots=True)
class SystemChange:
    code: str
    ods_code: str
    name: str
    short_name: str
    ended: date
    successor: str
    kind: str
    note: str


@dataclass(frozen=True, slots=True)
class SystemInYear:
    """An ICB as it was in one financial year: its codes and its councils' residents in it."""

    code: str
    ods_code: str
    name: str
    short_name: str
    financial_year: str
    codes: tuple[str, ...]
    #: council code -> Census 2021 residents of that council in this system
    residents: tuple[tuple[str, int], ...]

    @property
    def population(self) -> int:
        return sum(people for _, people in self.residents)


def _read(name: str) -> list[dict[str, str]]:
    resource = files(__name__.rpartition(".")[0]).joinpath(f"history/{name}.csv")
    text = resource.read_bytes().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@cache
def system_changes() -> tuple[SystemChange, ...]:
    """Every recorded change to an ICB, oldest first."""
    return tuple(
        sorted(
            (
                SystemChange(
                    code=row["code"],
                    ods_code=row["ods_code"],
                    name=row["name"],
                    short_name=row["short_name"],
                    ended=date.fromisoformat(row["ended"]),
                    successor=row["successor"],
                    kind=row["kind"],
                    note=row["note"],
                )
                for row in _read("system_changes")
            ),
            key=lambda change: (change.ended, change.code),
        )
    )


@cache
def _retired_residents() -> dict[str, tuple[tuple[str, int], ...]]:
    found: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for row in _read("system_memberships"):
        found[row["system_code"]].append((row["council_code"], int(row["population"])))
    return {code: tuple(sorted(rows)) for code, rows in found.items()}


def _today(item: System, year: str) -> SystemInYear:
    from .council_registry import councils

    residents = tuple(
        (council.code, membership.population)
        for council in councils()
        for membership in council.systems
        if membership.system_code == item.code
    )
    return SystemInYear(
        item.code,
        item.ods_code,
        item.name,
        item.short_name,
        year,
        (item.code, *item.previous_codes, item.ods_code),
        tuple(sorted(residents)),
    )


def _merged_away(change: SystemChange, year: str) -> SystemInYear:
    return SystemInYear(
        change.code,
        change.ods_code,
        change.name,
        change.short_name,
        year,
        (change.code, change.ods_code),
        _retired_residents().get(change.code, ()),
    )


def _year_start(financial_year: str) -> date:
    return date(int(financial_year[:4]), 4, 1)


@cache
def systems_in_year(financial_year: str) -> tuple[SystemInYear, ...]:
    """The ICBs of a financial year, sorted by code: today's, with mergers after it undone."""
    start = _year_start(financial_year)
    by_code = {item.code: _today(item, financial_year) for item in systems()}
    later = [c for c in system_changes() if c.kind == "merged" and c.ended > start]
    for change in later:
        by_code.pop(change.successor, None)
    for change in later:
        by_code[change.code] = _merged_away(change, financial_year)
    return tuple(sorted(by_code.values(), key=lambda item: item.code))


def retired_memberships(financial_year: str) -> dict[tuple[str, str], dict[str, int]]:
    """``(council, merged ICB) -> {ICB it was made of -> residents}`` for a year before a
    merger, so that a council's part of a merged ICB can be put back into the ICBs of that year."""
    start = _year_start(financial_year)
    found: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for change in system_changes():
        if change.kind != "merged" or change.ended <= start:
            continue
        for council_code, people in _retired_residents().get(change.code, ()):
            found[council_code, change.successor][change.code] = people
    return dict(found)


def retired_system_code(key: str) -> str | None:
    """The E54 code of an ICB merged away since (by its E54 or ODS code), or None."""
    wanted = normalise(key)
    for change in system_changes():
        if change.kind == "merged" and wanted in (
            normalise(change.code),
            normalise(change.ods_code),
        ):
            return change.code
    return None


def system_in_year(key: str, financial_year: str) -> SystemInYear:
    """The ICB a code, ODS code or name (of any vintage) means in a financial year.

    Raises :class:`joinedup.reference.NotInYear` for an ICB that did not exist that year (merged
    away, or not yet formed), saying what it became or was made of; :class:`UnknownCode` else.
    """
    wanted = normalise(key)
    present = systems_in_year(financial_year)
    by_code = {item.code: item for item in present}
    try:  # every spelling today's registry knows (full names, "Integrated Care Board", ...)
        today = system(key).code
    except UnknownCode:
        today = None
    if today in by_code:
        return by_code[today]
    for item in present:
        if wanted in {normalise(k) for k in (*item.codes, item.name, item.short_name)}:
            return item
    for change in system_changes():
        if change.kind != "merged":
            continue
        if wanted in {normalise(k) for k in (change.code, change.ods_code, change.name)}:
            raise NotInYear(
                f"{change.name} ({change.code}) merged into {change.successor} on "
                f"{change.ended:%-d %B %Y}; in {financial_year} ask for {change.successor}."
            )
        if wanted == normalise(change.successor):
            parts = [c.code for c in system_changes() if c.successor == change.successor]
            raise NotInYear(
                f"{change.successor} was formed on {change.ended:%-d %B %Y}; in "
                f"{financial_year} its area was {', '.join(parts)}."
            )
    raise UnknownCode(
        "system",
        key,
        suggest(key, ((item.code, item.name, item.codes) for item in present)),
    )
