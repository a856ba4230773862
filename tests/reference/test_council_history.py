"""Councils through time: each financial year's structure, and codes of either vintage."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.reference import (
    NotInYear,
    UnknownCode,
    council,
    council_in_year,
    councils_in_year,
    england_population,
)

YEARS = [f"{year}-{(year + 1) % 100:02d}" for year in range(2019, 2027)]


@pytest.mark.parametrize(
    ("year", "count"), [("2019-20", 151), ("2021-22", 152), ("2022-23", 152), ("2023-24", 153)]
)
def test_each_year_has_the_councils_of_its_structure(year: str, count: int) -> None:
    assert len(councils_in_year(year)) == count


@given(st.sampled_from(YEARS))
def test_every_year_covers_england_once_with_shares_adding_to_one(year: str) -> None:
    found = councils_in_year(year)
    assert sum(item.population for item in found) == england_population()
    for item in found:
        assert math.isclose(sum(m.population_share for m in item.systems), 1.0)
        assert sum(m.population for m in item.systems) == item.population


def test_cumbria_in_2022_23_is_the_county_across_two_systems() -> None:
    cumbria = council_in_year("E10000006", "2022-23")
    assert (cumbria.name, cumbria.type) == ("Cumbria County Council", "county")
    assert cumbria.successors == ("E06000063", "E06000064")
    assert cumbria.population == council("E06000063").population + council("E06000064").population
    # North East and North Cumbria, then Lancashire and South Cumbria.
    assert [m.system_code for m in cumbria.systems] == ["E54000050", "E54000048"]
    assert {item.code for item in councils_in_year("2022-23")}.isdisjoint(
        {"E06000063", "E06000064", "E06000065", "E06000066"}
    )


@pytest.mark.parametrize(
    ("key", "year", "code"),
    [
        ("E10000023", "2022-23", "E10000023"),  # North Yorkshire County Council
        ("E06000065", "2022-23", "E10000023"),  # the same area, asked for by today's code
        ("E10000023", "2024-25", "E06000065"),
        ("E10000027", "2023-24", "E06000066"),  # Somerset
        ("E10000002", "2024-25", "E06000060"),  # Buckinghamshire
        ("E08000038", "2024-25", "E08000016"),  # Barnsley under its 2024 code
        ("E08000016", "2024-25", "E08000016"),
        ("E08000039", "2019-20", "E08000019"),  # Sheffield
        ("E08000020", "2023-24", "E08000037"),  # Gateshead before 2013
        ("E10000021", "2020-21", "E10000021"),  # Northamptonshire before its split
    ],
)
def test_a_code_of_either_vintage_names_the_council_of_the_year(
    key: str, year: str, code: str
) -> None:
    assert council_in_year(key, year).code == code


def test_a_split_council_asked_for_after_the_split_says_what_followed() -> None:
    with pytest.raises(NotInYear, match=r"ended on 1 April 2023.*Cumberland \(E06000063\)"):
        council_in_year("E10000006", "2024-25")


def test_a_successor_asked_for_before_it_existed_says_what_it_was_part_of() -> None:
    with pytest.raises(NotInYear, match=r"part of Cumbria County Council \(E10000006\)"):
        council_in_year("Cumberland", "2022-23")
    with pytest.raises(NotInYear, match="Northamptonshire County Council"):
        council_in_year("E06000062", "2020-21")


def test_years_before_the_dorset_reorganisation_and_unknown_codes_are_refused() -> None:
    with pytest.raises(NotInYear, match="from 2019-20 on"):
        councils_in_year("2018-19")
    with pytest.raises(UnknownCode, match="Unknown council 'E06000999'"):
        council_in_year("E06000999", "2023-24")


def test_todays_lookup_knows_codes_issued_since_the_reference_vintage() -> None:
    assert council("E08000038").name == "Barnsley"
    assert council("E08000039").name == "Sheffield"
