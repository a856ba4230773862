"""Systems and councils as plain records: the shape the CLI's JSON and the API both use."""

from __future__ import annotations

from typing import Any

from joinedup.reference import Council, System, council, councils, councils_in, system, systems


def system_record(found: System) -> dict[str, Any]:
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


def council_record(found: Council) -> dict[str, Any]:
    return {
        "code": found.code,
        "name": found.name,
        "type": found.type,
        "population": found.population,
        "systems": [
            {
                "code": membership.system_code,
                "population_share": membership.population_share,
                "population": membership.population,
            }
            for membership in found.systems
        ],
        "aged_65_plus_share": found.aged_65_plus_share,
        "imd_average_score": found.imd_average_score,
        "imd_rank_average_score": found.imd_rank_average_score,
        "rural_population_share": found.rural_population_share,
        "ruc21_code": found.ruc21_code,
    }


def system_records() -> list[dict[str, Any]]:
    """Every system, in code order."""
    return [system_record(found) for found in systems()]


def council_records(system_key: str | None = None) -> list[dict[str, Any]]:
    """Every council, or those with population in one system (given by any key it answers to)."""
    chosen = councils() if system_key is None else councils_in(system(system_key).code)
    return [council_record(found) for found in chosen]


def system_detail(key: str) -> dict[str, Any]:
    """A system with its councils and the share of each council's population within it."""
    found = system(key)
    record = system_record(found)
    record["council_detail"] = [
        {
            "code": member.code,
            "name": member.name,
            "type": member.type,
            "population_in_system": membership.population,
            "population_share": membership.population_share,
        }
        for member in councils_in(found.code)
        for membership in member.systems
        if membership.system_code == found.code
    ]
    return record


def council_detail(key: str) -> dict[str, Any]:
    """A council with the name of every system it belongs to."""
    found = council(key)
    record = council_record(found)
    for membership in record["systems"]:
        membership["name"] = system(membership["code"]).name
    return record
