from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.publish.disclosure import (
    Rules,
    is_disclosive,
    protect_group,
    publish_count,
    publish_derived,
)

counts = st.integers(min_value=0, max_value=10_000)
groups = st.dictionaries(st.text(min_size=1, max_size=3), counts, min_size=1, max_size=8)
rules = st.builds(Rules, threshold=st.integers(0, 20), rounding=st.sampled_from([1, 2, 5, 10]))


def test_the_worked_example() -> None:
    cells, total = protect_group({"home care": 3, "care home": 25, "reablement": 40})
    assert cells == {"home care": None, "care home": None, "reablement": 40}
    assert total == 68


def test_zero_is_published() -> None:
    assert publish_count(0) == 0
    assert protect_group({"a": 0, "b": 12}) == ({"a": 0, "b": 12}, 12)


def test_a_disclosive_total_withholds_everything() -> None:
    assert protect_group({"a": 2, "b": 3}) == ({"a": None, "b": None}, None)


def test_derived_figures_follow_their_count() -> None:
    assert publish_derived(0.42, 5) is None
    assert publish_derived(0.42, 50) == 0.42
    assert publish_derived(0.0, 0) == 0.0


def test_rounding_never_reveals_a_small_count() -> None:
    assert publish_count(8, Rules(threshold=7, rounding=5)) == 10
    assert publish_count(8, Rules(threshold=9, rounding=5)) is None


def test_bad_rules() -> None:
    with pytest.raises(ValueError):
        Rules(threshold=-1)


@given(counts, rules)
def test_no_published_count_is_disclosive(count: int, chosen: Rules) -> None:
    published = publish_count(count, chosen)
    assert published is None or not is_disclosive(published, chosen)
    if 0 < count <= chosen.threshold:
        assert published is None


@given(groups, rules)
def test_no_withheld_cell_can_be_recovered(cells: dict[str, int], chosen: Rules) -> None:
    published, total = protect_group(cells, rules=chosen)
    assert all(v is None or not is_disclosive(v, chosen) for v in published.values())
    assert total is None or not is_disclosive(total, chosen)
    withheld = [key for key, value in published.items() if value is None]
    if total is not None:
        # One withheld cell beside a published total could be found by subtraction.
        assert len(withheld) != 1
    for key, value in cells.items():
        if 0 < value <= chosen.threshold:
            assert published[key] is None
