"""The catalogue of headline measures agrees with what the ledger computes and what it ranks."""

from __future__ import annotations

import pytest

from joinedup.ledger.area_spend import AreaSpend
from joinedup.ledger.figures import headline
from joinedup.ledger.measures import (
    MEASURES,
    UnknownMeasure,
    fair_measures,
    measure,
    ranked_measure,
    ranked_names,
)


def test_every_computed_figure_is_a_measure_in_the_catalogue_and_no_other() -> None:
    computed = set(headline(AreaSpend(), None, 1000).model_dump()) - {"population"}
    assert computed == {found.name for found in MEASURES}


def test_names_are_unique_and_each_is_found_by_name() -> None:
    assert len({found.name for found in MEASURES}) == len(MEASURES)
    assert measure("pooled_per_head").label == "Pooled budgets per head"


def test_ranked_measures_and_their_polarity() -> None:
    assert ranked_names() == (
        "total_spend",
        "per_head",
        "out_of_hospital_spend",
        "out_of_hospital_per_head",
        "out_of_hospital_share",
        "prevention_spend",
        "prevention_per_head",
        "prevention_share",
        "prevention_shift_5y_pp",
        "pooled_spend",
        "pooled_per_head",
    )
    # The policy asks for more out-of-hospital care, prevention and pooling; amounts carry none.
    assert ranked_measure("prevention_share").higher_is_better is True
    assert ranked_measure("pooled_spend").higher_is_better is None
    assert ranked_measure("per_head").higher_is_better is None


def test_a_measure_that_is_not_ranked_is_refused_by_name() -> None:
    with pytest.raises(UnknownMeasure, match=r"'in_hospital_spend'.*total_spend, per_head"):
        ranked_measure("in_hospital_spend")
    with pytest.raises(UnknownMeasure):
        ranked_measure("nothing")


def test_the_pages_offer_only_measures_fair_between_systems_of_different_sizes() -> None:
    assert [found.name for found in fair_measures()] == [
        "per_head",
        "out_of_hospital_per_head",
        "out_of_hospital_share",
        "prevention_per_head",
        "prevention_share",
        "prevention_shift_5y_pp",
        "pooled_per_head",
    ]
    assert {found.unit_words for found in fair_measures()} == {
        "£ per resident",
        "share of spend",
        "percentage points",
    }
