"""The 42 integrated care systems (ICSs), one per integrated care board (ICB)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .files import read_table
from .lookup import UnknownCode, normalise, suggest

__all__ = ["System", "system", "systems"]


@dataclass(frozen=True, slots=True)
class System:
    """An integrated care system, named by its ICB.

    ``population`` is the unrounded Census 2021 usual resident population, the sum of the
    system's council parts; ``council_codes`` lists every council with any population in it.
    """

    code: str
    ods_code: str
    name: str
    short_name: str
    region_code: str
    region_name: str
    previous_codes: tuple[str, ...]
    population: int
    imd_average_score: float
    rural_population_share: float
    aged_65_plus_share: float
    council_codes: tuple[str, ...]


def _previous_codes(text: str) -> tuple[str, ...]:
    # One retired code today; ";" leaves room for a system renamed twice.
    return tuple(code for code in (part.strip() for part in text.split(";")) if code)


@cache
def _systems() -> tuple[System, ...]:
    councils_by_system: dict[str, list[str]] = {}
    for row in read_table("council_systems"):
        councils_by_system.setdefault(row["system_code"], []).append(row["council_code"])
    return tuple(
        sorted(
            (
                System(
                    code=row["code"],
                    ods_code=row["ods_code"],
                    name=row["name"],
                    short_name=row["short_name"],
                    region_code=row["region_code"],
                    region_name=row["region_name"],
                    previous_codes=_previous_codes(row["previous_code"]),
                    population=int(row["population"]),
                    imd_average_score=float(row["imd_average_score"]),
                    rural_population_share=float(row["rural_population_share"]),
                    aged_65_plus_share=float(row["aged_65_plus_share"]),
                    council_codes=tuple(sorted(councils_by_system.get(row["code"], ()))),
                )
                for row in read_table("systems")
            ),
            key=lambda s: s.code,
        )
    )


def _keys(item: System) -> tuple[str, ...]:
    return (item.code, *item.previous_codes, item.ods_code, item.name, item.short_name)


def _aliases(item: System) -> set[str]:
    keys = {normalise(key) for key in _keys(item)}
    # People write the board's name out in full as often as they abbreviate it.
    keys |= {key[: -len("icb")] + "integrated care board" for key in keys if key.endswith(" icb")}
    return keys


@cache
def _index() -> dict[str, System]:
    index: dict[str, System] = {}
    for item in _systems():
        for key in _aliases(item):
            if index.setdefault(key, item) is not item:
                raise RuntimeError(f"reference data: {key!r} names two systems")
    return index


def systems() -> list[System]:
    """All 42 systems, sorted by code."""
    return list(_systems())


def system(key: str) -> System:
    """The system with this code, previous code, ODS code, full or short name.

    Matching ignores case and surrounding whitespace. Raises :class:`UnknownCode`, with the
    three closest systems as suggestions, when nothing matches.
    """
    found = _index().get(normalise(key))
    if found is None:
        raise UnknownCode(
            "system",
            key,
            suggest(key, ((s.code, s.name, _keys(s)) for s in _systems())),
        )
    return found
