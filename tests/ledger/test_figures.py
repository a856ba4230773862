from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from joinedup.ledger.area_spend import AreaSpend, spend_by_area, years_with_spend
from joinedup.ledger.figures import NoSpend, summary
from joinedup.ledger.submission import submit
from joinedup.reference import systems
from joinedup.warehouse import Warehouse

WriteCsv = Callable[[str, list[list[object]]], Path]


KEYS = {
    "total_spend",
    "per_head",
    "out_of_hospital_spend",
    "out_of_hospital_per_head",
    "out_of_hospital_share",
    "prevention_share",
    "prevention_shift_5y_pp",
    "pooled_per_head",
    "by_spending_type",
    "synthetic",
}


@pytest.fixture
def demo(demo_warehouse: Path) -> Iterator[Warehouse]:
    with Warehouse.open(demo_warehouse) as opened:
        yield opened


@pytest.mark.parametrize("key", ["E54000008", "E54000063", "QNX", "Frimley"])
def test_system_summary_on_the_demo(demo: Warehouse, key: str) -> None:
    figures = summary(demo, "system", key)
    assert set(figures.model_dump()) >= KEYS
    for name in ("out_of_hospital_share", "prevention_share"):
        assert 0 <= figures.value(name) <= 1
    assert figures.in_hospital_spend + figures.out_of_hospital_spend == pytest.approx(
        figures.total_spend, abs=0.02
    )
    assert figures.synthetic is True
    assert sum(row.amount for row in figures.by_spending_type if row.headline) == (
        pytest.approx(figures.total_spend, abs=1)
    )


def test_systems_add_up_to_england_to_the_penny(demo: Warehouse) -> None:
    for year in years_with_spend(demo):
        areas = spend_by_area(demo, [year])
        england = areas["england", "E92000001", year]
        total = sum((areas["system", s.code, year].total() for s in systems()), Decimal(0))
        assert total == england.total()
        csc = sum(
            (areas["system", s.code, year].total(headline=False) for s in systems()), Decimal(0)
        )
        assert csc == england.total(headline=False)


def test_council_areas_add_up_to_england(demo: Warehouse) -> None:
    year = years_with_spend(demo)[-1]
    areas = spend_by_area(demo, [year])
    councils = sum(
        (spend.total() for (kind, _, _), spend in areas.items() if kind == "council"), Decimal(0)
    )
    assert councils == pytest.approx(
        areas["england", "E92000001", year].total(), rel=Decimal("1e-9")
    )


def test_one_area_alone_is_that_area_of_every_area(demo: Warehouse) -> None:
    """A page asks for one area's spend; it must be that area's spend of the whole
    computation (a council in several systems takes its share of each one's spend)."""
    from joinedup.reference import councils

    years = years_with_spend(demo)
    every = spend_by_area(demo, years)
    shared = [member.code for member in councils() if len(member.systems) > 1]
    assert shared, "the reference data has councils in more than one system"
    areas = [("england", "E92000001"), *(("system", s.code) for s in systems())]
    areas += [("council", code) for code in [*shared, "E10000016", "E06000063"]]
    for area_type, code in areas:
        alone = spend_by_area(demo, years, only=(area_type, code))
        assert {key[:2] for key in alone} <= {(area_type, code)}
        for year in years:
            expected = every.get((area_type, code, year))
            found = alone.get((area_type, code, year))
            assert (found is None) == (expected is None), (area_type, code, year)
            if expected is not None and found is not None:
                assert by_kind(found) == by_kind(expected), (area_type, code, year)


def test_areas_of_one_type_are_those_of_every_area(demo: Warehouse) -> None:
    """A table of systems (or of council areas) gathers only those, the same as in the whole."""
    years = years_with_spend(demo)[-2:]
    every = spend_by_area(demo, years)
    for area_type in ("england", "system", "council"):
        chosen = spend_by_area(demo, years, area_types=[area_type])
        assert chosen and {key[0] for key in chosen} == {area_type}
        assert {key: by_kind(spend) for key, spend in chosen.items()} == {
            key: by_kind(spend) for key, spend in every.items() if key[0] == area_type
        }
    with pytest.raises(ValueError, match="Unknown area types"):
        spend_by_area(demo, years, area_types=["region"])


def by_kind(spend: AreaSpend) -> dict[tuple[str, str, bool], Decimal]:
    """An area's spend added up by spending type, funding source and pooling (the lines may
    come added up already, or not)."""
    totals: dict[tuple[str, str, bool], Decimal] = {}
    for cell in spend.cells:
        key = (cell.spending_type, cell.funding_source, cell.pooled)
        totals[key] = totals.get(key, Decimal(0)) + cell.amount
    return totals


def test_prevention_shift_varies_between_systems(demo: Warehouse) -> None:
    shifts = [summary(demo, "system", s.code).prevention_shift_5y_pp for s in systems()]
    assert min(shifts) < 0 < 1 < max(shifts)


def test_england_totals_are_of_the_published_order(demo: Warehouse) -> None:
    figures = summary(demo, "england", year="2023-24")
    by_type = {row.code: row.amount for row in figures.by_spending_type}
    adult_social_care = sum(v for k, v in by_type.items() if k.startswith("asc_"))
    public_health = sum(v for k, v in by_type.items() if k.startswith("ph_"))
    assert adult_social_care == pytest.approx(27.06e9, rel=0.05)  # ASC-FR 2023-24 GCE
    assert public_health == pytest.approx(3.53e9, rel=0.05)  # public health grant 2023-24
    assert 110e9 < figures.total_spend < 170e9


def test_apportioning_a_council_in_three_systems(
    write_csv: WriteCsv, tmp_path: Path, warehouse: Warehouse
) -> None:
    rows = [["", "", "", "asc_home_care", "council_core", "", "1000000.01", ""]]
    submit(warehouse, write_csv("e.csv", rows), "E10000012", "2024-25")
    shares = {
        system: summary(warehouse, "system", system).total_spend
        for system in ("E54000026", "E54000023", "E54000025")  # MSE, SNEE, HWE
    }
    assert sum(Decimal(str(v)) for v in shares.values()) == Decimal("1000000.01")
    assert max(shares, key=shares.__getitem__) == "E54000026"
    assert summary(warehouse, "council", "Essex").total_spend == pytest.approx(1000000.01)


def test_empty_ledger_says_what_to_do(warehouse: Warehouse) -> None:
    with pytest.raises(NoSpend, match="ledger submit"):
        summary(warehouse, "england")


def test_unknown_year(demo: Warehouse) -> None:
    with pytest.raises(NoSpend, match="2020-21"):
        summary(demo, "england", year="2010-11")


def test_a_year_without_spend_is_no_data_never_zeros_ranked(demo_warehouse: Path) -> None:
    from joinedup.ledger.comparison import MeasureTable, NoSpend

    with (
        Warehouse.open(demo_warehouse) as warehouse,
        pytest.raises(NoSpend, match="No data for 1999-00"),
    ):
        MeasureTable(warehouse, "1999-00")
