"""Runs: load a population, segment and attribute it on an engine, and check the results.

:func:`segment_population` is what ``joinedup population segment`` calls: it loads and checks the
input (``loading``), runs the one definition of segmentation and attribution (``segmentation``,
``attribution``) on the chosen engine (``engines``) and returns a :class:`Segmentation` of plain
records. :func:`~joinedup.population.results.store_segmentation` keeps a run in the warehouse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from joinedup.errors import JoinedUpError
from joinedup.population.attribution import (
    CUBE_KEYS,
    DIMENSIONS,
    LEVELS,
    breakdown,
    cell_expression,
    cube,
    level_totals,
    setting_column,
)
from joinedup.population.engines import Engine, engine
from joinedup.population.loading import LoadedPopulation, LoadReport, load_population
from joinedup.population.period import DEFAULT_YEAR, Period
from joinedup.population.rules import Rules, load_rules
from joinedup.population.segmentation import person_table

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pyarrow as pa


Progress = Callable[[str], None]


class PeopleWithoutArea(JoinedUpError):
    """Staged people whose council or district is not in the area lookup (the loader rejects
    such people, so only hand-made staged files have them)."""


@dataclass(frozen=True, slots=True)
class Segmentation:
    """The results of one run, as records. Costs are in whole pence (``*_pence``)."""

    engine: str
    period: Period
    rules: Rules
    settings: list[str]
    load: LoadReport
    people: int
    events: int
    conditions: int
    cost_pence: int
    totals: list[dict[str, Any]]  # one row per level, area and segment
    breakdowns: list[dict[str, Any]]  # one row per level, area, segment, dimension and band
    persons: pa.Table | None = field(default=None, repr=False)  # one row per person, if kept

    def rows(self, level: str = "place") -> list[dict[str, Any]]:
        return [row for row in self.totals if row["level"] == level]

    def records(self, level: str = "place") -> list[dict[str, Any]]:
        """The public form: one object per area and segment, costs in pounds."""
        return [public_record(row, self.settings) for row in self.rows(level)]

    def activity(self) -> Iterator[dict[str, Any]]:
        """Events per setting per 1,000 people, one row per level, area, segment and setting."""
        for row in self.totals:
            for setting in self.settings:
                yield {
                    "level": row["level"],
                    "system_code": row["system_code"],
                    "council_code": row["council_code"],
                    "segment": row["segment"],
                    "setting": setting,
                    "events": row[setting_column(setting)],
                    "per_1000": row[f"per_1000_{setting}"],
                }


def public_record(row: dict[str, Any], settings: list[str]) -> dict[str, Any]:
    people = row["people"]
    return {
        "system": row["system_code"],
        "council": row["council_code"],
        "segment": row["segment"],
        "people": people,
        "cost_in_hospital": pounds(row["cost_in_hospital_pence"]),
        "cost_out_of_hospital": pounds(row["cost_out_of_hospital_pence"]),
        "cost_total": pounds(row["cost_pence"]),
        "cost_per_head": round(row["cost_per_head"], 2),
        "share_of_people": row["share_of_people"],
        "share_of_cost": row["share_of_cost"],
        "events_in_hospital": row["events_in_hospital"],
        "events_out_of_hospital": row["events_out_of_hospital"],
        "activity_per_1000": {s: round(row[f"per_1000_{s}"], 3) for s in settings},
        "long_term_conditions_per_person": round(row["ltc_total"] / people, 4),
        "mean_cms": round(row["cms_total_hundredths"] / 100 / people, 4),
        "multimorbid_people": row["multimorbid_people"],
    }


def pounds(pence: int) -> float:
    """Pence as pounds, for JSON and tables (the warehouse keeps exact decimals).

    >>> pounds(123456)
    1234.56
    """
    return float(Decimal(pence) / 100)


def segment_population(
    source: Path,
    *,
    engine_name: str = "duckdb",
    rules_path: Path | None = None,
    year: str = DEFAULT_YEAR,
    salt: str | None = None,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> Segmentation:
    """Load ``source``, then segment and attribute it on ``engine_name``."""
    report = progress or (lambda step: None)
    rules = load_rules(rules_path)
    report("Loading and checking")
    with load_population(source, year=year, salt=salt, skip_invalid=skip_invalid) as loaded:
        return analyse(loaded, rules, engine_name, progress=report)


def analyse(
    loaded: LoadedPopulation,
    rules: Rules,
    engine_name: str = "duckdb",
    *,
    keep_persons: bool = False,
    progress: Progress | None = None,
    threads: int | None = None,
) -> Segmentation:
    """Segment and attribute a loaded population on one engine, on ``threads`` of this
    machine's cores (all by default; a cluster keeps its own)."""
    report = progress or (lambda step: None)
    settings = loaded.settings
    report(f"Starting {engine_name}")
    with engine(engine_name, threads=threads) as running:
        inputs = running.inputs(loaded)
        people = person_table(inputs, rules, loaded.period)
        placed = people.select(
            "person_id",
            *CUBE_KEYS,
            "ltc_count",
            "cms_hundredths",
            cell=cell_expression(people, rules.codes),
        )
        report("Segmenting and attributing")
        with (
            running.cached(placed) as kept,
            running.cached(cube(kept, inputs.events, settings)) as cubed,
        ):
            levels = [level_totals(cubed, level, settings) for level in LEVELS]
            totals = _rows(running.execute(_union(levels)))
            _check_costs_add_up(running, kept, totals, loaded.cost_pence)
            parts = [breakdown(cubed, level, dim) for level in LEVELS for dim in DIMENSIONS]
            breakdowns = _rows(running.execute(_union(parts)))
            persons = None
            if keep_persons:
                report("Keeping each person's segment")
                persons = running.execute(
                    kept.select(
                        "person_id", "system_code", "segment", "ltc_count", "cms_hundredths"
                    ).order_by("person_id")
                )
    order = {code: index for index, code in enumerate(rules.codes)}
    level_order = {level: index for index, level in enumerate(LEVELS)}

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        return (
            level_order[row["level"]],
            row["system_code"] or "",
            row["council_code"] or "",
            order.get(row["segment"], len(order)),
            row.get("dimension", ""),
            _band_order(row.get("band")),
        )

    return Segmentation(
        running.name,
        loaded.period,
        rules,
        list(settings),
        loaded.report,
        loaded.people,
        loaded.events,
        loaded.conditions,
        loaded.cost_pence,
        sorted(totals, key=key),
        sorted(breakdowns, key=key),
        persons,
    )


def _check_costs_add_up(
    running: Engine, kept: ir.Table, totals: list[dict[str, Any]], events_pence: int
) -> None:
    """Every event's cost is attributed exactly once, or the run stops. An event is lost only if
    its person has no cell (see ``cell_expression``), so that is what the error explains."""
    attributed = sum(
        row["cost_in_hospital_pence"] + row["cost_out_of_hospital_pence"]
        for row in totals
        if row["level"] == "place"
    )
    if attributed == events_pence:
        return
    unplaced = kept.filter(kept.cell.isnull())
    count = int(running.execute(unplaced.aggregate(people=unplaced.count()))["people"][0].as_py())
    mismatch = (
        f"The attribution's costs (£{pounds(attributed):,.2f}) do not add up to the events' "
        f"(£{pounds(events_pence):,.2f})"
    )
    if not count:
        raise JoinedUpError(f"{mismatch}. This is a defect in JoinedUp: please report it.")
    raise PeopleWithoutArea(
        f"{mismatch}: {count:,} staged people have a council or district that is not in the "
        "area lookup. Load the files with `joinedup population segment --input DIR` so they "
        "are checked."
    )


def _union(expressions: list[ir.Table]) -> ir.Table:
    combined = expressions[0]
    for expression in expressions[1:]:
        combined = combined.union(expression)
    return combined


def _rows(table: pa.Table) -> list[dict[str, Any]]:
    return table.to_pylist()  # type: ignore[no-any-return]


def _band_order(band: str | None) -> tuple[int, str]:
    """Age bands and deciles in numeric order, then the rest (sexes, 'unknown')."""
    if band is None:
        return (0, "")
    digits = band.split("-")[0].rstrip("+")
    return (int(digits), "") if digits.isdigit() else (1_000, band)
