"""The results of population runs in the warehouse: each run stored whole, superseding earlier
runs for the same systems (they are kept, marked superseded), and the current runs' results read
back for the web app, the open API and the scrutiny pack. Nothing here is fit for the public as it
is: counts of people pass through ``joinedup.publish.population`` (disclosure control) first."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from joinedup import __version__
from joinedup.population.attribution import LEVELS
from joinedup.warehouse import Warehouse

if TYPE_CHECKING:
    import pyarrow as pa

    from joinedup.population.runs import Segmentation

_CURRENT = "JOIN population_runs r ON r.id = {alias}.run_id AND r.superseded_at IS NULL"


def current_runs(warehouse: Warehouse) -> list[dict[str, Any]]:
    """The runs not superseded: what was segmented, when, with which rules and engine."""
    return warehouse.query(
        "SELECT id, source, engine, financial_year, rules_name, systems, people, run_at, "
        "joinedup_version, synthetic FROM population_runs WHERE superseded_at IS NULL ORDER BY id"
    )


def current_segments(warehouse: Warehouse) -> list[dict[str, Any]]:
    """The segments of the current runs' rules, in order (the first run's order first)."""
    return warehouse.query(
        "SELECT s.code, any_value(s.label ORDER BY s.run_id) AS label, "
        "min(s.position) AS position FROM population_segments s "
        f"{_CURRENT.format(alias='s')} GROUP BY s.code ORDER BY position, s.code"
    )


def current_rows(warehouse: Warehouse) -> list[dict[str, Any]]:
    """Every level's attribution rows (place, system, council) of the current runs."""
    return warehouse.query(
        "SELECT a.* EXCLUDE (run_id, synthetic) FROM population_attribution a "
        f"{_CURRENT.format(alias='a')} ORDER BY a.level, a.system_code, a.council_code, a.segment"
    )


def current_activity(warehouse: Warehouse) -> list[dict[str, Any]]:
    """Events and events per 1,000 people by setting, for every area and segment."""
    return warehouse.query(
        "SELECT a.level, a.system_code, a.council_code, a.segment, a.setting, a.events, "
        f"a.per_1000 FROM population_activity a {_CURRENT.format(alias='a')} "
        "ORDER BY a.level, a.system_code, a.council_code, a.segment, a.setting"
    )


def current_rates(warehouse: Warehouse) -> dict[tuple[str, str, str, str], dict[str, float]]:
    """Events per 1,000 people by setting, keyed by (level, system code, council code, segment),
    a code '' where there is none: :func:`current_activity`'s rates gathered by area and segment
    in DuckDB (a row each to Python took twice as long: it is read for every published page)."""
    rows = warehouse.connection.execute(
        "SELECT a.level, coalesce(a.system_code, ''), coalesce(a.council_code, ''), a.segment, "
        "list(a.setting ORDER BY a.setting, a.run_id), "
        "list(a.per_1000 ORDER BY a.setting, a.run_id) "
        f"FROM population_activity a {_CURRENT.format(alias='a')} GROUP BY ALL"
    ).fetchall()
    return {
        (level, system_code, council_code, segment): dict(zip(settings, rates, strict=True))
        for level, system_code, council_code, segment, settings, rates in rows
    }


def current_breakdowns(warehouse: Warehouse, level: str = "system") -> list[dict[str, Any]]:
    """People and cost of each segment of each area of ``level`` by age band, sex and decile."""
    return warehouse.query(
        "SELECT b.level, b.system_code, b.council_code, b.segment, b.dimension, b.band, b.people, "
        "b.cost_in_hospital, b.cost_out_of_hospital FROM population_breakdowns b "
        f"{_CURRENT.format(alias='b')} WHERE b.level = ? "
        "ORDER BY b.system_code, b.council_code, b.segment, b.dimension, b.band",
        [level],
    )


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


def _area_columns(rows: list[dict[str, Any]], run_id: int) -> dict[str, Any]:
    """The columns every stored row of a run starts with: the run, where, and which segment."""
    import pyarrow as pa

    column = partial(_values, rows)
    return {
        "run_id": [run_id] * len(rows),
        "level": column("level"),
        "system_code": pa.array(column("system_code"), pa.string()),
        "council_code": pa.array(column("council_code"), pa.string()),
        "segment": column("segment"),
    }


def _attribution(result: Segmentation, run_id: int, synthetic: bool) -> pa.Table:
    import pyarrow as pa

    rows = result.totals
    column = partial(_values, rows)
    return pa.table(
        {
            **_area_columns(rows, run_id),
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
            **_area_columns(rows, run_id),
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
