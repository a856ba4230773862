"""Census 2021 population by sex and five-year age band for England, systems and councils.

These are the ONS first-results figures, each rounded to the nearest 100 by ONS, so the bands
of an area need not add up to its all-ages figure; system figures are apportioned from
councils' districts. For exact all-ages totals use ``System.population`` and
``Council.population`` instead.
"""

from __future__ import annotations

from functools import cache

from .council_registry import council
from .files import read_table
from .lookup import normalise
from .system_registry import system

__all__ = [
    "AGE_BANDS",
    "AREA_TYPES",
    "ENGLAND_CODE",
    "SEXES",
    "age_sex_population",
    "all_ages_population",
]

#: The 19 age bands of the 2013 European Standard Population, youngest first.
AGE_BANDS: tuple[str, ...] = (
    "0-4",
    "5-9",
    "10-14",
    "15-19",
    "20-24",
    "25-29",
    "30-34",
    "35-39",
    "40-44",
    "45-49",
    "50-54",
    "55-59",
    "60-64",
    "65-69",
    "70-74",
    "75-79",
    "80-84",
    "85-89",
    "90+",
)
AREA_TYPES: tuple[str, ...] = ("england", "system", "council")
SEXES: tuple[str, ...] = ("persons", "female", "male")
ENGLAND_CODE = "E92000001"
_ALL_AGES = "all"


@cache
def _table() -> dict[tuple[str, str, str], dict[str, int]]:
    table: dict[tuple[str, str, str], dict[str, int]] = {}
    for row in read_table("populations"):
        key = (row["area_type"], row["area_code"], row["sex"])
        table.setdefault(key, {})[row["age_band"]] = int(row["population"])
    return table


def _area_code(area_type: str, code: str) -> str:
    if area_type == "system":
        return system(code).code
    if area_type == "council":
        return council(code).code
    if area_type == "england":
        if normalise(code) not in (normalise(ENGLAND_CODE), "england"):
            raise ValueError(f"England's code is {ENGLAND_CODE}, not {code!r}")
        return ENGLAND_CODE
    raise ValueError(f"area_type must be one of {', '.join(AREA_TYPES)}, not {area_type!r}")


def _bands(area_type: str, code: str, sex: str) -> dict[str, int]:
    if sex not in SEXES:
        raise ValueError(f"sex must be one of {', '.join(SEXES)}, not {sex!r}")
    return _table()[(area_type, _area_code(area_type, code), sex)]


def age_sex_population(area_type: str, code: str, sex: str = "persons") -> dict[str, int]:
    """Population by age band (the 19 :data:`AGE_BANDS`, in order) for one area and sex.

    ``area_type`` is ``england``, ``system`` or ``council``; ``code`` is anything
    :func:`~joinedup.reference.system` or :func:`~joinedup.reference.council` accepts, or
    ``E92000001`` for England. Raises ``ValueError`` for a bad area type or sex and
    :class:`~joinedup.reference.UnknownCode` for an unknown system or council.
    """
    bands = _bands(area_type, code, sex)
    return {band: bands[band] for band in AGE_BANDS}


def all_ages_population(area_type: str, code: str, sex: str = "persons") -> int:
    """The published all-ages figure matching :func:`age_sex_population` (rounded by ONS)."""
    return _bands(area_type, code, sex)[_ALL_AGES]
