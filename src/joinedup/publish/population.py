"""Population health figures as they may be published: people, cost and activity by segment for
every system, place and council, with counts of people withheld across every level at once.

Places sit inside systems and inside councils, and segments inside areas, so the published
counts add up along several paths: a system's people in a segment are the sum of that segment in
its places, and a council's the sum of its places in each system. One place's withheld count
could be found by subtracting its neighbours from the system's total, so disclosure control is
applied to all the counts together (``disclosure.protect_linked``), never one table at a time.
A withheld count withholds everything derived from it: the segment's costs, shares, cost per
head, events and activity per 1,000 people. Money is not a count of people and is published
otherwise. Counts of events of 1 to the threshold are withheld like counts of people, and so is
a rate per 1,000 people that would give one back (rate x people / 1,000).

Person-level counts the stored results also hold (people with two or more conditions) are not
published: they are counts of people the linked sums do not protect. Averages per person (long-
term conditions, Cambridge score) are published instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import Field

from joinedup.core.record import Record
from joinedup.publish.disclosure import Rules, is_disclosive, protect_linked, publish_count
from joinedup.warehouse import Warehouse

ALL = "*"  # the segment (or band) that is every segment of an area together
LEVELS = ("system", "place", "council")
Key = tuple[str, str, str, str]  # level, system code, council code, segment ('' for none)
BandKey = tuple[str, str, str, str, str]  # 'band', system, segment, dimension, band


class SegmentFigures(Record):
    """One population segment of an area as published: ``people`` None when withheld, and
    then every figure derived from it None too (``per_1000`` empty). Money in pounds, shares
    from 0 to 1, events per 1,000 people by setting (a rate that would give a withheld count
    of events away is None)."""

    segment: str
    label: str
    people: int | None
    withheld: bool
    share_of_people: float | None = None
    cost_in_hospital: float | None = None
    cost_out_of_hospital: float | None = None
    cost: float | None = None
    share_of_cost: float | None = None
    cost_per_head: float | None = None
    events_in_hospital: int | None = None
    events_out_of_hospital: int | None = None
    conditions_per_person: float | None = None
    cms_per_person: float | None = None
    per_1000: dict[str, float | None] = Field(default_factory=dict)


class AreaFigures(Record):
    """A system's, place's (a system's part of a council) or council's published figures:
    its people and cost (None when its count is withheld) and its segments; ``withheld`` when
    any of its counts is."""

    level: str
    system_code: str | None
    council_code: str | None
    people: int | None
    cost: float | None
    cost_per_head: float | None
    withheld: bool
    segments: list[SegmentFigures]


class BandFigures(Record):
    """People and cost of one band (of age, sex or deprivation decile) of a segment of a
    system, or of all its segments (segment ``*``); costs None where the count is withheld."""

    segment: str
    label: str
    band: str
    people: int | None
    cost_in_hospital: float | None
    cost_out_of_hospital: float | None
    withheld: bool


class PopulationRun(Record):
    """A population run behind the figures: its year, segmentation rules, engine and people
    (withheld when 1 to 7), as published."""

    financial_year: str
    rules: str
    engine: str
    people: int | None
    run_at: str
    joinedup_version: str
    synthetic: bool


class AreaPopulation(Record):
    """An area's published population figures with the runs behind them, and its places
    (a system's in each council, or a council's part of each system)."""

    runs: list[PopulationRun]
    area: AreaFigures
    places: list[AreaFigures]


@dataclass(frozen=True, slots=True)
class PublicPopulation:
    """Every area's published figures, keyed by (level, system code, council code)."""

    runs: list[dict[str, Any]]
    segments: list[dict[str, Any]]
    areas: dict[tuple[str, str, str], AreaFigures]
    breakdowns: dict[tuple[str, str], list[BandFigures]]  # (system code, dimension)

    @property
    def synthetic(self) -> bool:
        return any(run["synthetic"] for run in self.runs)

    def area(self, level: str, code: str) -> AreaFigures | None:
        """One system's (``level='system'``) or council's figures, or None without results."""
        if level == "system":
            return self.areas.get(("system", code, ""))
        if level == "council":
            return self.areas.get(("council", "", code))
        raise ValueError("level must be 'system' or 'council'")

    def places(self, *, system: str | None = None, council: str | None = None) -> list[AreaFigures]:
        """The places (a system's part of a council) of one system or of one council."""
        return [
            record
            for (level, system_code, council_code), record in sorted(self.areas.items())
            if level == "place"
            and (system is None or system_code == system)
            and (council is None or council_code == council)
        ]

    def published_area(self, level: str, code: str) -> AreaPopulation | None:
        """One system's or council's figures with the runs behind them and its places, as the
        API answers them, or None without results."""
        area = self.area(level, code)
        if area is None:
            return None
        return AreaPopulation(
            runs=[_run(run) for run in self.runs],
            area=area,
            places=self.places(**{level: code}),
        )


def _run(run: dict[str, Any]) -> PopulationRun:
    return PopulationRun(
        financial_year=run["financial_year"],
        rules=run["rules_name"],
        engine=run["engine"],
        people=publish_count(run["people"], Rules()),
        run_at=run["run_at"].isoformat(timespec="seconds"),
        joinedup_version=run["joinedup_version"],
        synthetic=run["synthetic"],
    )


def public_population(warehouse: Warehouse, rules: Rules) -> PublicPopulation:
    """The current population runs' results with disclosure control applied to every count."""
    from joinedup.population import results

    runs = results.current_runs(warehouse)
    segments = results.current_segments(warehouse)
    rows = results.current_rows(warehouse)
    rates = results.current_rates(warehouse)
    bands = results.current_breakdowns(warehouse, "system")
    counts, sums = _linked_counts(rows, bands)
    published = protect_linked(counts, sums, rules)
    labels = {segment["code"]: segment["label"] for segment in segments}
    areas = _areas(rows, rates, published, labels, rules)
    return PublicPopulation(runs, segments, areas, _breakdowns(bands, published, labels))


def _key(row: dict[str, Any], segment: str | None = None) -> Key:
    return (
        row["level"],
        row["system_code"] or "",
        row["council_code"] or "",
        row["segment"] if segment is None else segment,
    )


def _linked_counts(
    rows: list[dict[str, Any]], bands: list[dict[str, Any]]
) -> tuple[dict[Any, int], list[tuple[Any, list[Any]]]]:
    """Every published count of people and the sums that link them."""
    counts: dict[Any, int] = defaultdict(int)
    # (total, the path its parts take): a system's segment is the sum of its places, and
    # separately the sum of its age bands, of its sexes and of its deciles.
    members: dict[tuple[Any, str], set[Any]] = defaultdict(set)
    for row in rows:
        cell, whole = _key(row), _key(row, ALL)
        counts[cell] += row["people"]
        counts[whole] += row["people"]
        members[(whole, "segments")].add(cell)
        if row["level"] == "place":
            system, council = row["system_code"], row["council_code"]
            for segment in (row["segment"], ALL):
                place = ("place", system, council, segment)
                members[(("system", system, "", segment), "places")].add(place)
                members[(("council", "", council, segment), "places")].add(place)
    for row in bands:
        system, dimension = row["system_code"], row["dimension"]
        band: BandKey = ("band", system, row["segment"], dimension, row["band"])
        every: BandKey = ("band", system, ALL, dimension, row["band"])
        counts[band] += row["people"]
        counts[every] += row["people"]
        members[(("system", system, "", row["segment"]), dimension)].add(band)
        members[(("system", system, "", ALL), dimension)].add(every)
        members[(every, "segments")].add(band)
    sums = [(total, sorted(parts)) for (total, _), parts in members.items()]
    return dict(counts), sums


def _money(value: Decimal | float | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _areas(
    rows: list[dict[str, Any]],
    per_1000: dict[Key, dict[str, float]],
    published: dict[Any, int | None],
    labels: dict[str, str],
    rules: Rules,
) -> dict[tuple[str, str, str], AreaFigures]:
    grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[_key(row)[:3]].append(row)
    order = {code: index for index, code in enumerate(labels)}
    areas = {}
    for area, members in grouped.items():
        members.sort(key=lambda row: order.get(row["segment"], len(order)))
        people = published.get((*area, ALL))
        cost = sum((row["cost_in_hospital"] + row["cost_out_of_hospital"] for row in members), 0)
        segments = [
            _segment(
                row,
                published.get(_key(row)),
                (people, cost),
                per_1000.get(_key(row), {}),
                labels,
                rules,
            )
            for row in members
        ]
        areas[area] = AreaFigures(
            level=area[0],
            system_code=area[1] or None,
            council_code=area[2] or None,
            people=people,
            cost=_money(cost) if people is not None else None,
            cost_per_head=_money(cost / people) if people else None,
            withheld=any(segment.withheld for segment in segments) or people is None,
            segments=segments,
        )
    return areas


def _segment(
    row: dict[str, Any],
    people: int | None,
    area: tuple[int | None, Decimal],
    activity: dict[str, float],
    labels: dict[str, str],
    rules: Rules,
) -> SegmentFigures:
    area_people, area_cost = area
    segment, label = row["segment"], labels.get(row["segment"], row["segment"])
    if people is None:  # withheld, and with it everything derived from it
        return SegmentFigures(segment=segment, label=label, people=None, withheld=True)
    cost = row["cost_in_hospital"] + row["cost_out_of_hospital"]
    known = area_people is not None  # a share beside a withheld total would give the total away
    return SegmentFigures(
        segment=segment,
        label=label,
        people=people,
        withheld=False,
        share_of_people=people / area_people if known and area_people else None,
        cost_in_hospital=_money(row["cost_in_hospital"]),
        cost_out_of_hospital=_money(row["cost_out_of_hospital"]),
        cost=_money(cost),
        share_of_cost=float(cost / area_cost) if known and area_cost else None,
        cost_per_head=_money(cost / people) if people else None,
        events_in_hospital=publish_count(row["events_in_hospital"], rules),
        events_out_of_hospital=publish_count(row["events_out_of_hospital"], rules),
        conditions_per_person=row["long_term_conditions"] / people if people else None,
        cms_per_person=float(row["cms_total"]) / people if people else None,
        per_1000={
            setting: _rate_per_1000(rate, people, rules)
            for setting, rate in sorted(activity.items())
        },
    )


def _rate_per_1000(rate: float, people: int, rules: Rules) -> float | None:
    """A rate withheld with the count of events it gives away: 2.5 per 1,000 beside 2,000 people
    is 5 events."""
    events = round(rate * people / 1000)
    return rate if not is_disclosive(events, rules) else None


def _breakdowns(
    bands: Iterable[dict[str, Any]], published: dict[Any, int | None], labels: dict[str, str]
) -> dict[tuple[str, str], list[BandFigures]]:
    """Each system's people and cost by band of one dimension, per segment and all together."""
    cells: dict[BandKey, dict[str, Any]] = {}
    for row in bands:
        for segment in (row["segment"], ALL):
            key = ("band", row["system_code"], segment, row["dimension"], row["band"])
            cell = cells.setdefault(key, {"cost_in_hospital": 0, "cost_out_of_hospital": 0})
            cell["cost_in_hospital"] += row["cost_in_hospital"]
            cell["cost_out_of_hospital"] += row["cost_out_of_hospital"]
    found: dict[tuple[str, str], list[BandFigures]] = defaultdict(list)
    for key, cell in cells.items():
        _, system, segment, dimension, band = key
        people = published.get(key)
        visible = people is not None
        found[(system, dimension)].append(
            BandFigures(
                segment=segment,
                label="All segments" if segment == ALL else labels.get(segment, segment),
                band=band,
                people=people,
                cost_in_hospital=_money(cell["cost_in_hospital"]) if visible else None,
                cost_out_of_hospital=_money(cell["cost_out_of_hospital"]) if visible else None,
                withheld=not visible,
            )
        )
    return dict(found)
