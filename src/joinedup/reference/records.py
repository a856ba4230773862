"""Systems and councils as typed records: the shape the CLI's JSON and the API both use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from joinedup.core.record import Record
from joinedup.reference import Council, System, council, councils, councils_in, system, systems


class SystemRecord(Record):
    """An integrated care system: its codes, region, Census 2021 population and councils."""

    code: str
    name: str
    short_name: str
    ods_code: str
    previous_codes: list[str]
    region: str
    region_code: str
    population: int
    councils: list[str]
    aged_65_plus_share: float
    imd_average_score: float
    rural_population_share: float


class SystemCouncil(Record):
    """A council of a system, with the part of its population living in the system."""

    code: str
    name: str
    type: str
    population_in_system: int
    population_share: float


class SystemDetail(SystemRecord):
    """A system with its councils and the share of each council's population within it."""

    council_detail: list[SystemCouncil]


class CouncilMembership(Record):
    """The part of a council's population living in one system."""

    code: str
    population_share: float
    population: int


class NamedMembership(CouncilMembership):
    """A council's part in one system, with the system's name."""

    name: str


class CouncilRecord(Record):
    """An upper-tier council: its type, population, systems and area measures."""

    code: str
    name: str
    type: str
    population: int
    systems: Sequence[CouncilMembership]
    aged_65_plus_share: float
    imd_average_score: float
    imd_rank_average_score: int
    rural_population_share: float
    ruc21_code: str | None


class CouncilDetail(CouncilRecord):
    """A council with the name of every system it belongs to."""

    systems: Sequence[NamedMembership]


def system_record(found: System) -> SystemRecord:
    return SystemRecord(**_system_fields(found))


def _system_fields(found: System) -> dict[str, Any]:
    return {
        "code": found.code,
        "name": found.name,
        "short_name": found.short_name,
        "ods_code": found.ods_code,
        "previous_codes": list(found.previous_codes),
        "region": found.region_name,
        "region_code": found.region_code,
        "population": found.population,
        "councils": list(found.council_codes),
        "aged_65_plus_share": found.aged_65_plus_share,
        "imd_average_score": found.imd_average_score,
        "rural_population_share": found.rural_population_share,
    }


def council_record(found: Council) -> CouncilRecord:
    return CouncilRecord(
        **_council_fields(found),
        systems=[
            CouncilMembership(
                code=membership.system_code,
                population_share=membership.population_share,
                population=membership.population,
            )
            for membership in found.systems
        ],
    )


def _council_fields(found: Council) -> dict[str, Any]:
    """A council's fields but its systems."""
    return {
        "code": found.code,
        "name": found.name,
        "type": found.type,
        "population": found.population,
        "aged_65_plus_share": found.aged_65_plus_share,
        "imd_average_score": found.imd_average_score,
        "imd_rank_average_score": found.imd_rank_average_score,
        "rural_population_share": found.rural_population_share,
        "ruc21_code": found.ruc21_code,
    }


def system_records() -> list[SystemRecord]:
    """Every system, in code order."""
    return [system_record(found) for found in systems()]


def council_records(system_key: str | None = None) -> list[CouncilRecord]:
    """Every council, or those with population in one system (given by any key it answers to)."""
    chosen = councils() if system_key is None else councils_in(system(system_key).code)
    return [council_record(found) for found in chosen]


def system_detail(key: str) -> SystemDetail:
    """A system with its councils and the share of each council's population within it."""
    found = system(key)
    return SystemDetail(
        **_system_fields(found),
        council_detail=[
            SystemCouncil(
                code=member.code,
                name=member.name,
                type=member.type,
                population_in_system=membership.population,
                population_share=membership.population_share,
            )
            for member in councils_in(found.code)
            for membership in member.systems
            if membership.system_code == found.code
        ],
    )


def council_detail(key: str) -> CouncilDetail:
    """A council with the name of every system it belongs to."""
    found = council(key)
    return CouncilDetail(
        **_council_fields(found),
        systems=[
            NamedMembership(
                code=membership.system_code,
                population_share=membership.population_share,
                population=membership.population,
                name=system(membership.system_code).name,
            )
            for membership in found.systems
        ],
    )
