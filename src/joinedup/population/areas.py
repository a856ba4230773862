"""Areas: which system and council a person counts in, from their district or council.

A person's system is their district's (local authority district, LAD) system when the district is
known, else their council's main system. Twelve districts are split between two or three systems
(for example East Suffolk, between Norfolk and Waveney and Suffolk and North East Essex); without a
smaller area JoinedUp cannot tell which part a person lives in, so it counts everyone in a split
district in the system holding most of the district's people (its *main* system). A council's main
system is the one holding most of the council's people, as the reference data marks it.

The rule itself is applied in the ibis expressions (``segmentation.person_table``) so that every
engine applies it the same way; this module builds the small lookup table they join to.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from joinedup.reference import councils
from joinedup.reference.files import read_table

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass(frozen=True, slots=True)
class District:
    code: str
    name: str
    council_code: str
    main_system: str
    split: bool


@cache
def districts() -> dict[str, District]:
    """Every district by code, with its council and main system."""
    parts: dict[str, list[dict[str, str]]] = {}
    for row in read_table("districts"):
        parts.setdefault(row["code"], []).append(row)
    found = {}
    for code, rows in parts.items():
        main = max(rows, key=lambda row: (float(row["population_share"]), row["system_code"]))
        found[code] = District(
            code, main["name"], main["council_code"], main["system_code"], len(rows) > 1
        )
    return found


@cache
def council_main_systems() -> dict[str, str]:
    """Every council's main system."""
    return {member.code: member.systems[0].system_code for member in councils()}


def area_key(district_code: str | None, council_code: str) -> str:
    """The key a person is looked up by: their district when known, else their council.

    >>> area_key("E07000244", "E10000029"), area_key(None, "E10000029")
    ('D:E07000244', 'C:E10000029')
    """
    return f"D:{district_code}" if district_code else f"C:{council_code}"


def area_table() -> pa.Table:
    """The lookup the engines join to: the system each area key counts in, and the key's
    position in the table (``area_index``), a small number standing for the area in
    :func:`~joinedup.population.attribution.cell_expression`."""
    import pyarrow as pa

    rows = sorted(
        [(area_key(None, code), system) for code, system in council_main_systems().items()]
        + [(area_key(d.code, d.council_code), d.main_system) for d in districts().values()]
    )
    return pa.table(
        {
            "area_key": [key for key, _ in rows],
            "area_system_code": [system for _, system in rows],
            "area_index": list(range(len(rows))),
        },
        schema=pa.schema(
            [
                ("area_key", pa.string()),
                ("area_system_code", pa.string()),
                ("area_index", pa.int32()),
            ]
        ),
    )
