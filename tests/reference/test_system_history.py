"""ICBs through time: a merger recorded as rows of reference data changes every year before it.

No ICB has merged yet, so the merger here is made up for the test: West Yorkshire formed in April
2024 from a Leeds ICB and an ICB for the rest of West Yorkshire. The data is two CSV files' rows;
the code under test is the same that a real merger will use.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from joinedup.ledger.published import published_figures
from joinedup.reference import NotInYear, council, council_in_year, councils_in_year, system_history
from joinedup.reference.mid_year import population_of
from joinedup.warehouse import Warehouse

WEST_YORKSHIRE = "E54000054"
LEEDS_ICB, REST_ICB = "E54900001", "E54900002"
LEEDS = "E08000035"


def _residents() -> list[dict[str, str]]:
    rows = []
    for item in (
        council_in_year(LEEDS, "2024-25"),
        *[c for c in councils_in_year("2024-25") if c.code != LEEDS],
    ):
        for membership in item.systems:
            if membership.system_code == WEST_YORKSHIRE:
                icb = LEEDS_ICB if item.code == LEEDS else REST_ICB
                rows.append(
                    {
                        "system_code": icb,
                        "council_code": item.code,
                        "population": str(membership.population),
                    }
                )
    return rows


@pytest.fixture
def merger(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    residents = _residents()
    changes = [
        {
            "code": code,
            "ods_code": ods,
            "name": name,
            "short_name": short,
            "ended": "2024-04-01",
            "successor": WEST_YORKSHIRE,
            "kind": "merged",
            "note": "merged into West Yorkshire",
        }
        for code, ods, name, short in (
            (LEEDS_ICB, "Z01", "NHS Leeds ICB", "Leeds"),
            (REST_ICB, "Z02", "NHS Rest of West Yorkshire ICB", "Rest of West Yorkshire"),
        )
    ]
    tables = {"system_changes": changes, "system_memberships": residents}
    _clear()
    monkeypatch.setattr(system_history, "_read", lambda name: tables[name])
    yield
    monkeypatch.undo()
    _clear()


def _clear() -> None:
    from joinedup.reference import council_history

    for cached in (
        system_history.system_changes,
        system_history._retired_residents,
        system_history.systems_in_year,
        council_history.councils_in_year,
        council_history._by_key,
    ):
        cached.cache_clear()


@pytest.mark.usefixtures("merger")
def test_years_before_a_merger_have_the_icbs_that_merged() -> None:
    before = {item.code for item in system_history.systems_in_year("2023-24")}
    after = {item.code for item in system_history.systems_in_year("2024-25")}
    assert len(before) == 43 and {LEEDS_ICB, REST_ICB} <= before and WEST_YORKSHIRE not in before
    assert len(after) == 42 and WEST_YORKSHIRE in after
    assert [m.system_code for m in council_in_year(LEEDS, "2023-24").systems] == [LEEDS_ICB]
    assert [m.system_code for m in council_in_year(LEEDS, "2024-25").systems] == [WEST_YORKSHIRE]


@pytest.mark.usefixtures("merger")
def test_asking_for_an_icb_outside_its_years_says_what_it_was() -> None:
    with pytest.raises(NotInYear, match=f"formed on 1 April 2024.*{LEEDS_ICB}"):
        system_history.system_in_year(WEST_YORKSHIRE, "2023-24")
    with pytest.raises(NotInYear, match=f"merged into {WEST_YORKSHIRE}"):
        system_history.system_in_year("NHS Leeds ICB", "2024-25")


@pytest.mark.usefixtures("merger")
def test_published_figures_follow_the_icbs_of_the_year(published_db: Path) -> None:
    with Warehouse.open(published_db) as warehouse:
        leeds_icb = published_figures(warehouse, "system", LEEDS_ICB, "2023-24")
        leeds = published_figures(warehouse, "council", LEEDS, "2023-24")
        england = published_figures(warehouse, "england", "", "2023-24")
    assert leeds_icb.adult_social_care_gbp == leeds.adult_social_care_gbp
    assert leeds_icb.adult_social_care_gbp and leeds_icb.adult_social_care_gbp > Decimal(0)
    assert (
        leeds_icb.population
        == population_of(
            financial_year="2023-24", council=council_in_year(LEEDS, "2023-24")
        ).population
    )
    assert england.adult_social_care_gbp  # every council still counts once
    assert council(LEEDS).systems[0].system_code == WEST_YORKSHIRE  # today's data untouched
