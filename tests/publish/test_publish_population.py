"""Published population figures: no count of 1-7 people, none recoverable from the others."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from joinedup.population.results import (
    current_activity,
    current_breakdowns,
    current_rates,
    current_rows,
)
from joinedup.publish.disclosure import Rules
from joinedup.publish.population import PublicPopulation, public_population
from joinedup.warehouse import Warehouse


@pytest.fixture(scope="module")
def warehouse(demo_warehouse: Path) -> Iterator[Warehouse]:
    opened = Warehouse.open(demo_warehouse)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def public(warehouse: Warehouse) -> PublicPopulation:
    return public_population(warehouse, Rules())


def people_of(public: PublicPopulation) -> Iterator[tuple[str, int | None]]:
    for area in public.areas.values():
        yield "area", area.people
        for segment in area.segments:
            yield segment.segment, segment.people
    for rows in public.breakdowns.values():
        for row in rows:
            yield row.band, row.people


def test_no_published_count_is_from_1_to_7(public: PublicPopulation) -> None:
    counts = [count for _, count in people_of(public)]
    assert counts, "the demo warehouse has population results"
    assert not [count for count in counts if count is not None and 1 <= count <= 7]
    assert None in counts  # the small demo sample has small cells, so something is withheld


def test_every_small_stored_cell_is_withheld(
    warehouse: Warehouse, public: PublicPopulation
) -> None:
    for row in current_rows(warehouse):
        area = public.areas[(row["level"], row["system_code"] or "", row["council_code"] or "")]
        published = next(s for s in area.segments if s.segment == row["segment"])
        if 1 <= row["people"] <= 7:
            assert published.people is None and published.withheld
            assert published.cost is None and published.per_1000 == {}
            assert published.share_of_cost is None and published.events_in_hospital is None
        elif published.people is not None:
            assert published.people == row["people"]


def test_no_withheld_place_is_its_system_less_the_other_places(
    warehouse: Warehouse, public: PublicPopulation
) -> None:
    true: dict[tuple[str, str, str, str], int] = {}
    for row in current_rows(warehouse):
        key = (row["level"], row["system_code"] or "", row["council_code"] or "", row["segment"])
        true[key] = row["people"]
    shown = {
        (*area_key, segment.segment): segment.people
        for area_key, area in public.areas.items()
        for segment in area.segments
    }
    by_system: dict[tuple[str, str], list[tuple[str, str, str, str]]] = defaultdict(list)
    by_council: dict[tuple[str, str], list[tuple[str, str, str, str]]] = defaultdict(list)
    for key in true:
        if key[0] == "place":
            by_system[(key[1], key[3])].append(key)
            by_council[(key[2], key[3])].append(key)
    checked = 0
    for (system, segment), places in by_system.items():
        checked += _check_sum(("system", system, "", segment), places, true, shown)
    for (council, segment), places in by_council.items():
        checked += _check_sum(("council", "", council, segment), places, true, shown)
    assert checked > 100


def _check_sum(total: Any, parts: list[Any], true: dict[Any, int], shown: dict[Any, Any]) -> int:
    assert true[total] == sum(true[part] for part in parts), "places add up to their area"
    hidden = [key for key in (total, *parts) if shown[key] is None and true[key]]
    assert len(hidden) != 1, f"{hidden[0]} is its total less the others"
    return 1


def test_the_bands_of_a_system_are_protected_with_its_segments(
    warehouse: Warehouse, public: PublicPopulation
) -> None:
    rows = current_breakdowns(warehouse, "system")
    assert rows
    for (system, dimension), published in public.breakdowns.items():
        segments = {row.segment for row in published if row.segment != "*"}
        area = public.area("system", system)
        assert area is not None
        for segment in segments:
            bands = [row for row in published if row.segment == segment]
            total = next(s for s in area.segments if s.segment == segment)
            hidden: list[Any] = [row for row in bands if row.people is None]
            hidden += [total] if total.people is None else []
            assert len(hidden) != 1, (system, dimension, segment)


def test_shares_add_up_where_nothing_is_withheld(public: PublicPopulation) -> None:
    whole = [area for area in public.areas.values() if not area.withheld]
    assert whole
    for area in whole:
        assert sum(s.share_of_people or 0 for s in area.segments) == pytest.approx(1)
        assert sum(s.share_of_cost or 0 for s in area.segments) == pytest.approx(1)
        assert sum(s.people or 0 for s in area.segments) == area.people


def test_no_count_of_events_from_1_to_7_is_published_or_recoverable_from_a_rate(
    warehouse: Warehouse, public: PublicPopulation
) -> None:
    people = {
        (row["level"], row["system_code"], row["council_code"], row["segment"]): row["people"]
        for row in current_rows(warehouse)
    }
    assert any(
        found["events"] in range(1, 8)
        and people[(found["level"], found["system_code"], found["council_code"], found["segment"])]
        > 7
        for found in current_activity(warehouse)
    ), "the demo has settings with a handful of events among more than 7 people"
    recovered = []
    for area in public.areas.values():
        for segment in area.segments:
            for events in (segment.events_in_hospital, segment.events_out_of_hospital):
                if events is not None:
                    recovered.append(events)
            for rate in segment.per_1000.values():
                if rate is not None and segment.people:
                    recovered.append(round(rate * segment.people / 1000))
    assert recovered
    assert not [events for events in recovered if 1 <= events <= 7]


def test_the_rates_read_by_area_are_every_current_activity_rate(warehouse: Warehouse) -> None:
    rates: dict[tuple[str, str, str, str], dict[str, float]] = defaultdict(dict)
    for found in current_activity(warehouse):
        key = (found["level"], found["system_code"] or "", found["council_code"] or "")
        rates[(*key, found["segment"])][found["setting"]] = found["per_1000"]
    assert len(rates) > 100
    assert current_rates(warehouse) == rates
