"""Census 2021 age and sex populations."""

from __future__ import annotations

import pytest

from joinedup.reference import (
    AGE_BANDS,
    UnknownCode,
    age_sex_population,
    all_ages_population,
    councils,
    system,
    systems,
)


def test_age_bands_are_the_19_european_standard_bands() -> None:
    assert len(AGE_BANDS) == 19
    assert AGE_BANDS[:2] == ("0-4", "5-9")
    assert AGE_BANDS[-2:] == ("85-89", "90+")


@pytest.mark.parametrize("sex", ["persons", "female", "male"])
def test_england_bands_sum_to_the_all_ages_figure(sex: str) -> None:
    bands = age_sex_population("england", "E92000001", sex)
    assert list(bands) == list(AGE_BANDS)
    total = all_ages_population("england", "E92000001", sex)
    # ONS rounds every cell to the nearest 100, so only near equality holds.
    assert abs(sum(bands.values()) - total) / total < 0.0001
    if sex == "persons":
        assert total == 56_489_800


def test_every_system_and_council_has_bands_for_each_sex() -> None:
    for area_type, items in (("system", systems()), ("council", councils())):
        for item in items:
            persons = age_sex_population(area_type, item.code)
            female = age_sex_population(area_type, item.code, "female")
            male = age_sex_population(area_type, item.code, "male")
            assert list(persons) == list(AGE_BANDS)
            assert all(value >= 0 for value in persons.values())
            total = all_ages_population(area_type, item.code)
            assert abs(sum(persons.values()) - total) <= max(1000, 0.01 * total)
            assert abs(sum(female.values()) + sum(male.values()) - total) <= max(1000, 0.01 * total)


def test_areas_accept_any_lookup_key() -> None:
    assert age_sex_population("system", "E54000052") == age_sex_population("system", "QXU")
    assert age_sex_population("council", "essex") == age_sex_population("council", "E10000012")
    assert age_sex_population("england", "England") == age_sex_population("england", "e92000001")
    older = sum(list(age_sex_population("system", "E54000063").values())[13:])
    assert (
        abs(older / all_ages_population("system", "E54000063") - system("QXU").aged_65_plus_share)
        < 0.001
    )


def test_bad_arguments_are_rejected() -> None:
    with pytest.raises(ValueError, match="area_type"):
        age_sex_population("region", "E40000003")
    with pytest.raises(ValueError, match="sex"):
        age_sex_population("england", "E92000001", "women")
    with pytest.raises(ValueError, match="E92000001"):
        age_sex_population("england", "W92000004")
    with pytest.raises(UnknownCode):
        age_sex_population("council", "Atlantis")
