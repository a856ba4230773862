"""The shipped structure: systems, councils and how councils' populations split across systems."""

from __future__ import annotations

import pytest

from joinedup.reference import (
    COUNCIL_TYPES,
    Council,
    System,
    council,
    councils,
    councils_in,
    england_population,
    system,
    systems,
)

ENGLAND_CENSUS_2021 = 56_489_800  # ONS first results, rounded to the nearest 100


def test_there_are_42_systems_in_7_regions_sorted_by_code() -> None:
    items = systems()
    assert len(items) == 42
    assert [s.code for s in items] == sorted(s.code for s in items)
    assert len({s.region_code for s in items}) == 7
    assert all(s.code.startswith("E54") and s.region_code.startswith("E40") for s in items)
    assert len({s.ods_code for s in items}) == 42


def test_system_populations_add_up_to_england() -> None:
    total = sum(s.population for s in systems())
    assert abs(total - ENGLAND_CENSUS_2021) / ENGLAND_CENSUS_2021 < 0.005
    assert total == england_population() == sum(c.population for c in councils())


def test_there_are_153_councils_of_every_type() -> None:
    items = councils()
    assert len(items) == 153
    assert [c.code for c in items] == sorted(c.code for c in items)
    assert {c.type for c in items} == set(COUNCIL_TYPES)
    assert council("E09000001").type == "sui_generis"
    assert council("E06000053").type == "sui_generis"
    assert sum(c.type == "sui_generis" for c in items) == 2


@pytest.mark.parametrize("item", councils(), ids=lambda c: c.code)
def test_council_shares_sum_to_one_and_parts_to_the_whole(item: Council) -> None:
    assert abs(sum(m.population_share for m in item.systems) - 1) < 0.001
    assert sum(m.population for m in item.systems) == item.population
    assert sum(m.is_main_system for m in item.systems) == 1
    assert item.systems[0].is_main_system
    shares = [m.population_share for m in item.systems]
    assert shares == sorted(shares, reverse=True)


MULTI_SYSTEM_COUNCILS = {
    "Essex": {
        "Mid and South Essex",
        "Suffolk and North East Essex",
        "Hertfordshire and West Essex",
    },
    "North Yorkshire": {
        "Humber and North Yorkshire",
        "West Yorkshire",
        "Lancashire and South Cumbria",
    },
    "Hampshire": {"Hampshire and Isle of Wight", "Frimley"},
    "Surrey": {"Surrey Heartlands", "Frimley"},
    "Cumberland": {"North East and North Cumbria", "Lancashire and South Cumbria"},
    "Westmorland and Furness": {"Lancashire and South Cumbria", "North East and North Cumbria"},
    "Buckinghamshire": {
        "Buckinghamshire, Oxfordshire and Berkshire West",
        "Bedfordshire, Luton and Milton Keynes",
    },
}


@pytest.mark.parametrize("name", sorted(MULTI_SYSTEM_COUNCILS))
def test_councils_spanning_systems_list_every_one(name: str) -> None:
    item = council(name)
    assert {system(m.system_code).short_name for m in item.systems} == MULTI_SYSTEM_COUNCILS[name]
    for membership in item.systems:
        assert item.code in system(membership.system_code).council_codes
        assert item in councils_in(membership.system_code)


def test_system_council_lists_match_memberships() -> None:
    for item in systems():
        members = councils_in(item.code)
        assert [c.code for c in members] == list(item.council_codes)
        assert item.council_codes == tuple(sorted(item.council_codes))
        parts = [m for c in members for m in c.systems if m.system_code == item.code]
        # System populations are built from council parts, so per-head figures add up.
        assert sum(m.population for m in parts) == item.population


def test_every_council_is_in_a_system() -> None:
    covered = {code for s in systems() for code in s.council_codes}
    assert covered == {c.code for c in councils()}


def test_derived_columns_are_plausible() -> None:
    items: list[System | Council] = [*systems(), *councils()]
    for item in items:
        assert 0 <= item.rural_population_share <= 1
        assert 0.05 < item.aged_65_plus_share < 0.4
        assert 0 < item.imd_average_score < 60
    ranks = sorted(c.imd_rank_average_score for c in councils())
    assert ranks[0] == 1
    assert ranks[-1] <= 153
    counties = [c for c in councils() if c.type == "county"]
    assert len(counties) == 21
    assert all(c.ruc21_code is None for c in counties)
    assert all(c.ruc21_code for c in councils() if c.type != "county")


def test_returned_lists_are_copies() -> None:
    systems().clear()
    councils().clear()
    assert len(systems()) == 42
    assert len(councils()) == 153
