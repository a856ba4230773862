"""Runs: load a population, segment and attribute it on an engine, and store the results.

:func:`segment_population` is what ``joinedup population segment`` calls: it loads and checks the
input (``loading``), runs the one definition of segmentation and attribution (``segmentation``,
``attribution``) on the chosen engine (``engines``) and returns a :class:`Segmentation` of plain
records. :func:`store_segmentation` keeps a run in the warehouse, where it supersedes earlier runs
for the same systems (they are kept, marked superseded).
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from joinedup import __version__
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

    from joinedup.warehouse import Warehouse

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
) -> Segmentation:
    """Segment and attribute a loaded population on one engine."""
    report = progress or (lambda step: None)
    settings = loaded.settings
    report(f"Starting {engine_name}")
    with engine(engine_name) as running:
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


# -- the warehouse ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredRun:
    id: int
    superseded: list[int]


def store_segmentation(
    warehouse: Warehouse,
    result: Segmentation,
    *,
    source: str,
    run_by: str | None = None,
    synthetic: bool = False,
    run_at: datetime | None = None,
) -> StoredRun:
    """Store a run whole (runs, segments, attribution, activity, breakdowns and, when the result
    kept them, each person's segment), superseding earlier runs for any of the same systems."""
    systems = sorted({row["system_code"] for row in result.rows("system")})
    when = run_at or datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    with warehouse.transaction() as connection:
        found = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM population_runs")
        row = found.fetchone()
        run_id = int(row[0]) if row else 1
        earlier = [
            int(item[0])
            for item in connection.execute(
                "SELECT id FROM population_runs WHERE superseded_at IS NULL "
                "AND list_has_any(systems, ?::VARCHAR[]) ORDER BY id",
                [systems],
            ).fetchall()
        ]
        if earlier:
            connection.execute(
                "UPDATE population_runs SET superseded_at = ? "
                "WHERE list_contains(?::INTEGER[], id)",
                [when, earlier],
            )
        connection.execute(
            "INSERT INTO population_runs (id, source, engine, financial_year, rules_name, "
            "rules_sha256, systems, people, events, conditions, cost, rejected_rows, run_by, "
            "run_at, joinedup_version, synthetic) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                source,
                result.engine,
                result.period.year,
                result.rules.name,
                result.rules.sha256,
                systems,
                result.people,
                result.events,
                result.conditions,
                Decimal(result.cost_pence) / 100,
                result.load.rejected_rows,
                run_by or getpass.getuser(),
                when,
                __version__,
                synthetic,
            ],
        )
        warehouse.insert_rows(
            "population_segments",
            ["run_id", "position", "code", "label", "bridges_to_health", "synthetic"],
            [
                (run_id, position, s.code, s.label, s.bridges_to_health, synthetic)
                for position, s in enumerate(result.rules.segments, start=1)
            ],
        )
        _insert_arrow(connection, "population_attribution", _attribution(result, run_id, synthetic))
        _insert_arrow(connection, "population_activity", _activity(result, run_id, synthetic))
        _insert_arrow(connection, "population_breakdowns", _breakdowns(result, run_id, synthetic))
        if result.persons is not None:
            _insert_arrow(
                connection,
                "population_person_segments",
                _persons(result, run_id, synthetic),
                {"cms": "CAST(cms AS DECIMAL(8, 2)) / 100"},
            )
    return StoredRun(run_id, earlier)


def _insert_arrow(
    connection: Any, table: str, rows: pa.Table, values: dict[str, str] | None = None
) -> None:
    """Insert an Arrow table; ``values`` replaces a column's value with SQL over the rows."""
    name = f"_joinedup_{table}"
    connection.register(name, rows)
    chosen = values or {}
    try:
        columns = [chosen_name for chosen_name in rows.column_names]
        expressions = ", ".join(chosen.get(column, column) for column in columns)
        connection.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {expressions} FROM {name}"
        )
    finally:
        connection.unregister(name)


def _values(rows: list[dict[str, Any]], name: str) -> list[Any]:
    return [row[name] for row in rows]


def _money(pence: list[int]) -> pa.Array:
    import pyarrow as pa

    return pa.array([Decimal(value) / 100 for value in pence], pa.decimal128(18, 2))


def _attribution(result: Segmentation, run_id: int, synthetic: bool) -> pa.Table:
    import pyarrow as pa

    rows = result.totals
    column = partial(_values, rows)
    return pa.table(
        {
            "run_id": [run_id] * len(rows),
            "level": column("level"),
            "system_code": pa.array(column("system_code"), pa.string()),
            "council_code": pa.array(column("council_code"), pa.string()),
            "segment": column("segment"),
            "people": column("people"),
            "cost_in_hospital": _money(column("cost_in_hospital_pence")),
            "cost_out_of_hospital": _money(column("cost_out_of_hospital_pence")),
            "events_in_hospital": column("events_in_hospital"),
            "events_out_of_hospital": column("events_out_of_hospital"),
            "share_of_people": column("share_of_people"),
            "share_of_cost": pa.array(column("share_of_cost"), pa.float64()),
            "cost_per_head": column("cost_per_head"),
            "long_term_conditions": column("ltc_total"),
            "cms_total": _money(column("cms_total_hundredths")),
            "multimorbid_people": column("multimorbid_people"),
            "synthetic": [synthetic] * len(rows),
        }
    )


def _activity(result: Segmentation, run_id: int, synthetic: bool) -> pa.Table:
    import pyarrow as pa

    rows = list(result.activity())
    table = pa.Table.from_pylist(rows) if rows else None
    names = ["level", "system_code", "council_code", "segment", "setting", "events", "per_1000"]
    if table is None:
        return pa.table({"run_id": pa.array([], pa.int64())})
    return (
        table.select(names)
        .append_column("run_id", pa.array([run_id] * len(rows), pa.int64()))
        .append_column("synthetic", pa.array([synthetic] * len(rows)))
    )


def _breakdowns(result: Segmentation, run_id: int, synthetic: bool) -> pa.Table:
    import pyarrow as pa

    rows = result.breakdowns
    column = partial(_values, rows)
    return pa.table(
        {
            "run_id": [run_id] * len(rows),
            "level": column("level"),
            "system_code": pa.array(column("system_code"), pa.string()),
            "council_code": pa.array(column("council_code"), pa.string()),
            "segment": column("segment"),
            "dimension": column("dimension"),
            "band": column("band"),
            "people": column("people"),
            "cost_in_hospital": _money(column("cost_in_hospital_pence")),
            "cost_out_of_hospital": _money(column("cost_out_of_hospital_pence")),
            "synthetic": [synthetic] * len(rows),
        }
    )


def _persons(result: Segmentation, run_id: int, synthetic: bool) -> pa.Table:
    import pyarrow as pa

    persons = result.persons
    assert persons is not None
    count = persons.num_rows
    return pa.table(
        {
            "run_id": pa.array([run_id] * count, pa.int32()),
            "person_id": persons["person_id"],
            "system_code": persons["system_code"],
            "segment": persons["segment"],
            "ltc_count": persons["ltc_count"],
            "cms": persons["cms_hundredths"],  # hundredths; made a decimal as it is inserted
            "synthetic": pa.array([synthetic] * count),
        }
    )


def current_attribution(
    warehouse: Warehouse, *, level: str = "place", system_code: str | None = None
) -> list[dict[str, Any]]:
    """The attribution of the current (not superseded) runs, for the web app and the scrutiny
    pack: one row per area and segment, with the run's year and whether it is synthetic."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    return warehouse.query(
        "SELECT a.* EXCLUDE (run_id), r.financial_year, r.id AS run_id, s.position "
        "FROM population_attribution a JOIN population_runs r ON r.id = a.run_id "
        "LEFT JOIN population_segments s ON s.run_id = a.run_id AND s.code = a.segment "
        "WHERE r.superseded_at IS NULL AND a.level = ? AND (? IS NULL OR a.system_code = ?) "
        "ORDER BY a.system_code NULLS FIRST, a.council_code NULLS FIRST, s.position",
        [level, system_code, system_code],
    )
