"""The 153 upper-tier councils and their share of population in each system."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .code_changes import recoded
from .files import read_table
from .lookup import UnknownCode, normalise, suggest
from .system_registry import system

__all__ = [
    "COUNCIL_TYPES",
    "Council",
    "Membership",
    "council",
    "councils",
    "councils_in",
    "england_population",
]

COUNCIL_TYPES: tuple[str, ...] = (
    "county",
    "unitary",
    "metropolitan_borough",
    "london_borough",
    "sui_generis",
)


@dataclass(frozen=True, slots=True)
class Membership:
    """The part of a council's population that lives in one system."""

    system_code: str
    population: int
    population_share: float
    is_main_system: bool


@dataclass(frozen=True, slots=True)
class Council:
    """An upper-tier council (social care authority).

    ``systems`` holds one :class:`Membership` per system the council's population lives in,
    largest share first; the shares add up to 1.
    """

    code: str
    name: str
    type: str
    population: int
    imd_average_score: float
    imd_rank_average_score: int
    rural_population_share: float
    ruc21_code: str | None
    aged_65_plus_share: float
    systems: tuple[Membership, ...]


@cache
def _councils() -> tuple[Council, ...]:
    memberships: dict[str, list[Membership]] = {}
    for row in read_table("council_systems"):
        memberships.setdefault(row["council_code"], []).append(
            Membership(
                system_code=row["system_code"],
                population=int(row["population"]),
                population_share=float(row["population_share"]),
                is_main_system=row["is_main_system"] == "true",
            )
        )
    return tuple(
        sorted(
            (
                Council(
                    code=row["code"],
                    name=row["name"],
                    type=row["type"],
                    population=int(row["population"]),
                    imd_average_score=float(row["imd_average_score"]),
                    imd_rank_average_score=int(row["imd_rank_average_score"]),
                    rural_population_share=float(row["rural_population_share"]),
                    ruc21_code=row["ruc21_code"] or None,
                    aged_65_plus_share=float(row["aged_65_plus_share"]),
                    systems=tuple(
                        sorted(
                            memberships.get(row["code"], ()),
                            key=lambda m: (-m.population_share, m.system_code),
                        )
                    ),
                )
                for row in read_table("councils")
            ),
            key=lambda c: c.code,
        )
    )


@cache
def _index() -> dict[str, Council]:
    index: dict[str, Council] = {}
    aliases = recoded()
    for item in _councils():
        # A council re-coded after this data's vintage (Barnsley E08000038) answers to both codes.
        keys = (item.code, item.name, *([aliases[item.code]] if item.code in aliases else []))
        for key in map(normalise, keys):
            if index.setdefault(key, item) is not item:
                raise RuntimeError(f"reference data: {key!r} names two councils")
    return index


def councils() -> list[Council]:
    """All 153 councils, sorted by code."""
    return list(_councils())


def council(key: str) -> Council:
    """The council with this code or name, ignoring case and surrounding whitespace.

    Raises :class:`UnknownCode`, with the three closest councils as suggestions.
    """
    found = _index().get(normalise(key))
    if found is None:
        raise UnknownCode(
            "council",
            key,
            suggest(key, ((c.code, c.name, (c.code, c.name)) for c in _councils())),
        )
    return found


def councils_in(system_code: str) -> list[Council]:
    """The councils with any population in a system, sorted by code.

    Accepts any key :func:`system` does, so a retired code still works.
    """
    wanted = set(system(system_code).council_codes)
    return [item for item in _councils() if item.code in wanted]


@cache
def england_population() -> int:
    """England's Census 2021 population as the sum of its councils (56,490,052)."""
    return sum(item.population for item in _councils())
